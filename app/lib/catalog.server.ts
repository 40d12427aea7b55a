// The catalog services the REST routes call; tRPC (services.catalog, services.entitlements) uses the same ones.
export { getEntitlements } from '#server/services/catalog/get-entitlements.ts'
export { listCatalog } from '#server/services/catalog/list-catalog.ts'
export { ZCatalogListInput } from '#server/services/catalog/schemas.ts'

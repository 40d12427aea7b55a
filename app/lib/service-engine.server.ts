// The services engine's functions the REST routes call; tRPC (services.*) calls the same ones.
export {
  cancelService,
  resumeService,
  setAutoRenew,
} from '#server/services/services/cancel-service.ts'
export { changeService, previewServiceChange } from '#server/services/services/change-service.ts'
export { orderService } from '#server/services/services/order-service.ts'
export { getService, listMyServices } from '#server/services/services/queries.ts'
export {
  ZChangeServiceInput,
  ZMyServicesInput,
  ZOrderServiceInput,
  ZQuoteServiceChangeInput,
  ZServiceLookup,
  ZSetAutoRenewInput,
} from '#server/services/services/schemas.ts'

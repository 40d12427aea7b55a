import { useSuspenseQuery, useTRPC, type RouterOutputs } from '#app/lib/trpc.ts'

export type AdminProduct = RouterOutputs['services']['admin']['catalog']['list'][number]
export type Family = AdminProduct['family']
export type Cycle = AdminProduct['prices'][number]['cycle']

/** The whole catalog (hidden and retired too), as the loader prefetched it (no input). */
export function useAdminCatalog() {
  const trpc = useTRPC()
  return useSuspenseQuery(trpc.services.admin.catalog.list.queryOptions())
}

/** Refreshes the admin list and the customers' catalog after any change, whatever its outcome. */
export function catalogFilters(trpc: ReturnType<typeof useTRPC>) {
  return [trpc.services.admin.catalog.pathFilter(), trpc.services.catalog.pathFilter()]
}

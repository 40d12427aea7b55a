import { useSuspenseQuery, useTRPC, type RouterOutputs } from '#app/lib/trpc.ts'
import type { ServicesListInput } from './services-query.ts'

export type AdminServiceRow = RouterOutputs['services']['admin']['list']['items'][number]
export type AdminService = RouterOutputs['services']['admin']['get']

const REFRESH_MS = 30_000

/** The page of services the loader prefetched with the same input, kept fresh while open. */
export function useAdminServices(input: ServicesListInput) {
  const trpc = useTRPC()
  return useSuspenseQuery({
    ...trpc.services.admin.list.queryOptions(input),
    refetchInterval: REFRESH_MS,
  })
}

/** One service, as the loader prefetched it. */
export function useAdminService(serviceId: number) {
  const trpc = useTRPC()
  return useSuspenseQuery(trpc.services.admin.get.queryOptions({ serviceId }))
}

export type ServiceCharge = AdminService['charges'][number]

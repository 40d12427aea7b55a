import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { CreditsBalanceLine } from '#app/components/credits/credits-balance-line.tsx'
import { MY_SERVICES, SERVER_CATALOG } from '#app/components/services/helpers.ts'
import { MyServices } from '#app/components/services/my-services.tsx'
import { ServerCatalog } from '#app/components/services/server-catalog.tsx'
import { ServiceDialogs } from '#app/components/services/service-dialogs.tsx'
import { useServiceActions } from '#app/components/services/use-service-actions.ts'
import { requireUser } from '#app/lib/auth.server.ts'
import { prefetchQueries } from '#app/lib/trpc.server.ts'
import { useQuery, useSuspenseQuery, useTRPC, withQueryClient } from '#app/lib/trpc.ts'

export const meta: MetaFunction = () => [{ title: 'Services · SkyPANEL' }]

const REFRESH_MS = 30_000

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request)
  const dehydrated = await prefetchQueries(request, context, (trpc) => [
    trpc.services.catalog.list.queryOptions(SERVER_CATALOG),
    trpc.services.myServices.queryOptions(MY_SERVICES),
  ])
  return json({ dehydrated })
}

export default withQueryClient(ServicesPage)

function ServicesPage() {
  const trpc = useTRPC()
  // The loader prefetched both (hydrated by the root); the browser keeps them live.
  const products = useSuspenseQuery(trpc.services.catalog.list.queryOptions(SERVER_CATALOG)).data
  const services = useSuspenseQuery({
    ...trpc.services.myServices.queryOptions(MY_SERVICES),
    refetchInterval: REFRESH_MS,
  }).data
  const balance = useQuery(trpc.customCredits.balance.queryOptions()).data
  const actions = useServiceActions()

  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-bold">Services</h1>
          <p className="mt-1 text-sm text-slate-600">
            Your dedicated servers and other services, paid from your custom credits.
          </p>
        </div>
        {balance ? (
          <CreditsBalanceLine formatted={balance.balance.formatted} testId="services-balance" />
        ) : null}
      </div>
      <MyServices services={services} actions={actions} />
      <ServerCatalog products={products} actions={actions} />
      <ServiceDialogs actions={actions} balanceCents={balance?.balance.cents ?? null} />
    </div>
  )
}

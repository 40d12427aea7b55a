import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { DocumentDownload } from '#app/components/documents/document-download.tsx'
import { useDocumentLinks } from '#app/components/documents/use-document-links.ts'
import { CreditsBalanceLine } from '#app/components/credits/credits-balance-line.tsx'
import { ChangePlanDialog } from '#app/components/services/change-plan-dialog.tsx'
import {
  ServiceAccess,
  ServiceActionsCard,
  ServiceBilling,
  ServiceHeader,
} from '#app/components/services/service-detail.tsx'
import { ServiceCharges } from '#app/components/services/service-charges.tsx'
import { ServiceDialogs } from '#app/components/services/service-dialogs.tsx'
import { useChangePlan } from '#app/components/services/use-change-plan.ts'
import { useServiceActions } from '#app/components/services/use-service-actions.ts'
import { requireUser } from '#app/lib/auth.server.ts'
import { prefetchQueries } from '#app/lib/trpc.server.ts'
import { useQuery, useSuspenseQuery, useTRPC, withQueryClient } from '#app/lib/trpc.ts'

export const meta: MetaFunction<typeof loader> = () => [{ title: 'Service · SkyPANEL' }]

const REFRESH_MS = 30_000

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireUser(request)
  // Not a number is no service at all: the not-found page, like someone else's service.
  if (!/^[1-9]\d{0,9}$/.test(params.serviceId ?? ''))
    throw new Response('No such service.', { status: 404 })
  const serviceId = Number(params.serviceId)
  // services.get answers 404 for another user's service: the loader fails with it.
  const dehydrated = await prefetchQueries(request, context, (trpc) => [
    trpc.services.get.queryOptions({ serviceId }),
    trpc.services.charges.queryOptions({ serviceId }),
  ])
  return json({ dehydrated, serviceId })
}

export default withQueryClient(ServicePage)

function ServicePage() {
  const { serviceId } = useLoaderData<typeof loader>()
  const trpc = useTRPC()
  const service = useSuspenseQuery({
    ...trpc.services.get.queryOptions({ serviceId }),
    refetchInterval: REFRESH_MS,
  }).data
  const charges = useSuspenseQuery(trpc.services.charges.queryOptions({ serviceId })).data
  const balance = useQuery(trpc.customCredits.balance.queryOptions()).data
  const invoices = useDocumentLinks({ serviceChargeIds: charges.map((c) => c.id) }).charges
  const actions = useServiceActions()
  // After a change, focus goes to the page's heading: the facts below say what the plan is now.
  const change = useChangePlan(service, actions.servicesHeading)
  const balanceCents = balance?.balance.cents ?? null

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <ServiceHeader service={service} headingRef={actions.servicesHeading} />
        {balance ? (
          <CreditsBalanceLine formatted={balance.balance.formatted} testId="services-balance" />
        ) : null}
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <ServiceBilling service={service} />
        <ServiceActionsCard
          service={service}
          actions={actions}
          balanceCents={balanceCents}
          onChangePlan={change.open}
        />
        <ServiceAccess service={service} />
      </div>
      <ServiceCharges
        charges={charges}
        documentFor={(charge) => <DocumentDownload link={invoices[charge.id]} />}
      />
      <ChangePlanDialog service={service} change={change} balanceCents={balanceCents} />
      <ServiceDialogs actions={actions} balanceCents={balanceCents} />
    </div>
  )
}

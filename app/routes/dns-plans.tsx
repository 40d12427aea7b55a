import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { CreditsBalanceLine } from '#app/components/credits/credits-balance-line.tsx'
import { CurrentPlanSummary } from '#app/components/dns/current-plan.tsx'
import { isLive } from '#app/components/dns/helpers.ts'
import { PlanDialogs } from '#app/components/dns/plan-dialogs.tsx'
import { PlanGrid } from '#app/components/dns/plan-grid.tsx'
import { RenewalWarning } from '#app/components/dns/renewal-warning.tsx'
import { usePlanActions } from '#app/components/dns/use-plan-actions.ts'
import { Button } from '#app/components/ui/button.tsx'
import { requireUser } from '#app/lib/auth.server.ts'
import { prefetchQueries } from '#app/lib/trpc.server.ts'
import { useQuery, useSuspenseQuery, useTRPC, withQueryClient } from '#app/lib/trpc.ts'
import { renewalOutlook } from '#server/services/dns-plans/renewal-outlook.ts'

export const meta: MetaFunction = () => [{ title: 'DNS Plans · SkyPANEL' }]

const REFRESH_MS = 30_000

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request)
  const dehydrated = await prefetchQueries(request, context, (trpc) => [
    trpc.dnsPlans.list.queryOptions(),
    trpc.dnsPlans.mySubscription.queryOptions(),
  ])
  return json({ dehydrated })
}

export default withQueryClient(DnsPlansPage)

function DnsPlansPage() {
  const trpc = useTRPC()
  // The loader prefetched both (hydrated by the root); the browser keeps them live.
  const plans = useSuspenseQuery({
    ...trpc.dnsPlans.list.queryOptions(),
    refetchInterval: REFRESH_MS,
  }).data
  const subscription = useSuspenseQuery({
    ...trpc.dnsPlans.mySubscription.queryOptions(),
    refetchInterval: REFRESH_MS,
  }).data
  const balance = useQuery(trpc.customCredits.balance.queryOptions()).data
  const actions = usePlanActions()
  const live = isLive(subscription) ? subscription : null
  const renewal = balance ? renewalOutlook(subscription, balance.balance.cents) : null

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-bold">DNS plans</h1>
          <p className="mt-1 text-sm text-slate-600">
            Monthly plans, paid from your custom credits. Upgrades start now and cost the difference
            for the rest of the period; downgrades start at the next renewal.
          </p>
        </div>
        {balance ? (
          <CreditsBalanceLine formatted={balance.balance.formatted} testId="dns-balance" />
        ) : null}
      </div>

      {subscription ? (
        <CurrentPlanSummary
          subscription={subscription}
          focus={actions.summaryFocus}
          actions={
            live ? (
              <>
                {live.scheduledPlan ? (
                  <Button
                    variant="secondary"
                    disabled={actions.change.pending || live.status === 'past_due'}
                    onClick={() =>
                      actions.change.keepCurrent(
                        plans.find((plan) => plan.id === live.plan.id) ?? live.plan,
                      )
                    }
                  >
                    Keep {live.plan.name}
                  </Button>
                ) : null}
                {live.cancelAtPeriodEnd ? (
                  // Keyed: Resume and Cancel are different buttons, so the one that opened the
                  // cancel dialog is gone after cancelling, not relabelled under focus.
                  <Button
                    key="resume"
                    onClick={actions.resume.run}
                    pending={actions.resume.pending}
                    pendingLabel="Resuming…"
                  >
                    Resume plan
                  </Button>
                ) : (
                  <Button
                    key="cancel"
                    variant="secondary"
                    disabled={actions.busy}
                    onClick={(event) => actions.cancel.open(event)}
                  >
                    Cancel plan
                  </Button>
                )}
              </>
            ) : null
          }
        />
      ) : null}

      {renewal && !renewal.covered ? <RenewalWarning renewal={renewal} /> : null}
      {live?.status === 'past_due' ? (
        <p className="text-sm text-slate-600">
          Plan changes are available again once the overdue renewal is paid.
        </p>
      ) : null}

      <PlanGrid plans={plans} live={live} actions={actions} />
      <PlanDialogs actions={actions} balanceCents={balance?.balance.cents ?? null} live={live} />
    </div>
  )
}

import { Badge } from '#app/components/ui/badge.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { EmptyState } from '#app/components/ui/empty-state.tsx'
import { formatDay, type Plan, type Subscription } from './helpers.ts'
import { PlanCard } from './plan-card.tsx'
import type { PlanActions } from './use-plan-actions.ts'

/** What the plan's card says under its features: renewal, end, or when a scheduled switch starts. */
function noteFor(plan: Plan, live: Subscription | null): string | null {
  if (!live) return null
  const end = formatDay(live.currentPeriodEnd)
  if (live.plan.id === plan.id) {
    if (live.cancelAtPeriodEnd) return `Ends on ${end}`
    return live.status === 'past_due' ? 'Renewal payment overdue' : `Renews on ${end}`
  }
  return live.scheduledPlan?.id === plan.id ? `Starts on ${end}` : null
}

function PlanAction({
  plan,
  live,
  actions,
}: {
  plan: Plan
  live: Subscription | null
  actions: PlanActions
}) {
  if (!live) {
    return (
      <Button onClick={(event) => actions.buy.open(plan, event)} disabled={actions.busy}>
        Buy {plan.name}
      </Button>
    )
  }
  if (plan.id === live.plan.id || plan.id === live.scheduledPlan?.id) return null
  const checking = actions.previewingId === plan.id
  return (
    <Button
      variant="secondary"
      onClick={(event) => void actions.change.start(plan, event)}
      disabled={actions.busy || live.status === 'past_due'}
      pending={checking}
      pendingLabel="Checking price…"
    >
      Switch to {plan.name}
    </Button>
  )
}

/** Every plan on offer, the live one highlighted, each with the action that applies to it. */
export function PlanGrid({
  plans,
  live,
  actions,
}: {
  plans: Plan[]
  live: Subscription | null
  actions: PlanActions
}) {
  if (plans.length === 0) return <EmptyState title="No DNS plans are available right now." />
  return (
    <div className="grid gap-6 sm:grid-cols-2 lg:grid-cols-3">
      {plans.map((plan) => (
        <PlanCard
          key={plan.id}
          plan={plan}
          current={live?.plan.id === plan.id}
          badge={live?.scheduledPlan?.id === plan.id ? <Badge tone="amber">Scheduled</Badge> : null}
          note={noteFor(plan, live)}
        >
          <PlanAction plan={plan} live={live} actions={actions} />
        </PlanCard>
      ))}
    </div>
  )
}

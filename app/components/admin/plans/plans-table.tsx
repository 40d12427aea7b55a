import type { AdminPlan } from '#app/components/dns/plan-form-dialog.tsx'
import { Badge } from '#app/components/ui/badge.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { EmptyState } from '#app/components/ui/empty-state.tsx'
import { RowAction } from '#app/components/ui/row-action.tsx'
import { ActionsHead, DataTable, TD, TH, TR } from '#app/components/ui/table.tsx'

const MOVES = [
  { offset: -1, word: 'up', arrow: '↑' },
  { offset: 1, word: 'down', arrow: '↓' },
] as const

type Actions = {
  onMove: (index: number, offset: -1 | 1) => void
  reordering: boolean
  onEdit: (plan: AdminPlan) => void
  onToggle: (plan: AdminPlan) => void
  togglingId: number | null
  onDelete: (plan: AdminPlan) => void
}

function PlanRow({
  plan,
  index,
  count,
  actions,
}: {
  plan: AdminPlan
  index: number
  count: number
  actions: Actions
}) {
  return (
    <TR data-testid="admin-dns-plan-row">
      <TD className="whitespace-nowrap px-2">
        <div className="flex items-center gap-0.5">
          <span className="w-5 tabular-nums text-slate-600">{index + 1}</span>
          {MOVES.map((move) => (
            <Button
              key={move.offset}
              variant="ghost"
              size="sm"
              aria-label={`Move ${plan.name} ${move.word}`}
              disabled={
                actions.reordering || index + move.offset < 0 || index + move.offset >= count
              }
              onClick={() => actions.onMove(index, move.offset)}
            >
              {move.arrow}
            </Button>
          ))}
        </div>
      </TD>
      <TD>
        <p className="font-medium text-slate-900">{plan.name}</p>
        {plan.features.length > 0 ? (
          <p className="text-xs text-slate-600">
            {plan.features.length} feature{plan.features.length === 1 ? '' : 's'}
          </p>
        ) : null}
      </TD>
      <TD className="whitespace-nowrap font-mono text-xs">{plan.slug}</TD>
      <TD className="whitespace-nowrap text-right tabular-nums">
        {plan.price.formatted}
        <span className="text-slate-600">/mo</span>
      </TD>
      <TD className="whitespace-nowrap">
        <span className="block">{plan.maxDomains.toLocaleString('en-US')} domains</span>
        <span className="block text-slate-600">
          {plan.maxRecords.toLocaleString('en-US')} records
        </span>
      </TD>
      <TD>
        <Badge tone={plan.isActive ? 'green' : 'slate'}>
          {plan.isActive ? 'active' : 'inactive'}
        </Badge>
      </TD>
      <TD className="whitespace-nowrap text-right tabular-nums">
        {plan.subscriptions.live} / {plan.subscriptions.total}
      </TD>
      <TD className="min-w-[10rem]">
        {/* Wraps onto two lines rather than pushing Delete out of sight on narrower screens. */}
        <div className="flex flex-wrap justify-end gap-1">
          <RowAction aria-label={`Edit ${plan.name}`} onClick={() => actions.onEdit(plan)}>
            Edit
          </RowAction>
          <RowAction
            aria-label={`${plan.isActive ? 'Deactivate' : 'Activate'} ${plan.name}`}
            disabled={actions.togglingId !== null && actions.togglingId !== plan.id}
            pending={actions.togglingId === plan.id}
            pendingLabel="Saving…"
            onClick={() => actions.onToggle(plan)}
          >
            {plan.isActive ? 'Deactivate' : 'Activate'}
          </RowAction>
          <RowAction
            tone="danger"
            aria-label={`Delete ${plan.name}`}
            onClick={() => actions.onDelete(plan)}
          >
            Delete
          </RowAction>
        </div>
      </TD>
    </TR>
  )
}

/** The catalogue in the order users see it; scrolls sideways inside its own region on phones. */
export function PlansTable({ plans, actions }: { plans: AdminPlan[]; actions: Actions }) {
  if (plans.length === 0) {
    return <EmptyState title="No DNS plans yet" description="Create the first one." />
  }
  return (
    <DataTable
      label="DNS plans"
      className="relative bg-white shadow-sm ring-1 ring-slate-200"
      head={
        <>
          <TH className="px-2">Order</TH>
          <TH>Name</TH>
          <TH>Slug</TH>
          <TH className="text-right">Price</TH>
          <TH>Limits</TH>
          <TH>Status</TH>
          <TH className="text-right">
            Subscribers
            <span className="block font-normal normal-case">live / total</span>
          </TH>
          <ActionsHead />
        </>
      }
    >
      {plans.map((plan, index) => (
        <PlanRow key={plan.id} plan={plan} index={index} count={plans.length} actions={actions} />
      ))}
    </DataTable>
  )
}

import type { ReactNode } from 'react'
import { Badge } from '#app/components/ui/badge.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { cn } from '#app/lib/utils.ts'
import type { Plan } from './helpers.ts'

function count(value: number, one: string, many: string): string {
  return `${value.toLocaleString('en-US')} ${value === 1 ? one : many}`
}

/** One plan: name, monthly price, limits and features; the caller supplies the action. */
export function PlanCard({
  plan,
  current = false,
  badge,
  note,
  children,
}: {
  plan: Plan
  current?: boolean
  badge?: ReactNode
  note?: ReactNode
  children?: ReactNode
}) {
  const headingId = `dns-plan-${plan.id}-name`
  return (
    <Card
      aria-labelledby={headingId}
      aria-current={current ? 'true' : undefined}
      data-testid="dns-plan-card"
      className={cn('flex flex-col gap-4', current && 'bg-indigo-50/40 ring-2 ring-indigo-600')}
      role="group"
    >
      <div className="flex items-start justify-between gap-3">
        <h2 id={headingId} className="text-lg font-semibold">
          {plan.name}
        </h2>
        {current ? <Badge tone="indigo">Current plan</Badge> : null}
        {badge}
      </div>
      <p>
        <span className="text-3xl font-bold tabular-nums">{plan.price.formatted}</span>
        <span className="text-sm text-slate-600">/month</span>
      </p>
      {plan.description ? <p className="text-sm text-slate-600">{plan.description}</p> : null}
      <p className="text-sm font-medium text-slate-700" data-testid="dns-plan-limits">
        Up to {count(plan.maxDomains, 'domain', 'domains')} ·{' '}
        {count(plan.maxRecords, 'DNS record', 'DNS records')}
      </p>
      <ul className="space-y-1 text-sm text-slate-700">
        {plan.features.map((feature) => (
          <li key={feature} className="flex gap-2">
            <span aria-hidden="true" className="text-emerald-600">
              ✓
            </span>
            <span>{feature}</span>
          </li>
        ))}
      </ul>
      {note ? <div className="text-sm text-slate-600">{note}</div> : null}
      {children ? <div className="mt-auto flex flex-wrap gap-2 pt-2">{children}</div> : null}
    </Card>
  )
}

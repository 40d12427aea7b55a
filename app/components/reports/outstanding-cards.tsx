import { Card } from '#app/components/ui/card.tsx'
import { cn } from '#app/lib/utils.ts'
import { formatCents } from '#app/lib/format.ts'
import type { Reports } from './report-helpers.ts'

export function OutstandingCards({ outstanding }: { outstanding: Reports['creditsOutstanding'] }) {
  const cards = [
    {
      label: 'Net credits outstanding',
      value: formatCents(outstanding.totalCents),
      note: 'Sum of every balance',
      testId: 'kpi-total',
      negative: outstanding.totalCents < 0,
    },
    {
      label: 'Held by users',
      value: formatCents(outstanding.positiveCents),
      note: `${outstanding.usersWithBalance.toLocaleString('en-US')} ${outstanding.usersWithBalance === 1 ? 'user' : 'users'} with a balance`,
      testId: 'kpi-positive',
      negative: false,
    },
    {
      label: 'Owed by users',
      value: formatCents(outstanding.owedCents),
      note: `${outstanding.usersOwing.toLocaleString('en-US')} ${outstanding.usersOwing === 1 ? 'user' : 'users'} below zero`,
      testId: 'kpi-owed',
      negative: outstanding.owedCents > 0,
    },
  ]
  return (
    <section aria-labelledby="outstanding-heading" className="space-y-3">
      <h2 id="outstanding-heading" className="text-lg font-semibold">
        Credits outstanding <span className="text-sm font-normal text-slate-500">(as of now)</span>
      </h2>
      <dl className="grid gap-4 sm:grid-cols-3">
        {cards.map((card) => (
          <Card key={card.testId} className="p-5">
            <dt className="text-sm font-medium text-slate-500">{card.label}</dt>
            <dd
              className={cn(
                'mt-1 text-2xl font-bold tabular-nums',
                card.negative ? 'text-rose-700' : 'text-slate-900',
              )}
              data-testid={card.testId}
            >
              {card.value}
            </dd>
            <dd className="mt-1 text-xs text-slate-500">{card.note}</dd>
          </Card>
        ))}
      </dl>
    </section>
  )
}

import { Badge } from '#app/components/ui/badge.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { LocalTime } from '#app/components/ui/local-time.tsx'

export type SystemCheck = {
  outcome: string
  summary: string
  createdAt: Date | string
  details: Record<string, unknown>
} | null

/** The last result of one system check (ledger, VirtFusion, PayPal refunds) and "run it now". */
export function CheckCard({
  title,
  check,
  action,
  running,
  onRun,
}: {
  title: string
  check: SystemCheck
  action: string
  running: boolean
  onRun: () => void
}) {
  const problems = [
    ...((check?.details.problems ?? check?.details.differences ?? []) as unknown[]),
    ...((check?.details.orphans ?? []) as unknown[]),
  ] as Record<string, unknown>[]
  return (
    <Card className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <h2 className="text-lg font-semibold">{title}</h2>
        <Button variant="secondary" pending={running} pendingLabel="Running…" onClick={onRun}>
          {action}
        </Button>
      </div>
      {check ? (
        <>
          <p className="flex flex-wrap items-center gap-2 text-sm">
            <Badge tone={check.outcome === 'ok' ? 'green' : 'red'}>
              {check.outcome === 'ok' ? 'ok' : 'findings'}
            </Badge>
            {check.summary}{' '}
            <span className="text-slate-600">
              (<LocalTime value={check.createdAt} />)
            </span>
          </p>
          {problems.length > 0 ? (
            <ul
              className="list-disc space-y-1 break-all pl-5 text-sm text-rose-800"
              data-testid={`${title}-findings`}
            >
              {problems.slice(0, 50).map((problem, index) => (
                <li key={index}>
                  <code>{JSON.stringify(problem)}</code>
                </li>
              ))}
            </ul>
          ) : null}
        </>
      ) : (
        <p className="text-sm text-slate-600">Not run yet.</p>
      )}
    </Card>
  )
}

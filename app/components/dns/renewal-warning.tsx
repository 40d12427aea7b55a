import { Link } from '@remix-run/react'
import { Alert } from '#app/components/ui/alert.tsx'
import { LocalTime } from '#app/components/ui/local-time.tsx'
import { usePublicEnv } from '#app/lib/public-env.ts'
import type { Wire } from '#app/lib/trpc.ts'
import type { RenewalOutlook } from '#server/services/dns-plans/renewal-outlook.ts'
import { topUpFor } from './top-up.ts'

/** Said ahead of time: the next renewal will not be covered by today's custom credits. */
export function RenewalWarning({ renewal }: { renewal: Wire<RenewalOutlook> }) {
  const topUp = topUpFor(renewal.shortfall.cents, usePublicEnv())
  return (
    <Alert
      tone="warning"
      title={
        renewal.overdue
          ? 'Your DNS plan renewal is overdue'
          : 'Your credits will not cover the next renewal'
      }
      data-testid="renewal-warning"
    >
      <p>
        The renewal takes {renewal.amount.formatted}
        {renewal.overdue ? ' and must be paid by ' : ' on '}
        <LocalTime value={renewal.at} format="date" />; you are {renewal.shortfall.formatted} short.{' '}
        <Link to={topUp.href} className="font-semibold underline">
          Add {topUp.formatted} of credits
        </Link>
        {topUp.note ? ` (${topUp.note})` : null}
      </p>
    </Alert>
  )
}

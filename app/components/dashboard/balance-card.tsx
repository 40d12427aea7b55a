import { creditsRate, useBranding } from '#app/components/layout/use-branding.ts'
import { Link } from '@remix-run/react'
import type { ReactNode } from 'react'
import { Badge } from '#app/components/ui/badge.tsx'
import { buttonClasses } from '#app/components/ui/button.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { LocalTime } from '#app/components/ui/local-time.tsx'
import { formatTokens } from '#app/lib/format.ts'
import type { Wire } from '#app/lib/trpc.ts'
import type { BillingBalance } from '#server/services/billing/get-billing-balance.ts'

type Balance = Wire<BillingBalance>

/** One balance, its figure, what it pays for, and the way to top it up and to its history. */
function BalanceCard({
  id,
  title,
  unit,
  figure,
  note,
  topUp,
  history,
}: {
  id: string
  title: string
  unit: string
  figure: ReactNode
  note?: ReactNode
  topUp: { to: string; label: string }
  history: string
}) {
  return (
    <Card aria-labelledby={`${id}-title`} className="flex flex-col gap-3">
      <div>
        <h2 id={`${id}-title`} className="text-sm font-medium text-slate-600">
          {title}
        </h2>
        <p className="text-xs text-slate-500">{unit}</p>
      </div>
      <p className="flex flex-wrap items-center gap-2 text-2xl font-semibold" data-testid={id}>
        {figure}
      </p>
      {note ? <div className="text-sm text-slate-600">{note}</div> : null}
      <div className="mt-auto flex flex-wrap gap-2 pt-1">
        <Link to={topUp.to} className={buttonClasses({ size: 'sm' })}>
          {topUp.label}
        </Link>
        <Link to={history} className={buttonClasses({ variant: 'ghost', size: 'sm' })}>
          History
        </Link>
      </div>
    </Card>
  )
}

/** Custom credits and VirtFusion tokens side by side, the same size and weight. */
export function BalanceOverview({ balance }: { balance: Balance }) {
  const credits = balance.customCredits
  const tokens = balance.virtfusionTokens
  const known = tokens.status === 'ok' || tokens.status === 'stale'
  const branding = useBranding()
  return (
    <section aria-label="Balances" className="grid gap-4 sm:grid-cols-2">
      <BalanceCard
        id="dashboard-credits"
        title={branding.creditsDisplayName}
        unit={`DNS plans and other services · ${creditsRate(branding)}`}
        figure={
          <>
            <span className="tabular-nums">{credits.balance.formatted}</span>
            {credits.owed ? <Badge tone="red">owed</Badge> : null}
          </>
        }
        note={credits.owed ? 'This amount is owed and is settled by your next top-up.' : null}
        topUp={{ to: '/billing?tab=credits', label: 'Add credits' }}
        history="/transactions?balance=credits"
      />
      <BalanceCard
        id="dashboard-tokens"
        title="VirtFusion tokens"
        unit="VPS usage · 100 tokens = $1"
        figure={
          known ? (
            <>
              <span className="tabular-nums">{formatTokens(tokens.tokens)}</span>
              {tokens.status === 'stale' ? <Badge tone="amber">not current</Badge> : null}
            </>
          ) : (
            <span className="text-slate-500">
              {tokens.status === 'not_linked' ? 'Not linked yet' : 'Unavailable'}
            </span>
          )
        }
        note={
          tokens.status === 'stale' ? (
            <>
              {tokens.message} Last read <LocalTime value={tokens.fetchedAt} />.
            </>
          ) : known ? (
            `Worth ${tokens.value.formatted}`
          ) : (
            tokens.message
          )
        }
        topUp={{ to: '/billing?tab=tokens', label: 'Buy tokens' }}
        history="/transactions?balance=tokens"
      />
    </section>
  )
}

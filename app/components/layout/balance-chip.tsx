import { Link } from '@remix-run/react'
import { formatCount } from '#app/lib/format.ts'
import { useLiveQuery } from '#app/lib/live-data.tsx'
import type { RouterOutputs, Wire } from '#app/lib/trpc.ts'
import { cn } from '#app/lib/utils.ts'
import { creditsShortName, useBranding } from './use-branding.ts'

type Credits = Wire<RouterOutputs['customCredits']['balance']>
type Tokens = Wire<RouterOutputs['billing']['balance']['virtfusionTokens']>

/** What the token half says: the count, or why there is none ("…" while it loads). */
function tokensText(tokens: Tokens | undefined): string | null {
  if (!tokens) return '…'
  if (tokens.status === 'ok' || tokens.status === 'stale') return formatCount(tokens.tokens)
  if (tokens.status === 'unavailable') return 'unavailable'
  return null // not linked to VirtFusion: there is no token balance to show
}

/**
 * Both balances, each named: "Credits $12.00 · Tokens 1,000" (the credits by the admin's display
 * name when it is not the default, cut when long; the full name stays in the accessible name). The credits come with the page
 * (root loader); both are refreshed in the background. `stacked` is the phone menu's form.
 */
export function BalanceChip({
  initialCredits,
  stacked = false,
}: {
  initialCredits: Credits
  stacked?: boolean
}) {
  const live = useLiveQuery((trpc) => ({
    ...trpc.billing.balance.queryOptions(),
    refetchInterval: 15_000,
  }))?.data
  const credits = live?.customCredits ?? initialCredits
  const tokens = tokensText(live?.virtfusionTokens)
  const stale = live?.virtfusionTokens.status === 'stale'
  const creditsLabel = creditsShortName(useBranding())
  return (
    <Link
      to="/billing"
      className={cn(
        'inline-flex items-center gap-x-2 rounded-full px-3 py-1 text-xs font-semibold ring-1',
        stacked && 'flex w-full justify-between rounded-md px-3 py-2 text-sm',
        credits.owed
          ? 'bg-rose-50 text-rose-800 ring-rose-200'
          : 'bg-emerald-50 text-emerald-900 ring-emerald-200',
      )}
    >
      <span className="flex min-w-0 items-baseline gap-x-1 whitespace-nowrap">
        <span
          className="max-w-[10rem] truncate"
          title={creditsLabel}
          data-testid={stacked ? undefined : 'balance-chip-label'}
        >
          {creditsLabel}
        </span>{' '}
        <span className="tabular-nums" data-testid={stacked ? undefined : 'balance-chip'}>
          {credits.balance.formatted}
        </span>
        {credits.owed ? <span className="sr-only"> (owed)</span> : null}
      </span>
      {tokens ? (
        <>
          <span aria-hidden="true" className={cn(stacked && 'hidden')}>
            ·
          </span>
          <span
            className="whitespace-nowrap"
            title={stale ? 'Last known balance: VirtFusion cannot be reached' : undefined}
          >
            Tokens <span className="tabular-nums">{tokens}</span>
            {stale ? <span className="sr-only"> (last known)</span> : null}
          </span>
        </>
      ) : null}
    </Link>
  )
}

import { Badge, Card } from '#app/components/ui/card.tsx'
import type { RouterOutputs } from '#app/lib/trpc.ts'
import { Amount } from './money.tsx'

type BillingBalance = RouterOutputs['billing']['balance']

export function BalanceCards({ balance }: { balance: BillingBalance }) {
  const credits = balance.customCredits
  const tokens = balance.virtfusionTokens
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <Card aria-labelledby="tokens-card-title">
        <h2 id="tokens-card-title" className="text-sm font-medium text-slate-500">
          VirtFusion tokens <span className="text-xs">(VPS · 100 tokens = $1)</span>
        </h2>
        {tokens.status === 'unavailable' ? (
          <>
            <p className="mt-2 text-2xl font-semibold text-slate-400">Unavailable</p>
            <p className="mt-1 text-sm text-slate-500">{tokens.message}</p>
          </>
        ) : null}
      </Card>
      <Card aria-labelledby="credits-card-title">
        <h2 id="credits-card-title" className="text-sm font-medium text-slate-500">
          Custom credits{' '}
          <span className="text-xs">(DNS plans and other services · 1 credit = $1)</span>
        </h2>
        <p
          className="mt-2 flex items-center gap-2 text-2xl font-semibold"
          data-testid="custom-credits-balance"
        >
          <Amount value={credits.balance} />
          {credits.owed ? <Badge tone="red">owed</Badge> : null}
        </p>
        {credits.owed ? (
          <p className="mt-1 text-sm text-rose-700">
            Your balance is negative: this amount is owed and will be settled by your next top-up.
          </p>
        ) : null}
      </Card>
    </div>
  )
}

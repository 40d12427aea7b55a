import { Link } from '@remix-run/react'
import { topUpFor } from '#app/components/dns/top-up.ts'
import { creditsInText, useBranding } from '#app/components/layout/use-branding.ts'
import { Alert } from '#app/components/ui/alert.tsx'
import { formatMoney } from '#app/lib/format.ts'
import { usePublicEnv } from '#app/lib/public-env.ts'

/** Said before confirming a charge: it is more than the credits, and a top-up of the difference. */
export function NotEnoughCredits({ missingCents }: { missingCents: number }) {
  const topUp = topUpFor(missingCents, usePublicEnv())
  return (
    <Alert
      tone="warning"
      title={`Not enough ${creditsInText(useBranding())}`}
      data-testid="cannot-afford"
    >
      You need {formatMoney(missingCents)} more.{' '}
      <Link to={topUp.href} className="font-semibold underline">
        Add {topUp.formatted} of credits
      </Link>
      {topUp.note ? ` (${topUp.note})` : null}, then come back to confirm.
    </Alert>
  )
}

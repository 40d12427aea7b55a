import { Link } from '@remix-run/react'
import { useBranding } from '#app/components/layout/use-branding.ts'

/** "Custom credits: $12.50 · Add credits" (the admin's display name), above the pages that spend them. */
export function CreditsBalanceLine({ formatted, testId }: { formatted: string; testId: string }) {
  return (
    <p className="text-sm text-slate-600">
      {useBranding().creditsDisplayName}:{' '}
      <span className="font-semibold tabular-nums text-slate-900" data-testid={testId}>
        {formatted}
      </span>{' '}
      ·{' '}
      <Link to="/billing?tab=credits" className="font-semibold text-indigo-700 underline">
        Add credits
      </Link>
    </p>
  )
}

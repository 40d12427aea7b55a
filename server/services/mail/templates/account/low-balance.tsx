import { Text } from '../components.ts'
import { formatCents } from '#server/lib/money.ts'
import { creditsInText } from '#server/services/settings/credits-labels.ts'
import { Facts, Greeting, MailLayout, paragraph, type Branding } from '../layout.tsx'
import { UnsubscribeFooter } from './unsubscribe-footer.tsx'

export type LowBalanceData = {
  name: string
  balanceCents: number
  thresholdCents: number
  /** What took the balance below the threshold (the ledger entry's description). */
  cause: string
  /** Filled in by the delivery job (optional category). */
  unsubscribeUrl?: string | null
}

export function lowBalanceSubject(data: LowBalanceData, branding: Branding): string {
  return `${branding.appName}: your credits are down to ${formatCents(data.balanceCents)}`
}

export function LowBalance(props: { data: LowBalanceData; branding: Branding }) {
  const { data, branding } = props
  return (
    <MailLayout
      branding={branding}
      preview={`Your ${creditsInText(branding)} are below ${formatCents(data.thresholdCents)}.`}
      title="Your balance is low"
    >
      <Greeting name={data.name} />
      <Text style={paragraph}>
        Your {creditsInText(branding)} went below the threshold you are warned at. Top up before
        your next renewal so your services keep running.
      </Text>
      <Facts
        rows={[
          ['Balance now', formatCents(data.balanceCents)],
          ['Your threshold', formatCents(data.thresholdCents)],
          ['Last charge', data.cause],
        ]}
      />
      {branding.appUrl ? <Text style={paragraph}>Top up at {branding.appUrl}/billing.</Text> : null}
      <UnsubscribeFooter url={data.unsubscribeUrl} what="low-balance" />
    </MailLayout>
  )
}

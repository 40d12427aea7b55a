import { Text } from '../components.ts'
import { formatCents } from '#server/lib/money.ts'
import { creditsInText } from '#server/services/settings/credits-labels.ts'
import { Facts, Greeting, MailLayout, paragraph, type Branding } from '../layout.tsx'

export type RefundAppliedData = {
  name: string
  /**
   * refund: PayPal returned a payment to you; reversal: a chargeback took it back;
   * service_refund: an administrator refunded a service charge to your credits.
   */
  kind: 'refund' | 'reversal' | 'service_refund'
  amountCents: number
  /** What the payment bought (PayPal refunds and reversals). */
  purpose: 'custom_credits' | 'virtfusion_tokens' | null
  /** The PayPal capture, or the refunded charge. */
  reference: string
  reason: string | null
  /** Custom credits balance after the refund, when it changed them. */
  balanceAfterCents: number | null
}

const TITLES: Record<RefundAppliedData['kind'], string> = {
  refund: 'A payment was refunded',
  reversal: 'A payment was reversed',
  service_refund: 'A charge was refunded to your credits',
}

export function refundAppliedSubject(data: RefundAppliedData, branding: Branding): string {
  const what =
    data.kind === 'reversal'
      ? 'reversed'
      : data.kind === 'refund'
        ? 'refunded to your PayPal account'
        : 'refunded to your credits'
  return `${branding.appName}: ${formatCents(data.amountCents)} ${what}`
}

export function RefundApplied(props: { data: RefundAppliedData; branding: Branding }) {
  const { data } = props
  const rows: [string, string][] = [
    ['Amount', formatCents(data.amountCents)],
    [data.kind === 'service_refund' ? 'Charge' : 'PayPal capture', data.reference],
  ]
  if (data.reason) rows.push(['Reason', data.reason])
  if (data.balanceAfterCents !== null)
    rows.push([`${props.branding.creditsDisplayName} balance`, formatCents(data.balanceAfterCents)])
  return (
    <MailLayout
      branding={props.branding}
      preview={`${formatCents(data.amountCents)}: ${TITLES[data.kind].toLowerCase()}.`}
      title={TITLES[data.kind]}
    >
      <Greeting name={data.name} />
      <Text style={paragraph}>
        {data.kind === 'service_refund'
          ? `An administrator refunded ${formatCents(data.amountCents)} to your ${creditsInText(props.branding)}.`
          : data.kind === 'refund'
            ? `PayPal returned ${formatCents(data.amountCents)} of a payment to you${data.purpose === 'custom_credits' ? ', and the credits it bought were taken back' : data.purpose === 'virtfusion_tokens' ? ', and the tokens it bought are cancelled' : ''}.`
            : `A payment of ${formatCents(data.amountCents)} was reversed at PayPal (a chargeback)${data.purpose === 'custom_credits' ? ', and the credits it bought were taken back' : ''}.`}
      </Text>
      <Facts rows={rows} />
    </MailLayout>
  )
}

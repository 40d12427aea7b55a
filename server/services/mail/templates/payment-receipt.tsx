import { Text } from '@react-email/components'
import { formatCents } from '#server/lib/money.ts'
import { Facts, Greeting, MailLayout, paragraph, type Branding } from './layout.tsx'

export type PaymentReceiptData = {
  name: string
  topupId: number
  purpose: 'custom_credits' | 'virtfusion_tokens'
  amountCents: number
  currency: string
  /** VirtFusion tokens bought (token top-ups). */
  tokens: number | null
  /** Custom credits balance after the purchase (credit top-ups). */
  balanceAfterCents: number | null
  captureId: string | null
  paidAt: string
}

export function paymentReceiptSubject(data: PaymentReceiptData, branding: Branding): string {
  return `${branding.appName} receipt: ${formatCents(data.amountCents)} paid`
}

export function PaymentReceipt(props: { data: PaymentReceiptData; branding: Branding }) {
  const { data } = props
  const credits = data.purpose === 'custom_credits'
  const rows: [string, string][] = [
    ['Amount paid', `${formatCents(data.amountCents)} ${data.currency}`],
    ['For', credits ? props.branding.creditsDisplayName : `${data.tokens ?? 0} VirtFusion tokens`],
  ]
  if (data.balanceAfterCents !== null)
    rows.push(['Credits balance now', formatCents(data.balanceAfterCents)])
  rows.push(['Paid on', `${data.paidAt.slice(0, 16).replace('T', ' ')} UTC`])
  rows.push(['Receipt reference', `Top-up ${data.topupId}`])
  if (data.captureId) rows.push(['PayPal transaction', data.captureId])
  return (
    <MailLayout
      branding={props.branding}
      preview={`We received your payment of ${formatCents(data.amountCents)}.`}
      title="Payment receipt"
    >
      <Greeting name={data.name} />
      <Text style={paragraph}>
        {credits
          ? 'Thank you: we received your payment and added the credits to your balance.'
          : 'Thank you: we received your payment. Your tokens are on their way to VirtFusion; we will tell you when they arrive.'}
      </Text>
      <Facts rows={rows} />
    </MailLayout>
  )
}

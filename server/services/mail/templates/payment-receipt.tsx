import { Text } from './components.ts'
import type { DbOrTx } from '#db/client.ts'
import { formatCents } from '#server/lib/money.ts'
import { mailReceiptDocument } from '#server/services/documents/mail-attachment-links.ts'
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
  /**
   * The top-up's receipt document number, read when the message is rendered (loadPaymentReceipt):
   * the receipt is issued in the transaction that queues this mail, never stored in its data.
   */
  receiptNumber?: string | null
}

/** The receipt's number, if the top-up has one (not a top-up settled before documents existed). */
export async function loadPaymentReceipt(
  db: DbOrTx,
  data: PaymentReceiptData,
): Promise<PaymentReceiptData> {
  const document = await mailReceiptDocument(db, { template: 'payment-receipt', data })
  return { ...data, receiptNumber: document?.number ?? null }
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
  const receiptNumber = data.receiptNumber ?? null
  rows.push(['Receipt reference', receiptNumber ?? `Top-up ${data.topupId}`])
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
      {receiptNumber ? (
        <Text style={paragraph}>
          Your receipt {receiptNumber} is attached to this email as a PDF.
        </Text>
      ) : null}
    </MailLayout>
  )
}

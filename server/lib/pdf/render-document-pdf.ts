import type { DocumentSnapshot } from './document-snapshot.ts'
import { moneyText, openPdfWriter } from './pdf-writer.ts'

export type RenderDocumentOptions = {
  /** The logo the snapshot names (document_logos), or null. */
  logo: Uint8Array | null
  /** Printed when the snapshot has no company name (an install that never set one: APP_NAME). */
  fallbackCompanyName: string
}

const TITLES: Record<DocumentSnapshot['kind'], string> = {
  receipt: 'Receipt',
  invoice: 'Invoice',
  credit_note: 'Credit note',
}

const CHARGE_KINDS: Record<NonNullable<DocumentSnapshot['service']>['chargeKind'], string> = {
  purchase: 'Purchase',
  setup_fee: 'Setup fee',
  renewal: 'Renewal',
  upgrade: 'Upgrade',
}

/** "2026-03-04T05:06:07.000Z" → "2026-03-04" (documents are dated in UTC, like their numbers). */
const day = (iso: string) => iso.slice(0, 10)

/**
 * A receipt, invoice or credit note as PDF bytes, from its snapshot alone: nothing live
 * (settings, prices, names) is read, so an issued document renders the same forever.
 */
export async function renderDocumentPdf(
  snapshot: DocumentSnapshot,
  options: RenderDocumentOptions,
): Promise<{ bytes: Buffer; undrawable: string[] }> {
  const title = TITLES[snapshot.kind]
  const paidInMoney = snapshot.kind === 'receipt'
  const symbol = paidInMoney
    ? snapshot.currency === undefined || snapshot.currency === 'USD'
      ? '$'
      : `${snapshot.currency} `
    : snapshot.credits.symbol
  const amount = (cents: number) => moneyText(cents, symbol)

  const pdf = await openPdfWriter({
    title: `${title} ${snapshot.number}`,
    createdAt: new Date(snapshot.issuedAt),
  })
  const facts: Array<[string, string]> = [
    ['Number', snapshot.number],
    ['Date of issue', day(snapshot.issuedAt)],
  ]
  if (snapshot.topup) facts.push(['Paid on', day(snapshot.topup.paidAt)])
  else if (snapshot.payment.paidAt)
    facts.push([
      snapshot.kind === 'credit_note' ? 'Credited on' : 'Charged on',
      day(snapshot.payment.paidAt),
    ])
  if (snapshot.service) {
    facts.push(['Charge', CHARGE_KINDS[snapshot.service.chargeKind]])
    facts.push([
      'Service period',
      `${day(snapshot.service.periodStart)} – ${day(snapshot.service.periodEnd)}`,
    ])
  }
  if (snapshot.refersTo?.invoiceNumber)
    facts.push(['Corrects invoice', snapshot.refersTo.invoiceNumber])
  pdf.header(
    {
      name: snapshot.company.name ?? options.fallbackCompanyName,
      address: snapshot.company.address,
      taxId: snapshot.company.taxId,
      supportEmail: snapshot.company.supportEmail,
      logo: options.logo,
    },
    title,
    facts,
  )

  pdf.block(paidInMoney ? 'RECEIVED FROM' : 'BILLED TO', [
    snapshot.customer.name,
    snapshot.customer.email,
  ])

  pdf.table(
    [
      { header: 'Description', share: 0.62 },
      { header: 'Qty', share: 0.1, align: 'right' },
      {
        header: paidInMoney ? 'Amount' : `Amount (${snapshot.credits.displayName})`,
        share: 0.28,
        align: 'right',
      },
    ],
    snapshot.lines.map((line) => [
      line.description,
      String(line.quantity),
      amount(line.amountCents),
    ]),
  )

  pdf.totals([
    [
      snapshot.kind === 'credit_note' ? 'Total credited' : paidInMoney ? 'Total paid' : 'Total',
      amount(snapshot.totalCents),
    ],
  ])

  if (snapshot.reason) pdf.note(`Reason: ${snapshot.reason}`)
  const balance = snapshot.payment.balanceAfterCents
  const balanceAfter =
    balance === null || balance === undefined
      ? ''
      : ` Balance after: ${moneyText(balance, snapshot.credits.symbol)}.`
  if (snapshot.payment.method === 'paypal') {
    pdf.note(`Paid with PayPal. Capture ID: ${snapshot.payment.captureId ?? '—'}.`)
    if (snapshot.topup?.purpose === 'custom_credits')
      pdf.note(`Added to your ${snapshot.credits.displayName} balance.${balanceAfter}`)
  } else if (snapshot.kind === 'invoice') {
    pdf.note(`Paid from your ${snapshot.credits.displayName} balance.${balanceAfter}`)
  } else {
    pdf.note(`Credited to your ${snapshot.credits.displayName} balance.${balanceAfter}`)
  }
  if (snapshot.company.supportEmail)
    pdf.note(`Questions about this document: ${snapshot.company.supportEmail}`)

  const bytes = await pdf.end()
  return { bytes, undrawable: pdf.undrawable }
}

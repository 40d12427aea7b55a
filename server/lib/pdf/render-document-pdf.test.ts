import { describe, expect, it } from 'vitest'
import type { DocumentSnapshot } from './document-snapshot.ts'
import { extractPdfText } from './pdf-text.testing.ts'
import { renderDocumentPdf } from './render-document-pdf.ts'

// A 1×1 PNG: the logo path (image embedding) must not break rendering.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
)

const invoice: DocumentSnapshot = {
  version: 1,
  kind: 'invoice',
  number: 'INV-2026-000042',
  issuedAt: '2026-03-04T05:06:07.000Z',
  totalCents: 123_456,
  customer: { id: 7, name: 'Łukasz Żółć · Ἀθηνᾶ', email: 'lz@example.test' },
  company: {
    name: 'Ærø Hosting ApS',
    address: 'Søndergade 1\n5970 Ærøskøbing',
    taxId: 'DK12345678',
    supportEmail: 'help@example.test',
    logoSha256: 'abc',
  },
  credits: { displayName: 'Sky credits', symbol: '€' },
  lines: [
    {
      description: 'Dedicated server renewal: Box Москва → Frankfurt, 2026-03-04 to 2026-04-04',
      quantity: 1,
      amountCents: 123_456,
    },
  ],
  service: {
    id: 3,
    family: 'dedicated_server',
    productName: 'Box Москва',
    chargeKind: 'renewal',
    cycle: 'monthly',
    periodStart: '2026-03-04T00:00:00Z',
    periodEnd: '2026-04-04T00:00:00Z',
  },
  payment: { method: 'custom_credits', ledgerEntryId: 99, balanceAfterCents: 500 },
}

const OPTIONS = { logo: null, fallbackCompanyName: 'SkyPANEL' }

// Font subsetting and pdf.js are CPU-bound: on a loaded machine one render can take seconds.
describe('renderDocumentPdf', { timeout: 30_000 }, () => {
  it('prints the snapshot: number, dates, customer, company with tax id, lines and totals in its credits symbol', async () => {
    const { bytes, undrawable } = await renderDocumentPdf(invoice, {
      logo: PNG,
      fallbackCompanyName: 'SkyPANEL',
    })
    const text = (await extractPdfText(bytes)).join('\n')
    for (const expected of [
      'Invoice',
      'Number INV-2026-000042',
      'Date of issue 2026-03-04',
      'Service period 2026-03-04 – 2026-04-04',
      'Ærø Hosting ApS',
      'Tax ID: DK12345678',
      'Łukasz Żółć · Ἀθηνᾶ',
      'Dedicated server renewal: Box Москва → Frankfurt',
      '€1,234.56',
      'Total €1,234.56',
      'Balance after: €5.00',
    ])
      expect(text).toContain(expected)
    expect(undrawable).toEqual([])
  })

  it('a receipt names the PayPal capture id; a company never named prints the fallback', async () => {
    const receipt: DocumentSnapshot = {
      ...invoice,
      kind: 'receipt',
      number: 'RCT-2026-000001',
      currency: 'USD',
      totalCents: 2_550,
      company: { ...invoice.company, name: null, logoSha256: null },
      lines: [{ description: 'Sky credits top-up', quantity: 1, amountCents: 2_550 }],
      service: undefined,
      topup: { id: 5, purpose: 'custom_credits', tokens: null, paidAt: '2026-03-04T05:06:07.000Z' },
      payment: {
        method: 'paypal',
        captureId: 'CAP-123',
        orderId: 'ORD-1',
        balanceAfterCents: 2_550,
      },
    }
    const text = (
      await extractPdfText(
        (await renderDocumentPdf(receipt, { logo: null, fallbackCompanyName: 'SkyPANEL' })).bytes,
      )
    ).join('\n')
    expect(text).toContain('SkyPANEL')
    expect(text).toContain('Capture ID: CAP-123')
    expect(text).toContain('Total paid $25.50')
  })

  it('a backfilled invoice prints the day it was charged beside its later issue date; a credit note the day it was credited', async () => {
    const backfilled: DocumentSnapshot = {
      ...invoice,
      issuedAt: '2026-12-01T03:00:00.000Z',
      payment: { ...invoice.payment, paidAt: '2025-07-09T10:11:12.000Z' },
    }
    const text = (await extractPdfText((await renderDocumentPdf(backfilled, OPTIONS)).bytes)).join(
      '\n',
    )
    expect(text).toContain('Date of issue 2026-12-01')
    expect(text).toContain('Charged on 2025-07-09')
    const creditNote: DocumentSnapshot = { ...backfilled, kind: 'credit_note', service: undefined }
    const noteText = (
      await extractPdfText((await renderDocumentPdf(creditNote, OPTIONS)).bytes)
    ).join('\n')
    expect(noteText).toContain('Credited on 2025-07-09')
    // Without the date (issued by 0024's triggers), nothing is printed for it.
    expect(
      (await extractPdfText((await renderDocumentPdf(invoice, OPTIONS)).bytes)).join('\n'),
    ).not.toMatch(/Charged on/)
  })

  it('the same snapshot renders to the same text every time', async () => {
    const render = async () =>
      (
        await extractPdfText(
          (await renderDocumentPdf(invoice, { logo: null, fallbackCompanyName: 'X' })).bytes,
        )
      ).join('\n')
    expect(await render()).toBe(await render())
  })
})

import { and, eq } from 'drizzle-orm'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import * as adminDocumentPdfRoute from '#app/routes/api.admin.users.$userId.documents.$documentId[.]pdf.ts'
import { db } from '#db/client.ts'
import { documents, mailOutbox, type MailOutboxRow } from '#db/schema/index.ts'
import { extractPdfText } from '#server/lib/pdf/pdf-text.testing.ts'
import { deliverDueMail } from '#server/services/mail/deliver-due-mail.ts'
import { enqueueMail } from '#server/services/mail/enqueue-mail.ts'
import { renderStoredMail } from '#server/services/mail/render-mail.ts'
import { invoke } from '#tests/helpers/http.ts'
import { capturedTopup, clearRateLimits, resetPaymentFakes } from '#tests/helpers/payments.ts'
import { trpcData, trpcQuery } from '#tests/helpers/trpc.ts'
import { createTestUser, type TestUser } from '#tests/helpers/users.ts'

/**
 * A top-up's receipt mail, as an admin sees it in /admin/mail/<id>: admin.mail.get lists the
 * receipt PDF the delivery attaches, as a link to the admin document route that downloads it;
 * the rendered message names the receipt by its document number. Local mailbox (no SMTP).
 */

type MailGet = {
  message: { id: number; text: string | null; attachments: Attachment[] }
}
type Attachment = { filename: string; documentId: number; userId: number; href: string }

let admin: TestUser
let buyer: TestUser
let receiptMail: MailOutboxRow
let receiptNumber: string
let receiptDocumentId: number
let topupId: number

const mailOf = async (userId: number, template: string) => {
  const [row] = await db
    .select()
    .from(mailOutbox)
    .where(and(eq(mailOutbox.userId, userId), eq(mailOutbox.template, template)))
  if (!row) throw new Error(`no ${template} mail for user ${userId}`)
  return row
}

const adminGet = async (id: number) =>
  trpcData<MailGet>(await trpcQuery('admin.mail.get', { id }, admin.cookie))

beforeEach(async () => {
  resetPaymentFakes()
  await clearRateLimits()
})

beforeAll(async () => {
  admin = await createTestUser({ role: 'admin', name: 'Mail Admin' })
  buyer = await createTestUser({ name: 'Rita Receipt' })
  resetPaymentFakes()
  topupId = (await capturedTopup(buyer.id, 'custom_credits', 2_500)).id
  const [document] = await db.select().from(documents).where(eq(documents.topupId, topupId))
  if (!document) throw new Error('the captured top-up has no receipt document')
  receiptNumber = document.number
  receiptDocumentId = document.id
  await deliverDueMail(db, { transport: null })
  receiptMail = await mailOf(buyer.id, 'payment-receipt')
})

describe('a receipt mail in the admin mailbox', () => {
  it('lists its receipt PDF, whose link downloads that document', async () => {
    const { message } = await adminGet(receiptMail.id)
    expect(message.attachments).toEqual([
      {
        filename: `${receiptNumber}.pdf`,
        documentId: receiptDocumentId,
        userId: buyer.id,
        href: `/api/admin/users/${buyer.id}/documents/${receiptDocumentId}.pdf`,
      },
    ])
    const [attachment] = message.attachments
    const response = await invoke(adminDocumentPdfRoute.loader, attachment!.href, {
      cookie: admin.cookie,
      params: { userId: String(buyer.id), documentId: String(receiptDocumentId) },
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toBe('application/pdf')
    expect(response.headers.get('Content-Disposition')).toBe(
      `attachment; filename="${attachment!.filename}"`,
    )
    const text = (await extractPdfText(new Uint8Array(await response.arrayBuffer()))).join('\n')
    expect(text).toContain(receiptNumber)
  })

  it('names the receipt by its number and says the PDF is attached', async () => {
    const { message } = await adminGet(receiptMail.id)
    expect(message.text).toContain(receiptNumber)
    expect(message.text).toContain('attached to this email as a PDF')
    expect(message.text).not.toContain(`Top-up ${topupId}`)
  })

  it('keeps "Top-up N" for a top-up without a receipt document, and lists nothing', async () => {
    const data = {
      name: 'Old Timer',
      topupId: 2_147_483_000,
      purpose: 'custom_credits',
      amountCents: 1_000,
      currency: 'USD',
      tokens: null,
      balanceAfterCents: 1_000,
      captureId: null,
      paidAt: '2026-01-02T03:04:05.000Z',
    }
    const rendered = await renderStoredMail('payment-receipt', data, db)
    expect(rendered.text).toContain('Top-up 2147483000')
    expect(rendered.text).not.toContain('attached')
  })

  it('a message of another template carries none, even about the same top-up', async () => {
    await db.transaction((tx) =>
      enqueueMail(tx, {
        eventKey: `attachment-links-test:${buyer.id}:tokens`,
        recipient: { userId: buyer.id },
        template: 'tokens-delivered',
        data: { topupId, tokens: 100 },
      }),
    )
    const other = await mailOf(buyer.id, 'tokens-delivered')
    expect((await adminGet(other.id)).message.attachments).toEqual([])
  })
})

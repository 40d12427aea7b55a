import { eq, sql } from 'drizzle-orm'
import postgres from 'postgres'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { db } from '#db/client.ts'
import { pgErrorOf } from '#db/errors.ts'
import { appSettings, documents, serviceCharges, type DocumentRow } from '#db/schema/index.ts'
import { extractPdfText } from '#server/lib/pdf/pdf-text.testing.ts'
import { documentPdf } from '#server/services/documents/document-pdf.ts'
import { getDocument, listDocuments } from '#server/services/documents/get-document.ts'
import { mailAttachments } from '#server/services/documents/mail-attachments.ts'
import { changeService, previewServiceChange } from '#server/services/services/change-service.ts'
import { orderService } from '#server/services/services/order-service.ts'
import { refundServiceCharge } from '#server/services/services/refund-service-charge.ts'
import { runRenewals } from '#server/services/services/run-renewals.ts'
import { expectLedgerConsistent, fundedUser, ledgerAdmin } from '#tests/helpers/dns.ts'
import {
  capturedTopup,
  clearRateLimits,
  resetPaymentFakes,
  resetVirtFusionFake,
} from '#tests/helpers/payments.ts'
import {
  dedicatedServerProduct,
  endAllLiveServices,
  markProvisioned,
} from '#tests/helpers/services.ts'
import { createTestUser } from '#tests/helpers/users.ts'

// Documents are issued by the database at the commit of the transaction that wrote their
// source (ADR 027): these tests drive the real services and read what was issued.

beforeAll(() => resetVirtFusionFake())
beforeEach(async () => {
  resetPaymentFakes()
  await clearRateLimits()
})
afterEach(async () => {
  await expectLedgerConsistent()
  await endAllLiveServices()
  await db.delete(appSettings)
})

const year = new Date().getUTCFullYear()
const numberPattern = (prefix: string) => new RegExp(`^${prefix}-${year}-\\d{6}$`)

async function documentsOf(userId: number): Promise<DocumentRow[]> {
  return db.select().from(documents).where(eq(documents.userId, userId)).orderBy(documents.id)
}

async function pdfText(documentId: number): Promise<string> {
  const admin = await ledgerAdmin()
  const pdf = await documentPdf(db, { viewer: { id: admin.id, role: 'admin' }, documentId })
  return (await extractPdfText(pdf.bytes)).join('\n')
}

describe('receipts for PayPal top-ups', () => {
  it('a custom-credit top-up gets a receipt with its capture id, amount and ledger entry', async () => {
    const buyer = await createTestUser({ name: 'Zoë Ångström → Дмитрий' })
    const topup = await capturedTopup(buyer.id, 'custom_credits', 2_550)
    const [receipt, ...more] = await documentsOf(buyer.id)
    expect(more).toEqual([])
    expect(receipt).toMatchObject({
      kind: 'receipt',
      topupId: topup.id,
      paypalCaptureId: topup.paypalCaptureId,
      creditEntryId: topup.creditEntryId,
      totalCents: 2_550,
      year,
    })
    expect(receipt!.number).toMatch(numberPattern('RCT'))
    expect(topup.paypalCaptureId).toBeTruthy()
    const text = await pdfText(receipt!.id)
    expect(text).toContain(receipt!.number)
    expect(text).toContain('Zoë Ångström → Дмитрий')
    expect(text).toContain(topup.paypalCaptureId!)
    expect(text).toContain('Total paid $25.50')
  })

  it('a VirtFusion token top-up gets a receipt when captured (before delivery)', async () => {
    const buyer = await createTestUser({ name: 'Token Buyer' })
    const topup = await capturedTopup(buyer.id, 'virtfusion_tokens', 1_000)
    const [receipt] = await documentsOf(buyer.id)
    expect(receipt).toMatchObject({
      kind: 'receipt',
      topupId: topup.id,
      paypalCaptureId: topup.paypalCaptureId,
      creditEntryId: null,
      totalCents: 1_000,
    })
    expect(await pdfText(receipt!.id)).toContain('VirtFusion tokens: 1000')
  })

  it('the payment-receipt mail carries the receipt PDF', async () => {
    const buyer = await createTestUser({ name: 'Mail Buyer' })
    const topup = await capturedTopup(buyer.id, 'custom_credits', 1_200)
    const [receipt] = await documentsOf(buyer.id)
    const files = await mailAttachments(db, {
      template: 'payment-receipt',
      data: { topupId: topup.id },
      eventKey: `topup:${topup.id}:receipt`,
    })
    expect(files).toHaveLength(1)
    expect(files[0]!.filename).toBe(`${receipt!.number}.pdf`)
    expect(files[0]!.contentType).toBe('application/pdf')
    expect((await extractPdfText(files[0]!.content)).join('\n')).toContain(receipt!.number)
    expect(
      await mailAttachments(db, { template: 'tokens-delivered', data: {}, eventKey: 'x' }),
    ).toEqual([])
  })
})

describe('invoices for charges to custom credits, credit notes for refunds', () => {
  it('purchase, setup fee, upgrade and renewal each get an invoice; a refund gets a credit note naming it', async () => {
    const small = await dedicatedServerProduct({ monthly: 3_000 }, 1_000)
    const big = await dedicatedServerProduct({ monthly: 6_000 })
    const owner = await fundedUser(20_000, 'Σωκράτης Invoice')
    const boughtAt = new Date(Date.now() - 10 * 24 * 60 * 60 * 1000)
    const service = await orderService(db, {
      userId: owner.id,
      productId: small,
      cycle: 'monthly',
      now: boughtAt,
    })
    await markProvisioned(service.id)
    const preview = await previewServiceChange(db, {
      userId: owner.id,
      serviceId: service.id,
      productId: big,
    })
    expect(preview.kind).toBe('upgrade')
    await changeService(db, {
      userId: owner.id,
      serviceId: service.id,
      productId: big,
      quote: preview.quote ?? undefined,
    })
    const periodEnd = (
      await db.select().from(serviceCharges).where(eq(serviceCharges.serviceId, service.id))
    )[0]!.periodEnd
    await runRenewals(db, {
      now: new Date(periodEnd.getTime() + 1000),
      family: 'dedicated_server',
      reminders: false,
    })

    const charges = await db
      .select()
      .from(serviceCharges)
      .where(eq(serviceCharges.serviceId, service.id))
      .orderBy(serviceCharges.id)
    expect(charges.map((c) => c.kind)).toEqual(['purchase', 'setup_fee', 'upgrade', 'renewal'])
    const invoices = await documentsOf(owner.id)
    expect(invoices.map((d) => [d.kind, d.serviceChargeId, d.creditEntryId, d.totalCents])).toEqual(
      charges.map((c) => ['invoice', c.id, c.creditEntryId, c.amountCents]),
    )
    for (const invoice of invoices) expect(invoice.number).toMatch(numberPattern('INV'))
    const renewalText = await pdfText(invoices[3]!.id)
    expect(renewalText).toContain('Σωκράτης Invoice')
    expect(renewalText).toContain('Renewal')
    expect(renewalText).toContain('Total $60.00')

    const admin = await createTestUser({ role: 'admin', name: 'Refunding Admin' })
    await refundServiceCharge(db, {
      serviceId: service.id,
      chargeId: charges[1]!.id,
      amountCents: 400,
      reason: 'Setup took two days → partial refund',
      idempotencyKey: `documents-refund-${process.pid}`,
      adminId: admin.id,
    })
    const creditNote = (await documentsOf(owner.id)).at(-1)!
    expect(creditNote).toMatchObject({ kind: 'credit_note', totalCents: -400 })
    expect(creditNote.number).toMatch(numberPattern('CN'))
    expect(creditNote.snapshot).toMatchObject({
      refersTo: { chargeId: charges[1]!.id, invoiceNumber: invoices[1]!.number },
      reason: 'Setup took two days → partial refund',
    })
    const text = await pdfText(creditNote.id)
    expect(text).toContain(invoices[1]!.number)
    expect(text).toContain('Setup took two days → partial refund')
    expect(text).toContain('Total credited -$4.00')
  })
})

describe('immutability', () => {
  it('the database refuses to update or delete a document, for the app and for the owner', async () => {
    const buyer = await createTestUser({ name: 'Immutable' })
    await capturedTopup(buyer.id, 'custom_credits', 1_000)
    const [receipt] = await documentsOf(buyer.id)
    // The app's role may not (APPEND_ONLY_TABLES, ADR 017)...
    for (const attempt of [
      db.update(documents).set({ totalCents: 1 }).where(eq(documents.id, receipt!.id)),
      db.delete(documents).where(eq(documents.id, receipt!.id)),
      db.execute(sql`truncate documents cascade`),
    ])
      await expect(attempt).rejects.toSatisfy((e) => pgErrorOf(e)?.code === '42501')
    // ...and the owner, who may, is stopped by the trigger.
    const owner = postgres(process.env.TEST_MIGRATION_DATABASE_URL!, { max: 1, onnotice: () => {} })
    try {
      for (const statement of [
        `update documents set snapshot = '{}' where id = ${receipt!.id}`,
        `delete from documents where id = ${receipt!.id}`,
        'truncate documents cascade',
        'truncate document_logos',
      ])
        await expect(owner.unsafe(statement)).rejects.toThrow(/append-only/)
    } finally {
      await owner.end()
    }
    const [after] = await db.select().from(documents).where(eq(documents.id, receipt!.id))
    expect(after).toEqual(receipt)
  })

  it('a settings change after issue does not change what the document prints', async () => {
    await db.insert(appSettings).values({
      id: 1,
      companyName: 'Old Name GmbH',
      taxId: 'DE111',
      companyAddress: 'Alte Str. 1',
    })
    const buyer = await createTestUser({ name: 'Snapshot Buyer' })
    await capturedTopup(buyer.id, 'custom_credits', 1_000)
    const [receipt] = await documentsOf(buyer.id)
    const before = await pdfText(receipt!.id)
    expect(before).toContain('Old Name GmbH')
    expect(before).toContain('Tax ID: DE111')

    await db
      .update(appSettings)
      .set({
        companyName: 'New Name Ltd',
        taxId: 'GB999',
        companyAddress: 'New Road 9',
        version: 2,
      })
      .where(eq(appSettings.id, 1))
    expect(await pdfText(receipt!.id)).toBe(before)

    // A document issued now prints the new details.
    await capturedTopup(buyer.id, 'custom_credits', 1_000)
    const later = (await documentsOf(buyer.id)).at(-1)!
    expect(await pdfText(later.id)).toContain('New Name Ltd')
  })
})

describe('access', () => {
  it('a customer reaches only their own documents; another user’s is NOT_FOUND; an admin reaches any', async () => {
    const alice = await createTestUser({ name: 'Alice Docs' })
    const bob = await createTestUser({ name: 'Bob Docs' })
    const admin = await createTestUser({ role: 'admin', name: 'Docs Admin' })
    await capturedTopup(alice.id, 'custom_credits', 1_000)
    const [aliceReceipt] = await documentsOf(alice.id)
    const id = aliceReceipt!.id

    await expect(
      getDocument(db, { viewer: { id: alice.id, role: 'user' }, documentId: id }),
    ).resolves.toMatchObject({ id, number: aliceReceipt!.number })
    // Started one at a time: a refusal created before its await is an unhandled rejection.
    for (const call of [
      () => getDocument(db, { viewer: { id: bob.id, role: 'user' }, documentId: id }),
      () => documentPdf(db, { viewer: { id: bob.id, role: 'user' }, documentId: id }),
      () => getDocument(db, { viewer: { id: alice.id, role: 'user' }, documentId: id + 1_000_000 }),
    ])
      await expect(call()).rejects.toMatchObject({ code: 'NOT_FOUND' })
    const pdf = await documentPdf(db, { viewer: { id: admin.id, role: 'admin' }, documentId: id })
    expect(pdf.filename).toBe(`${aliceReceipt!.number}.pdf`)

    expect((await listDocuments(db, { userId: bob.id })).items).toEqual([])
    const page = await listDocuments(db, { userId: alice.id })
    expect(page.items.map((d) => d.id)).toEqual([id])
    expect(page.nextCursor).toBeNull()
  })
})

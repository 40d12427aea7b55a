import { desc, eq } from 'drizzle-orm'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import * as adminDocumentPdfRoute from '#app/routes/api.admin.users.$userId.documents.$documentId[.]pdf.ts'
import * as adminDocumentsRoute from '#app/routes/api.admin.users.$userId.documents._index.ts'
import * as adminStatementRoute from '#app/routes/api.admin.users.$userId.statements.$month[.]pdf.ts'
import * as documentPdfRoute from '#app/routes/api.documents.$documentId[.]pdf.ts'
import * as documentsRoute from '#app/routes/api.documents._index.ts'
import * as statementRoute from '#app/routes/api.statements.$month[.]pdf.ts'
import { db } from '#db/client.ts'
import { creditTransactions, documents, type DocumentRow } from '#db/schema/index.ts'
import { extractPdfText } from '#server/lib/pdf/pdf-text.testing.ts'
import { createApiToken } from '#server/services/api-tokens/api-tokens.ts'
import { monthOf } from '#server/services/documents/statements/schemas.ts'
import { orderService } from '#server/services/services/order-service.ts'
import { balanceOf, fund, restError, trpcError } from '#tests/helpers/dns.ts'
import { invoke } from '#tests/helpers/http.ts'
import { capturedTopup, clearRateLimits, resetPaymentFakes } from '#tests/helpers/payments.ts'
import { dedicatedServerProduct, endAllLiveServices } from '#tests/helpers/services.ts'
import { trpcData, trpcQuery } from '#tests/helpers/trpc.ts'
import { createTestUser, type TestUser } from '#tests/helpers/users.ts'

/**
 * Who reaches which document and statement, over REST and tRPC: a customer only their own
 * (another user's id answers exactly like a missing one, 404), an admin anyone's, under the
 * user the path names; bad ids and months are 400s, never 500s.
 */

let alice: TestUser
let bob: TestUser
let admin: TestUser
let aliceReceipt: DocumentRow
let aliceInvoice: DocumentRow
let bobReceipt: DocumentRow
let aliceReadToken: string
const thisMonth = monthOf(new Date())

async function documentsOf(userId: number): Promise<DocumentRow[]> {
  return db.select().from(documents).where(eq(documents.userId, userId)).orderBy(documents.id)
}

beforeEach(async () => {
  resetPaymentFakes()
  await clearRateLimits()
})

beforeAll(async () => {
  alice = await createTestUser({ name: 'Alice Ærø → Ünïcode' })
  bob = await createTestUser({ name: 'Bob Other' })
  admin = await createTestUser({ role: 'admin', name: 'Doc Admin' })
  resetPaymentFakes()
  await capturedTopup(alice.id, 'custom_credits', 5_000)
  await capturedTopup(bob.id, 'custom_credits', 1_500)
  const product = await dedicatedServerProduct({ monthly: 2_000 })
  await orderService(db, { userId: alice.id, productId: product, cycle: 'monthly' })
  await endAllLiveServices()
  await fund(alice.id, 123, 'goodwill: no document for this one')
  ;[aliceReceipt, aliceInvoice] = (await documentsOf(alice.id)) as [DocumentRow, DocumentRow]
  ;[bobReceipt] = (await documentsOf(bob.id)) as [DocumentRow]
  expect([aliceReceipt.kind, aliceInvoice.kind, bobReceipt.kind]).toEqual([
    'receipt',
    'invoice',
    'receipt',
  ])
  aliceReadToken = (await createApiToken(db, { user: alice, name: 'docs', scope: 'read' })).token
})

const pdfOf = (userCookie: string, id: number | string) =>
  invoke(documentPdfRoute.loader, `/api/documents/${id}.pdf`, {
    cookie: userCookie,
    params: { documentId: String(id) },
  })

async function expectPdf(response: Response, filename: string): Promise<string> {
  expect(response.status).toBe(200)
  expect(response.headers.get('Content-Type')).toBe('application/pdf')
  expect(response.headers.get('Content-Disposition')).toBe(`attachment; filename="${filename}"`)
  expect(response.headers.get('Cache-Control')).toBe('private, no-store')
  const bytes = new Uint8Array(await response.arrayBuffer())
  expect(new TextDecoder().decode(bytes.subarray(0, 5))).toBe('%PDF-')
  return (await extractPdfText(bytes)).join('\n')
}

describe('REST: a customer’s own documents', () => {
  it('lists only the caller’s documents, newest first', async () => {
    const response = await invoke(documentsRoute.loader, '/api/documents', { cookie: alice.cookie })
    expect(response.status).toBe(200)
    const body = (await response.json()) as { items: Array<{ id: number; number: string }> }
    expect(body.items.map((d) => d.id)).toEqual([aliceInvoice.id, aliceReceipt.id])
    const filtered = await invoke(documentsRoute.loader, '/api/documents?kind=receipt&limit=1', {
      cookie: alice.cookie,
    })
    expect(((await filtered.json()) as { items: unknown[] }).items).toHaveLength(1)
  })

  it('downloads a receipt as a private PDF attachment named after its number', async () => {
    const text = await expectPdf(
      await pdfOf(alice.cookie, aliceReceipt.id),
      `${aliceReceipt.number}.pdf`,
    )
    expect(text).toContain(aliceReceipt.number)
    expect(text).toContain('Alice Ærø → Ünïcode')
  })

  it('answers another user’s document exactly like one that does not exist (404)', async () => {
    const theirs = await pdfOf(alice.cookie, bobReceipt.id)
    const missing = await pdfOf(alice.cookie, 2_147_483_647)
    expect(theirs.status).toBe(404)
    expect(missing.status).toBe(404)
    expect(await restError(theirs)).toEqual(await restError(missing))
  })

  it('refuses bad ids with a 400, never a 500', async () => {
    const bad = ['abc', '0', '-1', '1.5', '9'.repeat(40), "1' or '1'='1", '%00', '']
    // Loose number parsing would read these as ids (1000, 16, 7, 7): one document, one URL.
    bad.push('1e3', '0x10', '007', '+7', '2147483648')
    for (const id of bad) {
      const response = await pdfOf(alice.cookie, id)
      expect(response.status, id).toBe(400)
      const error = await restError(response)
      expect(error.code).toBe('VALIDATION_FAILED')
      expect(JSON.stringify(error), id).toMatch(/whole number from 1 to 2147483647/)
    }
  })

  it('needs a caller; a read-scoped API token may download', async () => {
    expect((await pdfOf('', aliceReceipt.id)).status).toBe(401)
    const withToken = await invoke(
      documentPdfRoute.loader,
      `/api/documents/${aliceReceipt.id}.pdf`,
      {
        headers: { Authorization: `Bearer ${aliceReadToken}` },
        params: { documentId: String(aliceReceipt.id) },
      },
    )
    await expectPdf(withToken, `${aliceReceipt.number}.pdf`)
  })

  it('refuses other methods', async () => {
    const response = await invoke(
      documentPdfRoute.loader,
      `/api/documents/${aliceReceipt.id}.pdf`,
      {
        method: 'DELETE',
        cookie: alice.cookie,
        params: { documentId: String(aliceReceipt.id) },
      },
    )
    expect(response.status).toBe(400)
  })
})

describe('REST: statements', () => {
  const statementOf = (cookie: string, month: string) =>
    invoke(statementRoute.loader, `/api/statements/${month}.pdf`, { cookie, params: { month } })

  it('this month’s statement closes at the ledger balance, to the cent', async () => {
    const text = await expectPdf(
      await statementOf(alice.cookie, thisMonth),
      `statement-${thisMonth}.pdf`,
    )
    const [last] = await db
      .select()
      .from(creditTransactions)
      .where(eq(creditTransactions.userId, alice.id))
      .orderBy(desc(creditTransactions.id))
      .limit(1)
    const balance = await balanceOf(alice.id)
    expect(last!.balanceAfterCents).toBe(balance)
    expect(balance).toBe(5_000 - 2_000 + 123)
    expect(text).toContain('Closing balance $31.23')
    expect(text).toContain('Opening balance $0.00')
    expect(text).toContain('Alice Ærø → Ünïcode')
    // A long cell wraps onto several lines.
    expect(text.replace(/\s+/g, ' ')).toContain('Reason: goodwill: no document for this one')
  })

  it('bad and future months are 400s; a month before the account is an empty statement', async () => {
    for (const month of [
      '2026-13',
      '2026-00',
      '26-01',
      'abc',
      '2026-1',
      '0999-01',
      '2026-01-01',
      '../x',
    ]) {
      const response = await statementOf(alice.cookie, month)
      expect(response.status, month).toBe(400)
    }
    expect((await statementOf(alice.cookie, '2999-01')).status).toBe(400)
    const text = await expectPdf(
      await statementOf(alice.cookie, '2020-01'),
      'statement-2020-01.pdf',
    )
    expect(text).toContain('No custom credit entries in this month.')
    expect(text).toContain('Closing balance $0.00')
  })

  it('needs a caller', async () => {
    expect((await statementOf('', thisMonth)).status).toBe(401)
  })
})

describe('REST: admins reach anyone’s, under the user the path names', () => {
  const adminPdf = (cookie: string, userId: number | string, id: number | string) =>
    invoke(adminDocumentPdfRoute.loader, `/api/admin/users/${userId}/documents/${id}.pdf`, {
      cookie,
      params: { userId: String(userId), documentId: String(id) },
    })

  it('downloads any user’s document and lists them', async () => {
    await expectPdf(await adminPdf(admin.cookie, bob.id, bobReceipt.id), `${bobReceipt.number}.pdf`)
    const list = await invoke(
      adminDocumentsRoute.loader,
      `/api/admin/users/${alice.id}/documents`,
      {
        cookie: admin.cookie,
        params: { userId: String(alice.id) },
      },
    )
    const body = (await list.json()) as { items: Array<{ id: number }> }
    expect(body.items.map((d) => d.id)).toEqual([aliceInvoice.id, aliceReceipt.id])
  })

  it('a document under another user’s path is 404; bad ids are 400', async () => {
    expect((await adminPdf(admin.cookie, alice.id, bobReceipt.id)).status).toBe(404)
    expect((await adminPdf(admin.cookie, 'x', bobReceipt.id)).status).toBe(400)
    expect((await adminPdf(admin.cookie, bob.id, 'x')).status).toBe(400)
  })

  it('statements for any user; an unknown user is 404', async () => {
    const statement = (userId: number | string, month: string) =>
      invoke(adminStatementRoute.loader, `/api/admin/users/${userId}/statements/${month}.pdf`, {
        cookie: admin.cookie,
        params: { userId: String(userId), month },
      })
    const text = await expectPdf(await statement(bob.id, thisMonth), `statement-${thisMonth}.pdf`)
    expect(text).toContain('Closing balance $15.00')
    expect((await statement(2_147_483_647, thisMonth)).status).toBe(404)
    expect((await statement(bob.id, '2026-13')).status).toBe(400)
  })

  it('customers are refused the admin routes', async () => {
    expect((await adminPdf(alice.cookie, alice.id, aliceReceipt.id)).status).toBe(403)
  })
})

describe('tRPC documents.*', () => {
  it('list, get and links answer for the caller’s own documents only', async () => {
    const list = await trpcData<{ items: Array<{ id: number }> }>(
      await trpcQuery('documents.list', {}, alice.cookie),
    )
    expect(list.items.map((d) => d.id)).toEqual([aliceInvoice.id, aliceReceipt.id])
    const got = await trpcData<{ number: string }>(
      await trpcQuery('documents.get', { documentId: aliceReceipt.id }, alice.cookie),
    )
    expect(got.number).toBe(aliceReceipt.number)
    const theirs = await trpcError(
      await trpcQuery('documents.get', { documentId: bobReceipt.id }, alice.cookie),
    )
    expect(theirs).toMatchObject({ status: 404, appCode: 'NOT_FOUND' })

    const links = await trpcData<{ credits: Record<string, { id: number }> }>(
      await trpcQuery(
        'documents.links',
        { creditEntryIds: [aliceReceipt.creditEntryId!, bobReceipt.creditEntryId!] },
        alice.cookie,
      ),
    )
    // Bob's entry is not Alice's: nothing about it comes back.
    expect(links.credits).toEqual({
      [aliceReceipt.creditEntryId!]: {
        id: aliceReceipt.id,
        kind: 'receipt',
        number: aliceReceipt.number,
      },
    })
  })

  it('the service charge’s invoice is found by its charge id', async () => {
    const links = await trpcData<{ charges: Record<string, { id: number }> }>(
      await trpcQuery(
        'documents.links',
        { serviceChargeIds: [aliceInvoice.serviceChargeId!] },
        alice.cookie,
      ),
    )
    expect(links.charges[aliceInvoice.serviceChargeId!]?.id).toBe(aliceInvoice.id)
  })

  it('statement data matches the ledger; bad input is BAD_REQUEST', async () => {
    const statement = await trpcData<{ closingBalance: { cents: number }; lines: unknown[] }>(
      await trpcQuery('documents.statement', { month: thisMonth }, alice.cookie),
    )
    expect(statement.closingBalance.cents).toBe(await balanceOf(alice.id))
    expect(statement.lines).toHaveLength(3)
    for (const input of [{ month: '2026-13' }, { month: 202601 }, {}, { month: '2999-12' }]) {
      const error = await trpcError(await trpcQuery('documents.statement', input, alice.cookie))
      expect(error.status, JSON.stringify(input)).toBe(400)
    }
  })

  it('documents.admin.* is for admins, and reaches anyone', async () => {
    const refused = await trpcError(
      await trpcQuery(
        'documents.admin.statement',
        { userId: bob.id, month: thisMonth },
        alice.cookie,
      ),
    )
    expect(refused.status).toBe(403)
    const got = await trpcData<{ userId: number }>(
      await trpcQuery('documents.admin.get', { documentId: bobReceipt.id }, admin.cookie),
    )
    expect(got.userId).toBe(bob.id)
    const statement = await trpcData<{ closingBalance: { cents: number } }>(
      await trpcQuery(
        'documents.admin.statement',
        { userId: bob.id, month: thisMonth },
        admin.cookie,
      ),
    )
    expect(statement.closingBalance.cents).toBe(1_500)
  })
})

import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as documentPdfRoute from '#app/routes/api.documents.$documentId[.]pdf.ts'
import * as statementRoute from '#app/routes/api.statements.$month[.]pdf.ts'
import * as trpcRoute from '#app/routes/api.trpc.$.ts'
import { db } from '#db/client.ts'
import { documents } from '#db/schema/index.ts'
import { extractPdfText } from '#server/lib/pdf/pdf-text.testing.ts'
import { createApiToken } from '#server/services/api-tokens/api-tokens.ts'
import { runCli, serveApiRoutes } from '#tests/helpers/cli.ts'
import { capturedTopup, clearRateLimits, resetPaymentFakes } from '#tests/helpers/payments.ts'
import { createTestUser } from '#tests/helpers/users.ts'

/**
 * `npm run cli` (scripts/cli.ts) as a child process: documents over tRPC, and the document
 * and statement PDFs over REST with a read-scoped token, against the real route modules on a
 * loopback port.
 */
let app: { url: string; close: () => void } | undefined

beforeAll(async () => {
  app = await serveApiRoutes([
    { path: 'api/documents/:documentId.pdf', module: documentPdfRoute },
    { path: 'api/statements/:month.pdf', module: statementRoute },
    { path: 'api/trpc/*', module: trpcRoute },
  ])
})
afterAll(() => app?.close())

const cli = (args: string[], token: string) => runCli(args, { url: app!.url, token })

describe('npm run cli: documents', () => {
  it('lists documents and saves a receipt and a statement as PDFs; another user’s is refused', async () => {
    resetPaymentFakes()
    await clearRateLimits()
    const customer = await createTestUser({ name: 'Cli Documents Ærø' })
    const other = await createTestUser({ name: 'Cli Other' })
    await capturedTopup(customer.id, 'custom_credits', 4_200)
    await capturedTopup(other.id, 'custom_credits', 100)
    const [receipt] = await db.select().from(documents).where(eq(documents.userId, customer.id))
    const [theirs] = await db.select().from(documents).where(eq(documents.userId, other.id))
    const token = (await createApiToken(db, { user: customer, name: 'cli', scope: 'read' })).token
    const month = new Date().toISOString().slice(0, 7)
    const dir = tmpdir()
    const receiptFile = join(dir, `cli-receipt-${process.pid}.pdf`)
    const statementFile = join(dir, `cli-statement-${process.pid}.pdf`)

    const [list, saved, statement, refused, badMonth, noOut] = await Promise.all([
      cli(['documents'], token),
      cli(['document', String(receipt!.id), '--out', receiptFile], token),
      cli(['statement', month, '--out', statementFile], token),
      cli(['document', String(theirs!.id), '--out', join(dir, 'never.pdf')], token),
      cli(['statement', '2026-13', '--out', join(dir, 'never.pdf')], token),
      cli(['document', String(receipt!.id)], token),
    ])
    expect(list.code, list.stderr).toBe(0)
    expect(list.stdout).toContain(receipt!.number)
    expect(list.stdout).not.toContain(theirs!.number)

    expect(saved.code, saved.stderr).toBe(0)
    const receiptText = (await extractPdfText(await readFile(receiptFile))).join('\n')
    expect(receiptText).toContain(receipt!.number)
    expect(receiptText).toContain('Cli Documents Ærø')

    expect(statement.code, statement.stderr).toBe(0)
    const statementText = (await extractPdfText(await readFile(statementFile))).join('\n')
    expect(statementText).toContain('Closing balance $42.00')

    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('No such document.')
    expect(badMonth.code).toBe(2)
    expect(noOut.code).toBe(2)
    expect(noOut.stderr).toContain('--out is required.')
  })
})

import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as documentPdfRoute from '#app/routes/api.documents.$documentId[.]pdf.ts'
import * as statementRoute from '#app/routes/api.statements.$month[.]pdf.ts'
import * as trpcRoute from '#app/routes/api.trpc.$.ts'
import { db } from '#db/client.ts'
import { documents } from '#db/schema/index.ts'
import { extractPdfText } from '#server/lib/pdf/pdf-text.testing.ts'
import { createApiToken } from '#server/services/api-tokens/api-tokens.ts'
import { invoke } from '#tests/helpers/http.ts'
import { capturedTopup, clearRateLimits, resetPaymentFakes } from '#tests/helpers/payments.ts'
import { createTestUser } from '#tests/helpers/users.ts'

/**
 * `npm run cli` (scripts/cli.ts) as a child process: documents over tRPC, and the document
 * and statement PDFs over REST with a read-scoped token, against the real route modules on a
 * loopback port.
 */
let app: { url: string; close: () => void } | undefined

const DOCUMENT = /^\/api\/documents\/([^/]+)\.pdf$/
const STATEMENT = /^\/api\/statements\/([^/]+)\.pdf$/

beforeAll(async () => {
  const server = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url!, 'http://x').pathname
      const document = DOCUMENT.exec(path)
      const statement = STATEMENT.exec(path)
      const handler = document
        ? documentPdfRoute.loader
        : statement
          ? statementRoute.loader
          : req.method === 'GET'
            ? trpcRoute.loader
            : trpcRoute.action
      const headers = new Headers()
      for (const [name, value] of Object.entries(req.headers))
        if (typeof value === 'string' && !['host', 'connection'].includes(name))
          headers.set(name, value)
      const response = await invoke(handler, req.url!, {
        method: req.method!,
        headers,
        params: document ? { documentId: document[1]! } : statement ? { month: statement[1]! } : {},
      })
      res.writeHead(response.status, Object.fromEntries(response.headers))
      res.end(Buffer.from(await response.arrayBuffer()))
    })()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  app = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => void server.close(),
  }
})
afterAll(() => app?.close())

type Result = { code: number; stdout: string; stderr: string }

async function cli(args: string[], token: string): Promise<Result> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      'npx',
      ['tsx', 'scripts/cli.ts', ...args],
      {
        env: { ...process.env, API_URL: app!.url, API_TOKEN: token },
        timeout: 60_000,
      },
    )
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string }
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' }
  }
}

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

import { readFileSync } from 'node:fs'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { runMigrations } from '#db/migrate.ts'
import { documentSnapshotSchema } from '#server/lib/pdf/document-snapshot.ts'
import { withDatabase } from '#tests/setup/free-port.ts'
import { TEST_OWNER, asRole } from '#tests/setup/roles.ts'

/**
 * Migration 0025 issues the documents that charges and top-ups settled before 0024 never got
 * (ADR 027, "Backfill"). A database holds data written before the issuing triggers existed:
 * the DNS fixture's charges (moved into service_charges by 0017) and top-ups written at 0023.
 * 0024 is applied and one top-up completes under its trigger, as on a production install that
 * ran 0024 before 0025; then the rest is migrated and every source must have exactly one
 * document, numbered gapless after the trigger's, oldest source first.
 */

const FIXTURE = 'tests/fixtures/dns-before-services/fixture.sql'
const year = new Date().getUTCFullYear()

type Row = Record<string, unknown>
const iso = (value: unknown) => (value as Date).toISOString()

const name = `skypanel_documents_backfill_${process.pid}`
const serverUrl = inject('databaseServerUrl')
const admin = postgres(withDatabase(serverUrl, 'postgres'), { max: 1, onnotice: () => {} })
const url = asRole(withDatabase(serverUrl, name), TEST_OWNER)
let owner: postgres.Sql
let otherSession: postgres.Sql

/** A PayPal top-up as the payment code of the time left it (no credit entry needed here). */
async function topup(
  userId: number,
  status: string,
  capturedAt: string | null,
  purpose: 'custom_credits' | 'virtfusion_tokens' = 'virtfusion_tokens',
) {
  const tokens = purpose === 'virtfusion_tokens' ? 1_500 : null
  const [row] = await owner<{ id: number }[]>`
    insert into topups (user_id, purpose, amount_cents, tokens, paypal_order_id,
                        paypal_capture_id, status, captured_at, completed_at,
                        refunded_cents, created_at)
    values (${userId}, ${purpose}, 1500, ${tokens}, ${`ORDER-${status}-${Math.random()}`},
            ${capturedAt ? `CAPTURE-${Math.random()}` : null}, ${status},
            ${capturedAt}, ${status === 'completed' ? capturedAt : null},
            ${status === 'refunded' ? 1500 : 0}, ${capturedAt ?? '2026-01-01T00:00:00Z'})
    returning id`
  return row!.id
}

async function documentsOf(kind: string) {
  return owner<Row[]>`
    select d.*, coalesce(d.service_charge_id, d.topup_id, d.service_refund_id) as source_id
      from documents d where kind = ${kind} and year = ${year} order by seq`
}

async function counter(kind: string) {
  const [row] = await owner<{ last_seq: number }[]>`
    select last_seq from document_counters where kind = ${kind} and year = ${year}`
  return row?.last_seq ?? 0
}

function expectGapless(docs: Row[], last: number) {
  expect(docs.map((d) => d.seq)).toEqual(docs.map((_, i) => i + 1))
  expect(new Set(docs.map((d) => d.number)).size).toBe(docs.length)
  expect(last).toBe(docs.length)
}

/** Top-ups paid before 0024, written out of their capture order. */
const paidBefore: Array<{ id: number; capturedAt: string }> = []
const neverPaid: number[] = []
let triggerReceiptTopup = 0

beforeAll(async () => {
  await admin.unsafe(`drop database if exists "${name}" with (force)`)
  await admin.unsafe(`create database "${name}" owner "${TEST_OWNER.name}"`)
  await runMigrations(url, { upTo: '0015_job_processes' })
  owner = postgres(url, { max: 1, onnotice: () => {} })
  otherSession = postgres(url, { max: 1, onnotice: () => {} })
  await owner.unsafe(readFileSync(FIXTURE, 'utf8')).simple()
  await runMigrations(url, { upTo: '0023_documents' })

  for (const [userId, status, capturedAt, purpose] of [
    [2, 'completed', '2026-03-05T10:00:00.000Z', 'custom_credits'],
    [3, 'completed', '2026-01-20T08:30:00.000Z', 'virtfusion_tokens'],
    [4, 'refunded', '2026-02-11T12:00:00.000Z', 'virtfusion_tokens'],
    [2, 'review', '2026-02-01T09:15:00.000Z', 'virtfusion_tokens'],
    [5, 'captured', '2026-04-30T23:59:59.000Z', 'virtfusion_tokens'],
  ] as const) {
    paidBefore.push({ id: await topup(userId, status, capturedAt, purpose), capturedAt })
  }
  for (const status of ['failed', 'flagged', 'created', 'pending'])
    neverPaid.push(await topup(3, status, null))

  // 0024 in production before 0025: a top-up completed under the trigger takes RCT 1.
  await runMigrations(url, { upTo: '0024_documents_issuance' })
  triggerReceiptTopup = await topup(6, 'created', null)
  await owner`update topups set status = 'completed', captured_at = now(), completed_at = now()
               where id = ${triggerReceiptTopup}`
  await owner`insert into app_settings (id, company_name, company_address, tax_id)
              values (1, 'Backfill Hosting Ltd', '1 Ledger Lane', 'VAT-42')`

  const result = await runMigrations(url)
  expect(result.applied).toBeGreaterThan(0)
}, 180_000)

afterAll(async () => {
  await owner?.end()
  await otherSession?.end()
  await admin.unsafe(`drop database if exists "${name}" with (force)`)
  await admin.end()
})

describe('the documents backfill (migration 0025)', () => {
  it('issued one invoice per charge written before 0024, oldest charge first, numbered 1..N', async () => {
    const charges = await owner<
      Row[]
    >`select id, created_at from service_charges order by created_at, id`
    expect(charges.length).toBeGreaterThanOrEqual(10)
    const invoices = await documentsOf('invoice')
    expect(invoices.map((d) => d.source_id)).toEqual(charges.map((c) => c.id))
    expectGapless(invoices, await counter('invoice'))
    for (const [i, invoice] of invoices.entries()) {
      const snapshot = documentSnapshotSchema.parse(invoice.snapshot)
      expect(snapshot.number).toBe(`INV-${year}-${String(i + 1).padStart(6, '0')}`)
      // The charge's own date is recorded; the company block is today's settings.
      expect((invoice.snapshot as { payment: { paidAt: string } }).payment.paidAt).toBe(
        iso(charges[i]!.created_at),
      )
      expect(snapshot.company).toMatchObject({
        name: 'Backfill Hosting Ltd',
        address: '1 Ledger Lane',
        taxId: 'VAT-42',
      })
    }
  })

  it('issued a receipt per top-up paid before 0024 (refunded since included), in capture order after the trigger’s, none for an unpaid one', async () => {
    const receipts = await documentsOf('receipt')
    const byCapture = [...paidBefore].sort((a, b) => a.capturedAt.localeCompare(b.capturedAt))
    expect(receipts.map((d) => d.source_id)).toEqual([
      triggerReceiptTopup,
      ...byCapture.map((t) => t.id),
    ])
    expectGapless(receipts, await counter('receipt'))
    for (const receipt of receipts.slice(1)) {
      const snapshot = documentSnapshotSchema.parse(receipt.snapshot)
      expect(snapshot.topup!.paidAt).toBe(
        byCapture.find((t) => t.id === receipt.source_id)!.capturedAt,
      )
      expect(snapshot.company.name).toBe('Backfill Hosting Ltd')
    }
    const [unpaid] = await owner<{ n: number }[]>`
      select count(*)::int as n from documents where topup_id = any(${neverPaid})`
    expect(unpaid!.n).toBe(0)
  })

  it('issues nothing when run again, even twice at once, and then only what is missing', async () => {
    const countAll = async () =>
      (await owner<{ n: number }[]>`select count(*)::int as n from documents`)[0]!.n
    const before = await countAll()
    const [again] = await owner<{ n: number }[]>`select documents_backfill() as n`
    expect(again!.n).toBe(0)
    expect(await countAll()).toBe(before)

    // Two top-ups paid while the trigger was off (as before 0024), then two backfills at once:
    // one issues both, the other waits for it and finds nothing left.
    await owner.begin(async (tx) => {
      await tx`alter table topups disable trigger documents_receipt_on_topup`
      await tx`update topups set status = 'completed', captured_at = now(), completed_at = now()
                where id = any(${neverPaid.slice(2)})`
      await tx`alter table topups enable trigger documents_receipt_on_topup`
    })
    expect(await countAll()).toBe(before)
    const runs = await Promise.all([
      owner<{ n: number }[]>`select documents_backfill() as n`,
      otherSession<{ n: number }[]>`select documents_backfill() as n`,
    ])
    expect(runs.map(([r]) => r!.n).sort()).toEqual([0, 2])
    expect(await countAll()).toBe(before + 2)
    expectGapless(await documentsOf('receipt'), await counter('receipt'))
    expectGapless(await documentsOf('invoice'), await counter('invoice'))
  })
})

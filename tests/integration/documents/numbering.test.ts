import { and, asc, eq, sql } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createDatabase } from '#db/connection.ts'
import { db } from '#db/client.ts'
import {
  documentCounters,
  documents,
  serviceCharges,
  topups,
  type DocumentKind,
} from '#db/schema/index.ts'
import { spendCredits } from '#server/services/credits/spend-credits.ts'
import { orderService } from '#server/services/services/order-service.ts'
import { expectLedgerConsistent, fundedUser } from '#tests/helpers/dns.ts'
import {
  approvedOrder,
  capturedTopup,
  clearRateLimits,
  resetPaymentFakes,
  resetVirtFusionFake,
} from '#tests/helpers/payments.ts'
import { dedicatedServerProduct, endAllLiveServices } from '#tests/helpers/services.ts'
import { createTestUser } from '#tests/helpers/users.ts'

// Document numbers are gapless and unique per kind and year (ADR 027): taken at COMMIT of the
// source's transaction from a counter row that stays locked until that transaction ends, so a
// transaction that rolls back, even after taking a number, gives it back.

const year = new Date().getUTCFullYear()
const pool = createDatabase(process.env.DATABASE_URL!, { max: 12 })

beforeAll(async () => {
  resetVirtFusionFake()
  resetPaymentFakes()
  await clearRateLimits()
})
afterEach(async () => {
  await expectLedgerConsistent()
  await endAllLiveServices()
})
afterAll(async () => {
  await pool.sql.end()
})

class Rollback extends Error {}

/** Every number issued this year for a kind, in order, and the counter's last number. */
async function issued(kind: DocumentKind) {
  const rows = await db
    .select({ seq: documents.seq, number: documents.number })
    .from(documents)
    .where(and(eq(documents.kind, kind), eq(documents.year, year)))
    .orderBy(asc(documents.seq))
  const [counter] = await db
    .select({ lastSeq: documentCounters.lastSeq })
    .from(documentCounters)
    .where(and(eq(documentCounters.kind, kind), eq(documentCounters.year, year)))
  return {
    seqs: rows.map((r) => r.seq),
    numbers: rows.map((r) => r.number),
    last: counter?.lastSeq,
  }
}

function expectGapless(result: Awaited<ReturnType<typeof issued>>) {
  expect(result.seqs).toEqual(Array.from({ length: result.seqs.length }, (_, i) => i + 1))
  expect(new Set(result.numbers).size).toBe(result.numbers.length)
  expect(result.last).toBe(result.seqs.length)
}

describe('document numbers', () => {
  it('parallel charges and top-ups, some rolled back after taking a number: exactly 1..N per kind, no gap, no duplicate', async () => {
    const plain = await dedicatedServerProduct({ monthly: 1_000 })
    const withFee = await dedicatedServerProduct({ monthly: 1_000 }, 500)
    const buyers = await Promise.all(
      Array.from({ length: 16 }, (_, i) => fundedUser(5_000, `Numbered ${i}`)),
    )
    const payers = await Promise.all(
      Array.from({ length: 6 }, (_, i) => createTestUser({ name: `Payer ${i}` })),
    )
    // A service to hang rolled-back charges on, and top-ups to settle in rolled-back transactions.
    const victim = buyers[0]!
    const victimService = await orderService(db, {
      userId: victim.id,
      productId: plain,
      cycle: 'monthly',
    })
    const doomedTopups = await Promise.all(
      payers.slice(0, 3).map((p) => approvedOrder(p.id, 'custom_credits', 1_000)),
    )
    const before = { invoice: await issued('invoice'), receipt: await issued('receipt') }

    const sawOwnNumber: boolean[] = []
    const rolledBackCharge = (i: number) =>
      pool.db
        .transaction(async (tx) => {
          const entry = await spendCredits(tx, {
            userId: victim.id,
            type: 'service_upgrade',
            amountCents: 100,
            description: `doomed charge ${i}`,
          })
          const [charge] = await tx
            .insert(serviceCharges)
            .values({
              serviceId: victimService.id,
              productId: plain,
              cycle: 'monthly',
              kind: 'upgrade',
              periodStart: new Date(Date.UTC(2000, 0, 1 + i)),
              periodEnd: new Date(Date.UTC(2000, 1, 1 + i)),
              amountCents: 100,
              creditEntryId: entry.id,
            })
            .returning()
          // Run the deferred issuing trigger now: the number is taken, then given back.
          await tx.execute(sql`set constraints documents_invoice_on_charge immediate`)
          const mine = await tx
            .select()
            .from(documents)
            .where(eq(documents.serviceChargeId, charge!.id))
          sawOwnNumber.push(mine.length === 1)
          await tx.execute(sql`select pg_sleep(0.05)`)
          throw new Rollback()
        })
        .catch((e: unknown) => {
          if (!(e instanceof Rollback)) throw e
        })
    const rolledBackReceipt = (topupId: number) =>
      pool.db
        .transaction(async (tx) => {
          await tx
            .update(topups)
            .set({ status: 'captured', paypalCaptureId: `DOOMED-${topupId}` })
            .where(eq(topups.id, topupId))
          await tx.execute(sql`set constraints documents_receipt_on_topup immediate`)
          const mine = await tx.select().from(documents).where(eq(documents.topupId, topupId))
          sawOwnNumber.push(mine.length === 1)
          throw new Rollback()
        })
        .catch((e: unknown) => {
          if (!(e instanceof Rollback)) throw e
        })

    await Promise.all([
      ...buyers.map((b, i) =>
        orderService(pool.db, {
          userId: b.id,
          productId: i % 4 === 0 ? withFee : plain,
          cycle: 'monthly',
        }),
      ),
      ...Array.from({ length: 6 }, (_, i) => rolledBackCharge(i)),
      ...payers.slice(3).map((p) => capturedTopup(p.id, 'custom_credits', 700)),
      ...payers.slice(0, 3).map((p) => capturedTopup(p.id, 'virtfusion_tokens', 300)),
      ...doomedTopups.map((t) => rolledBackReceipt(t.topupId)),
    ])

    expect(sawOwnNumber).toEqual(Array(9).fill(true))
    const invoices = await issued('invoice')
    const receipts = await issued('receipt')
    expectGapless(invoices)
    expectGapless(receipts)
    // 16 purchases, 4 setup fees; 6 top-ups. The rolled-back ones left nothing behind.
    expect(invoices.seqs.length - before.invoice.seqs.length).toBe(20)
    expect(receipts.seqs.length - before.receipt.seqs.length).toBe(6)
    const doomed = await db.select().from(documents).where(eq(documents.userId, victim.id))
    // Its first order, and its order in the burst (with a setup fee): no doomed charge.
    expect(doomed.map((d) => d.totalCents).sort((a, b) => a - b)).toEqual([500, 1_000, 1_000])
  })

  it('counts per kind and year from 1, and a rolled-back transaction gives its number back', async () => {
    const take = (kind: DocumentKind, y: number) =>
      db.execute<{ seq: number }>(
        sql`select documents_next_seq(${kind}::document_kind, ${y}::smallint) as seq`,
      )
    await db
      .transaction(async (tx) => {
        const seq = async (kind: DocumentKind, y: number) =>
          (
            await tx.execute<{ seq: number }>(
              sql`select documents_next_seq(${kind}::document_kind, ${y}::smallint) as seq`,
            )
          )[0]!.seq
        expect(await seq('invoice', 1999)).toBe(1)
        expect(await seq('invoice', 1999)).toBe(2)
        expect(await seq('credit_note', 1999)).toBe(1)
        expect(await seq('invoice', 1998)).toBe(1)
        throw new Rollback()
      })
      .catch((e: unknown) => {
        if (!(e instanceof Rollback)) throw e
      })
    expect((await take('invoice', 1999))[0]!.seq).toBe(1)
  })
})

import { readFileSync } from 'node:fs'
import { eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '#db/client.ts'
import { topupRefunds, topups } from '#db/schema/index.ts'
import { postCreditEntry } from '#server/services/credits/post-credit-entry.ts'
import { createTestUser } from '#tests/helpers/users.ts'

/**
 * Migration 0012 records the refunds counted before topup_refunds existed, so a top-up's
 * rows add up to its refunded_cents. Replayed here on rows shaped like the old code left them.
 */
const BACKFILL = readFileSync('db/migrations/0012_topup_refunds_webhook_claims.sql', 'utf8')
  .split('--> statement-breakpoint')
  .filter((statement) => statement.includes('INSERT INTO "topup_refunds"'))

describe('migration 0012 backfill', () => {
  it('credit refunds keep their PayPal refund ids; the rest of refunded_cents becomes one row', async () => {
    expect(BACKFILL).toHaveLength(2)
    const user = await createTestUser()
    const [credits] = await db
      .insert(topups)
      .values({
        userId: user.id,
        purpose: 'custom_credits',
        amountCents: 2500,
        status: 'completed',
        paypalCaptureId: 'CAPTURE-LEGACY-1',
        refundedCents: 1000,
      })
      .returning()
    const [tokens] = await db
      .insert(topups)
      .values({
        userId: user.id,
        purpose: 'virtfusion_tokens',
        amountCents: 1000,
        tokens: 1000,
        status: 'flagged',
        paypalCaptureId: 'CAPTURE-LEGACY-2',
        refundedCents: 600,
      })
      .returning()
    await db.transaction(async (tx) => {
      await postCreditEntry(tx, {
        userId: user.id,
        type: 'purchase',
        amountCents: 2500,
        description: 'PayPal purchase of custom credits',
        paymentMethod: 'paypal',
        paymentReference: 'CAPTURE-LEGACY-1',
      })
      await postCreditEntry(tx, {
        userId: user.id,
        type: 'refund',
        amountCents: -1000,
        description: 'PayPal refund of a credit purchase',
        paymentMethod: 'paypal',
        paymentReference: 'refund:REFUND-LEGACY-1',
        metadata: { topupId: credits!.id },
      })
    })

    for (const statement of BACKFILL) await db.execute(sql.raw(statement))

    const rows = await db.select().from(topupRefunds)
    expect(
      rows.map((r) => [r.topupId, r.kind, r.paypalRefundId, r.amountCents, r.reportedBy]),
    ).toEqual([
      [credits!.id, 'refund', 'REFUND-LEGACY-1', 1000, 'backfill'],
      [tokens!.id, 'refund', `backfill:topup-${tokens!.id}`, 600, 'backfill'],
    ])
    expect(rows[0]!.creditEntryId).not.toBeNull()
    // Idempotent: running it again adds nothing.
    for (const statement of BACKFILL) await db.execute(sql.raw(statement))
    expect(await db.select().from(topupRefunds)).toHaveLength(2)
    const [after] = await db.select().from(topups).where(eq(topups.id, tokens!.id))
    expect(after!.refundedCents).toBe(600)
  })
})

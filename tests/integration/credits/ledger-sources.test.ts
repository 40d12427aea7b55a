import { spawnSync } from 'node:child_process'
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '#db/client.ts'
import { postCreditEntry } from '#server/services/credits/post-credit-entry.ts'
import { changePlan } from '#server/services/dns-plans/change-plan.ts'
import { runRenewals } from '#server/services/dns-plans/run-renewals.ts'
import { runLedgerCheck } from '#server/services/health/system-checks.ts'
import { verifyLedger } from '#server/services/credits/verify-ledger.ts'
import { setUserRole } from '#server/services/users/set-user-role.ts'
import { adjustCreditsByAdmin } from '#server/services/credits/adjust-credits-by-admin.ts'
import { at, fund, ledgerAdmin, planIds, subscriber } from '#tests/helpers/dns.ts'
import {
  capturedTopup,
  postWebhook,
  resetPaymentFakes,
  resetVirtFusionFake,
} from '#tests/helpers/payments.ts'
import { createTestUser } from '#tests/helpers/users.ts'
import { paypalFake } from '#tests/mocks/paypal.ts'

/**
 * ledger:verify checks every journal entry against the record that caused it. The file's
 * first test fills a fresh database through the real services only (so it must be clean);
 * the later ones add entries whose source is missing and expect each to be named.
 */

beforeAll(() => {
  resetPaymentFakes()
  resetVirtFusionFake()
})

async function refundWebhook(orderId: string, type: 'REFUNDED' | 'REVERSED') {
  const event = paypalFake.webhookEvent(`PAYMENT.CAPTURE.${type}`, orderId)
  const result = await postWebhook(JSON.stringify(event))
  expect(result.data?.outcome).toBe('compensation compensated')
}

describe('ledger:verify cross-checks each entry against its source', () => {
  it('a database filled through the real services has no orphans', async () => {
    const buyer = await createTestUser({ name: 'Buyer' })
    await capturedTopup(buyer.id, 'custom_credits', 2500)
    const refunded = await capturedTopup(buyer.id, 'custom_credits', 1200)
    await refundWebhook(refunded.paypalOrderId!, 'REFUNDED')
    const chargedBack = await capturedTopup(buyer.id, 'custom_credits', 800)
    await refundWebhook(chargedBack.paypalOrderId!, 'REVERSED')

    // Admin credits from an admin who is demoted afterwards: the entry stays sourced.
    const formerAdmin = await createTestUser({ role: 'admin', name: 'Former Admin' })
    await adjustCreditsByAdmin(db, {
      userId: buyer.id,
      amount: 300,
      reason: 'goodwill',
      direction: 'add',
      admin: formerAdmin,
    })
    await setUserRole(db, {
      actorId: (await ledgerAdmin()).id,
      userId: formerAdmin.id,
      role: 'user',
      reason: 'moved to sales',
    })

    // DNS: purchase, upgrade, renewal.
    const ids = await planIds()
    const { user } = await subscriber('basic', at('2027-01-10T00:00:00Z'), 5000)
    await changePlan(db, { userId: user.id, planId: ids.pro, now: at('2027-01-20T00:00:00Z') })
    await runRenewals(db, { now: at('2027-02-10T01:00:00Z') })
    await fund(user.id, 100)

    const report = await verifyLedger(db)
    expect(report.entriesChecked).toBeGreaterThanOrEqual(10)
    expect(report.problems).toEqual([])
    expect(report.orphans).toEqual([])
    const check = await runLedgerCheck(db)
    expect(check.outcome).toBe('ok')
    expect(check.details).toMatchObject({ orphanCount: 0 })
  })

  it('names each entry whose source is missing; the daily check and the CLI report them', async () => {
    const user = await createTestUser({ name: 'Orphan Owner' })
    const notAnAdmin = await createTestUser({ name: 'Not An Admin' })
    const purchase = await db.transaction((t) =>
      postCreditEntry(t, {
        userId: user.id,
        type: 'purchase',
        amountCents: 5000,
        description: 'forged purchase',
        paymentMethod: 'paypal',
        paymentReference: 'CAPTURE-NOBODY-KNOWS',
      }),
    )
    const refund = await db.transaction((t) =>
      postCreditEntry(t, {
        userId: user.id,
        type: 'refund',
        amountCents: -100,
        description: 'refund of nothing',
        paymentReference: 'refund:NO-SUCH-REFUND',
        metadata: { topupId: 2147483000 },
        allowNegative: true,
      }),
    )
    const renewal = await db.transaction((t) =>
      postCreditEntry(t, {
        userId: user.id,
        type: 'dns_plan_renewal',
        amountCents: -500,
        description: 'renewal of no subscription',
      }),
    )
    const adminAdd = await db.transaction((t) =>
      postCreditEntry(t, {
        userId: user.id,
        type: 'admin_add',
        amountCents: 700,
        description: 'credits from a non-admin',
        adminUserId: notAnAdmin.id,
        reason: 'looks official',
      }),
    )

    const report = await verifyLedger(db)
    expect(report.problems).toEqual([])
    expect(report.orphans).toEqual([
      {
        entryId: purchase.id,
        userId: user.id,
        type: 'purchase',
        amountCents: 5000,
        missing: 'no top-up with capture CAPTURE-NOBODY-KNOWS',
      },
      {
        entryId: refund.id,
        userId: user.id,
        type: 'refund',
        amountCents: -100,
        missing: 'no top-up 2147483000',
      },
      {
        entryId: renewal.id,
        userId: user.id,
        type: 'dns_plan_renewal',
        amountCents: -500,
        missing: 'no DNS plan charge for this entry',
      },
      {
        entryId: adminAdd.id,
        userId: user.id,
        type: 'admin_add',
        amountCents: 700,
        missing: `user ${notAnAdmin.id} was not an admin at the time`,
      },
    ])

    const check = await runLedgerCheck(db)
    expect(check.outcome).toBe('findings')
    expect(check.summary).toContain('4 orphan(s)')
    expect(check.details).toMatchObject({ orphanCount: 4 })

    const cli = spawnSync('npx', ['tsx', 'scripts/ledger-verify.ts'], {
      env: { ...process.env, NODE_ENV: 'test' },
      encoding: 'utf8',
    })
    expect(cli.stdout).toMatch(/OK: every balance equals its journal/)
    expect(cli.stderr).toContain('ORPHANS: 4 entries without their source')
    expect(cli.stderr).toContain(
      `entry ${purchase.id} (purchase, $50.00, user ${user.id}): no top-up with capture CAPTURE-NOBODY-KNOWS`,
    )
    expect(cli.status).toBe(1)
  })

  it('a top-up that does not match its purchase entry is named with what differs', async () => {
    const user = await createTestUser()
    const before = new Set((await verifyLedger(db)).orphans.map((o) => o.entryId))
    const topup = await capturedTopup(user.id, 'custom_credits', 1000)
    // Credits claimed for a token top-up's capture (tokens never post a credit entry).
    const tokens = await capturedTopup(user.id, 'virtfusion_tokens', 1000)
    const forged = await db.transaction((t) =>
      postCreditEntry(t, {
        userId: user.id,
        type: 'purchase',
        amountCents: 1000,
        description: 'credits for a token purchase',
        paymentReference: tokens.paypalCaptureId,
      }),
    )
    const orphans = (await verifyLedger(db)).orphans.filter((o) => !before.has(o.entryId))
    expect(orphans).toEqual([
      expect.objectContaining({
        entryId: forged.id,
        missing: `top-up ${tokens.id} is not a custom-credit top-up`,
      }),
    ])
    expect(orphans.map((o) => o.entryId)).not.toContain(topup.creditEntryId)
  })
})

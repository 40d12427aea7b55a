import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { db } from '#db/client.ts'
import { adminAuditLog, mailOutbox } from '#db/schema/index.ts'
import { createApiToken } from '#server/services/api-tokens/api-tokens.ts'
import { postCreditEntry } from '#server/services/credits/post-credit-entry.ts'
import { deliverDueMail } from '#server/services/mail/deliver-due-mail.ts'
import { createMailTransport } from '#server/services/mail/mail-transport.ts'
import {
  getMailPreferences,
  updateMailPreferences,
} from '#server/services/mail/preferences/mail-preferences.ts'
import { retryFailedMail } from '#server/services/mail/retry-mail.ts'
import { unsubscribeToken } from '#server/services/mail/unsubscribe.ts'
import { compensateTopup } from '#server/services/payments/compensate-topup.ts'
import { capturedTopup, clearRateLimits, resetPaymentFakes } from '#tests/helpers/payments.ts'
import { trpcData, trpcMutation, trpcQuery } from '#tests/helpers/trpc.ts'
import { createTestUser, TEST_PASSWORD, type TestUser } from '#tests/helpers/users.ts'
import { startSmtpSink, type SmtpSink } from './smtp-sink.ts'

/**
 * The account messages (issue #14) from the events that cause them to a real SMTP server,
 * preferences and one-click unsubscribe. Other files share this database's outbox, so every
 * assertion is about this test's own recipient.
 */

let sink: SmtpSink
let alice: TestUser
let ledgerAdmin: TestUser

beforeAll(async () => {
  sink = await startSmtpSink()
  ledgerAdmin = await createTestUser({ role: 'admin', name: 'Ledger Admin' })
})
afterAll(() => sink.close())
beforeEach(async () => {
  resetPaymentFakes()
  await clearRateLimits()
  sink.refuseWith(null)
  alice = await createTestUser({ name: 'Alice Account' })
})

const deliver = () => deliverDueMail(db, { transport: createMailTransport(sink.url) })
const rowsFor = (userId: number, template?: string) =>
  db
    .select()
    .from(mailOutbox)
    .where(
      template
        ? and(eq(mailOutbox.userId, userId), eq(mailOutbox.template, template))
        : eq(mailOutbox.userId, userId),
    )
const header = (mail: { headerLines: readonly { key: string; line: string }[] }, key: string) =>
  mail.headerLines.find((h) => h.key === key)?.line ?? null

/** Posts one entry in its own transaction, as every service does. */
const post = (userId: number, amountCents: number) =>
  db.transaction((tx) =>
    postCreditEntry(tx, {
      userId,
      type: amountCents > 0 ? 'admin_add' : 'admin_remove',
      amountCents,
      description: amountCents > 0 ? 'Test funds' : 'Test charge',
      adminUserId: ledgerAdmin.id,
      reason: 'low-balance test',
      allowNegative: true,
    }),
  )

describe('low balance', () => {
  it('is sent once per crossing below the threshold, not on every debit while below', async () => {
    await updateMailPreferences(db, {
      userId: alice.id,
      preferences: { enabled: ['low_balance'], lowBalanceThreshold: 1000 },
    })
    await post(alice.id, 2000)
    await post(alice.id, -500) // 15.00: above
    expect(await rowsFor(alice.id, 'low-balance')).toHaveLength(0)
    const crossing = await post(alice.id, -600) // 9.00: crossed
    await post(alice.id, -100) // 8.00: still below, nothing new
    expect(await rowsFor(alice.id, 'low-balance')).toHaveLength(1)
    await post(alice.id, 500) // 13.00: back above
    const second = await post(alice.id, -400) // 9.00: a second crossing
    const rows = await rowsFor(alice.id, 'low-balance')
    expect(rows.map((r) => r.eventKey).sort()).toEqual(
      [`low-balance:${crossing.id}`, `low-balance:${second.id}`].sort(),
    )
    expect(rows[0]!.data).toMatchObject({ balanceCents: 900, thresholdCents: 1000 })
  })

  it('uses the default threshold ($5.00 unless the admin settings say otherwise) without a row of its own', async () => {
    const prefs = await getMailPreferences(db, alice.id)
    expect(prefs.lowBalance.isDefault).toBe(true)
    await post(alice.id, prefs.lowBalance.defaultCents)
    await post(alice.id, -1)
    expect(await rowsFor(alice.id, 'low-balance')).toHaveLength(1)
  })

  it('an opted-out optional category writes no row; a mandatory message is still sent', async () => {
    await updateMailPreferences(db, {
      userId: alice.id,
      preferences: { enabled: [], lowBalanceThreshold: 1000 },
    })
    await post(alice.id, 2000)
    await post(alice.id, -1500)
    expect(await rowsFor(alice.id, 'low-balance')).toHaveLength(0)
    await createApiToken(db, { user: alice, name: 'ci', scope: 'read' })
    expect(await rowsFor(alice.id, 'api-token-created')).toHaveLength(1)
  })

  it('carries List-Unsubscribe headers and a signed link; mandatory messages carry none', async () => {
    await updateMailPreferences(db, {
      userId: alice.id,
      preferences: { enabled: ['low_balance'], lowBalanceThreshold: 1000 },
    })
    await post(alice.id, 1500)
    await post(alice.id, -1000)
    await createApiToken(db, { user: alice, name: 'deploy', scope: 'write' })
    await deliver()

    const received = sink.to(alice.email)
    const low = received.find((m) => m.subject?.includes('credits are down to $5.00'))!
    const token = received.find((m) => m.subject?.includes('new API token'))!
    expect(low).toBeDefined()
    expect(token).toBeDefined()
    const link = `/unsubscribe/${unsubscribeToken({ userId: alice.id, category: 'low_balance' })}`
    expect(header(low, 'list-unsubscribe')).toContain(`${link}>`)
    expect(header(low, 'list-unsubscribe-post')).toBe(
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    )
    expect(low.text).toContain(link)
    expect(header(token, 'list-unsubscribe')).toBeNull()
    expect(header(token, 'list-unsubscribe-post')).toBeNull()
    expect(token.text).toContain('deploy')
    expect(token.text).not.toContain('/unsubscribe/')
  })
})

describe('one-click unsubscribe', () => {
  const token = () => unsubscribeToken({ userId: alice.id, category: 'low_balance' })
  const lowBalanceOn = async () =>
    (await getMailPreferences(db, alice.id)).categories.find((c) => c.category === 'low_balance')!
      .enabled

  it('a valid POST turns the category off (twice is fine); the GET-side query changes nothing', async () => {
    const shown = await trpcQuery('account.mail.unsubscribeTarget', { token: token() })
    expect(await trpcData(shown)).toEqual({ userId: alice.id, category: 'low_balance' })
    expect(await lowBalanceOn()).toBe(true)

    for (let i = 0; i < 2; i++) {
      const response = await trpcMutation('account.mail.unsubscribe', { token: token() })
      expect(response.status).toBe(200)
    }
    expect(await lowBalanceOn()).toBe(false)
  })

  it('a tampered or foreign signature is refused with 403 and changes nothing', async () => {
    const bob = await createTestUser({ name: 'Bob Other' })
    const [id, category, signature] = token().split('.')
    const forged = [
      `${bob.id}.${category}.${signature}`, // Alice's signature on Bob's id
      `${id}.billing_reminders.${signature}`, // another category
      `${id}.${category}.${signature!.slice(0, -2)}AA`,
      `${id}.${category}.short`,
    ]
    for (const bad of forged) {
      const response = await trpcMutation('account.mail.unsubscribe', { token: bad })
      expect(response.status, bad).toBe(403)
    }
    expect(await lowBalanceOn()).toBe(true)
    expect((await getMailPreferences(db, bob.id)).categories.every((c) => c.enabled)).toBe(true)
  })
})

describe('security messages', () => {
  it('a password change sends one notice', async () => {
    const response = await trpcMutation(
      'account.password.change',
      { currentPassword: TEST_PASSWORD, newPassword: 'another-password-456' },
      { cookie: alice.cookie },
    )
    expect(response.status).toBe(200)
    const rows = await rowsFor(alice.id, 'password-changed')
    expect(rows).toHaveLength(1)
    await deliver()
    expect(sink.to(alice.email).map((m) => m.subject)).toEqual([
      expect.stringContaining('your password was changed'),
    ])
  })

  it('an email change notifies the new and the OLD address, once each', async () => {
    const oldAddress = alice.email
    const newAddress = `new-${oldAddress}`
    const change = () =>
      trpcMutation(
        'account.email.change',
        { currentPassword: TEST_PASSWORD, email: newAddress },
        { cookie: alice.cookie },
      )
    expect((await change()).status).toBe(200)
    expect((await change()).status).toBe(200) // the same email again: nothing changes
    const rows = await db.select().from(mailOutbox).where(eq(mailOutbox.template, 'email-changed'))
    const mine = rows.filter((r) => [oldAddress, newAddress].includes(r.toAddress))
    expect(mine.map((r) => r.toAddress).sort()).toEqual([newAddress, oldAddress].sort())
    await deliver()
    for (const address of [oldAddress, newAddress]) {
      const received = sink.to(address)
      expect(received, address).toHaveLength(1)
      expect(received[0]!.text).toContain(`from ${oldAddress} to ${newAddress}`)
    }
  })

  it('a new API token sends one notice naming it, keyed on the token', async () => {
    const { view } = await createApiToken(db, { user: alice, name: 'backup job', scope: 'read' })
    const rows = await rowsFor(alice.id, 'api-token-created')
    expect(rows.map((r) => r.eventKey)).toEqual([`api-token-created:${view.id}`])
    expect(rows[0]!.data).toMatchObject({ tokenName: 'backup job', prefix: view.prefix })
  })
})

describe('refunds and reversals', () => {
  it('a PayPal refund reported twice (webhook, then reconciliation) sends one notice', async () => {
    const topup = await capturedTopup(alice.id, 'custom_credits', 2500)
    const report = (reportedBy: string) =>
      compensateTopup(db, {
        captureId: topup.paypalCaptureId!,
        refundId: `REFUND-${topup.id}`,
        kind: 'refund',
        amountCents: 1000,
        reportedBy,
      })
    expect(await report('webhook')).toBe('compensated')
    expect(await report('reconciliation')).toBe('already')
    const rows = await rowsFor(alice.id, 'refund-applied')
    expect(rows).toHaveLength(1)
    expect(rows[0]!.data).toMatchObject({
      kind: 'refund',
      amountCents: 1000,
      reference: topup.paypalCaptureId,
      balanceAfterCents: 1500,
    })
    await deliver()
    const received = sink.to(alice.email).filter((m) => m.subject?.includes('refunded'))
    expect(received).toHaveLength(1)
    expect(received[0]!.subject).toContain('$10.00 refunded to your PayPal account')
  })

  it('a reversal (chargeback) says so', async () => {
    const topup = await capturedTopup(alice.id, 'custom_credits', 1200)
    await compensateTopup(db, {
      captureId: topup.paypalCaptureId!,
      kind: 'chargeback',
      reportedBy: 'webhook',
    })
    const [row] = await rowsFor(alice.id, 'refund-applied')
    expect(row!.data).toMatchObject({ kind: 'reversal', amountCents: 1200 })
  })
})

describe('receipt attachment', () => {
  it('the received receipt mail carries the receipt PDF', async () => {
    await capturedTopup(alice.id, 'custom_credits', 3000)
    await deliver()
    const receipt = sink.to(alice.email).find((m) => m.subject?.includes('receipt'))!
    expect(receipt).toBeDefined()
    const pdfs = receipt.attachments.filter((a) => a.contentType === 'application/pdf')
    expect(pdfs).toHaveLength(1)
    expect(pdfs[0]!.filename).toMatch(/\.pdf$/)
    expect(pdfs[0]!.content.subarray(0, 5).toString()).toBe('%PDF-')
  })
})

describe('retry now', () => {
  it('puts a failed message back for the deliver job, audited; other statuses are refused', async () => {
    const admin = await createTestUser({ role: 'admin', name: 'Retry Admin' })
    await createApiToken(db, { user: alice, name: 'will fail', scope: 'read' })
    sink.refuseWith({ code: 550, message: 'mailbox unavailable' })
    await deliver()
    const [failed] = await rowsFor(alice.id, 'api-token-created')
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 })

    const response = await trpcMutation(
      'admin.mail.retry',
      { id: failed!.id },
      { cookie: admin.cookie },
    )
    expect(response.status).toBe(200)
    const [pending] = await rowsFor(alice.id, 'api-token-created')
    expect(pending).toMatchObject({ status: 'pending', attempts: 0 })
    const audit = await db
      .select()
      .from(adminAuditLog)
      .where(
        and(
          eq(adminAuditLog.action, 'mail.retry'),
          eq(adminAuditLog.subject, `mail:${failed!.id}`),
        ),
      )
    expect(audit).toHaveLength(1)
    expect(audit[0]!.adminUserId).toBe(admin.id)

    sink.refuseWith(null)
    await deliver()
    const [sent] = await rowsFor(alice.id, 'api-token-created')
    expect(sent!.status).toBe('sent')
    expect(sink.to(alice.email)).toHaveLength(1)

    // A sent message is never sent again; a customer cannot retry.
    await expect(
      retryFailedMail(db, { mailId: sent!.id, adminUserId: admin.id }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
    })
    const byCustomer = await trpcMutation(
      'admin.mail.retry',
      { id: sent!.id },
      { cookie: alice.cookie },
    )
    expect(byCustomer.status).toBe(403)
  })
})

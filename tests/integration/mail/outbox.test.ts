import { and, eq, like } from 'drizzle-orm'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { db } from '#db/client.ts'
import { createDatabase } from '#db/connection.ts'
import { creditTransactions, mailOutbox } from '#db/schema/index.ts'
import { getProviders } from '#server/integrations/providers.ts'
import { adjustCreditsByAdmin } from '#server/services/credits/adjust-credits-by-admin.ts'
import { postCreditEntry } from '#server/services/credits/post-credit-entry.ts'
import { deliverDueMail } from '#server/services/mail/deliver-due-mail.ts'
import { enqueueMail } from '#server/services/mail/enqueue-mail.ts'
import { listMail } from '#server/services/mail/list-mail.ts'
import { createMailTransport } from '#server/services/mail/mail-transport.ts'
import { deliverVirtFusionTokens } from '#server/services/virtfusion/deliver-virtfusion-tokens.ts'
import {
  balanceCents,
  capturedTopup,
  clearRateLimits,
  resetPaymentFakes,
  resetVirtFusionFake,
} from '#tests/helpers/payments.ts'
import { createTestUser, type TestUser } from '#tests/helpers/users.ts'
import { startSmtpSink, type SmtpSink } from './smtp-sink.ts'

/**
 * Mail from the events that cause it to a real SMTP server (smtp-server on 127.0.0.1, parsed
 * with mailparser): the app's nodemailer transport talks to it over TCP. Other files share this
 * database's outbox, so every assertion is about this test's own recipient.
 */

let sink: SmtpSink
let alice: TestUser
let admin: TestUser

beforeAll(async () => {
  resetVirtFusionFake()
  sink = await startSmtpSink()
})
afterAll(() => sink.close())
beforeEach(async () => {
  resetPaymentFakes()
  await clearRateLimits()
  sink.refuseWith(null)
  alice = await createTestUser({ name: 'Alice Ørsted' })
  admin = await createTestUser({ role: 'admin', name: 'Mail Admin' })
})

const deliver = () => deliverDueMail(db, { transport: createMailTransport(sink.url) })
const rowsFor = (address: string) =>
  db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, address))

describe('payment receipts', () => {
  it('a completed custom-credits top-up sends exactly one receipt with the amount', async () => {
    const topup = await capturedTopup(alice.id, 'custom_credits', 2550)
    expect(topup.status).toBe('completed')
    await deliver()
    await deliver()

    const received = sink.to(alice.email)
    expect(received).toHaveLength(1)
    expect(received[0]!.subject).toBe('SkyPANEL receipt: $25.50 paid')
    expect(received[0]!.text).toContain('$25.50 USD')
    expect(received[0]!.text).toContain('Alice Ørsted')
    expect(received[0]!.text).toContain(topup.paypalCaptureId!)
    expect(received[0]!.html).toContain('$25.50')
    const [row] = await rowsFor(alice.email)
    expect(row).toMatchObject({
      status: 'sent',
      attempts: 1,
      eventKey: `topup:${topup.id}:receipt`,
    })
    expect(row!.messageId).toBe(received[0]!.messageId)
    expect(row!.sentAt).not.toBeNull()
  })

  it('a token top-up sends a receipt at capture and a notice when the tokens arrive', async () => {
    const topup = await capturedTopup(alice.id, 'virtfusion_tokens', 1000)
    expect(await deliverVirtFusionTokens(db, getProviders(), topup.id)).toBe('delivered')
    await deliver()

    const subjects = sink.to(alice.email).map((m) => m.subject)
    expect(subjects).toHaveLength(2)
    expect(subjects).toContain('SkyPANEL receipt: $10.00 paid')
    expect(subjects).toContain(`SkyPANEL: ${topup.tokens} VirtFusion tokens delivered`)
    const receipt = sink.to(alice.email).find((m) => m.subject?.includes('receipt'))
    expect(receipt!.text).toContain(`${topup.tokens} VirtFusion tokens`)
  })
})

describe('admin credit adjustments', () => {
  it('sends a notice with the reason; a repeat of the same idempotency key sends nothing more', async () => {
    const reason = 'Goodwill for the outage → Łódź 東京'
    const input = {
      userId: alice.id,
      amount: 1234,
      reason,
      idempotencyKey: `adj-${alice.id}`,
      direction: 'add' as const,
      admin: { id: admin.id, name: admin.name },
    }
    await adjustCreditsByAdmin(db, input)
    await adjustCreditsByAdmin(db, input)
    await adjustCreditsByAdmin(db, {
      ...input,
      idempotencyKey: undefined,
      direction: 'remove',
      amount: 34,
      reason: 'Typo fix',
    })
    await deliver()

    const received = sink.to(alice.email)
    expect(received.map((m) => m.subject).sort()).toEqual([
      'SkyPANEL: $0.34 removed from your credits',
      'SkyPANEL: $12.34 added to your credits',
    ])
    const added = received.find((m) => m.subject?.includes('added'))!
    expect(added.text).toContain(`Reason: ${reason}`)
    expect(added.text).toContain('$12.34')
    expect(await balanceCents(alice.id)).toBe(1200)
  })
})

describe('delivery', () => {
  it('two workers (two connection pools) at once send each message exactly once', async () => {
    const second = createDatabase(process.env.DATABASE_URL!, { max: 4 })
    const slowSink = await startSmtpSink({ delayMs: 20 })
    try {
      const keys = Array.from({ length: 12 }, (_, i) => `race:${alice.id}:${i}`)
      await db.transaction(async (tx) => {
        for (const [i, eventKey] of keys.entries())
          await enqueueMail(tx, {
            eventKey,
            recipient: { userId: alice.id },
            template: 'tokens-delivered',
            data: { topupId: i, tokens: i + 1 },
          })
      })
      await Promise.all([
        deliverDueMail(db, { transport: createMailTransport(slowSink.url) }),
        deliverDueMail(second.db, { transport: createMailTransport(slowSink.url) }),
      ])
      const received = slowSink.to(alice.email)
      expect(received).toHaveLength(keys.length)
      const events = received.map((m) => m.headers.get('x-skypanel-event'))
      expect(new Set(events)).toEqual(new Set(keys))
      const rows = await rowsFor(alice.email)
      expect(rows.every((row) => row.status === 'sent' && row.attempts === 1)).toBe(true)
    } finally {
      await slowSink.close()
      await second.sql.end({ timeout: 5 })
    }
  })

  it('enqueueing the same event twice keeps one message per recipient', async () => {
    const send = () =>
      db.transaction((tx) =>
        enqueueMail(tx, {
          eventKey: `twice:${alice.id}`,
          recipient: { userId: alice.id },
          template: 'tokens-delayed',
          data: { topupId: 1, tokens: 5 },
        }),
      )
    expect(await send()).toBe(true)
    expect(await send()).toBe(false)
    expect(await rowsFor(alice.email)).toHaveLength(1)
  })

  it('an SMTP refusal keeps the money, retries a 4xx and gives up on a 5xx, with the error visible', async () => {
    sink.refuseWith({ code: 451, message: 'Try again later' })
    const topup = await capturedTopup(alice.id, 'custom_credits', 700)
    expect(topup.status).toBe('completed')
    expect(await balanceCents(alice.id)).toBe(700)
    await deliver()
    let [row] = await rowsFor(alice.email)
    expect(row).toMatchObject({ status: 'pending', attempts: 1 })
    expect(row!.lastError).toMatch(/451/)
    expect(row!.nextAttemptAt.getTime()).toBeGreaterThan(Date.now())

    sink.refuseWith({ code: 550, message: 'No such mailbox' })
    await deliverDueMail(db, {
      transport: createMailTransport(sink.url),
      now: new Date(Date.now() + 3_600_000),
    })
    ;[row] = await rowsFor(alice.email)
    expect(row).toMatchObject({ status: 'failed', attempts: 2 })
    expect(row!.lastError).toMatch(/550/)
    expect(sink.to(alice.email)).toHaveLength(0)
    const failed = await listMail(db, { status: 'failed', limit: 100 })
    expect(failed.items.find((item) => item.id === row!.id)?.lastError).toMatch(/No such mailbox/)
    expect(await balanceCents(alice.id)).toBe(700)
  })

  it('without a transport, messages are kept in the local mailbox, rendered', async () => {
    await capturedTopup(alice.id, 'custom_credits', 300)
    const [queued] = await rowsFor(alice.email)
    expect(queued).toMatchObject({ status: 'pending', subject: null })
    await deliverDueMail(db, { transport: null })
    const [row] = await rowsFor(alice.email)
    expect(row).toMatchObject({ status: 'local', attempts: 0, sentAt: null })
    expect(row!.html).toContain('$3.00')
    expect(row!.text).toContain('$3.00')
  })

  it('a mail that cannot be enqueued never rolls back the money operation', async () => {
    await db.transaction(async (tx) => {
      await postCreditEntry(tx, {
        userId: alice.id,
        type: 'admin_add',
        amountCents: 500,
        description: 'kept',
        adminUserId: admin.id,
        reason: 'test',
      })
      const written = await enqueueMail(tx, {
        eventKey: `missing-user:${alice.id}`,
        recipient: { userId: 2_000_000_000 },
        template: 'tokens-delayed',
        data: { topupId: 1, tokens: 1 },
      })
      expect(written).toBe(false)
    })
    expect(await balanceCents(alice.id)).toBe(500)
    const entries = await db
      .select()
      .from(creditTransactions)
      .where(
        and(eq(creditTransactions.userId, alice.id), like(creditTransactions.description, 'kept')),
      )
    expect(entries).toHaveLength(1)
  })
})

import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '#db/client.ts'
import { appSettings, mailOutbox } from '#db/schema/index.ts'
import { deliverDueMail } from '#server/services/mail/deliver-due-mail.ts'
import { enqueueMail } from '#server/services/mail/enqueue-mail.ts'
import { createMailTransport } from '#server/services/mail/mail-transport.ts'
import { unsubscribeToken } from '#server/services/mail/unsubscribe.ts'
import { invalidateSettingsCache } from '#server/services/settings/get-settings.ts'
import { createTestUser } from '#tests/helpers/users.ts'
import { startSmtpSink, type SmtpSink } from './smtp-sink.ts'

/**
 * What deliverDueMail sends carries the admin settings' branding as they are at delivery
 * (it hands its transaction to renderStoredMail; without a handle the message would say
 * APP_NAME), and the RFC 8058 headers on the optional category only. Through a real SMTP
 * server. The settings row is shared by this worker's files: it is put back afterwards.
 */

const COMPANY = 'Northwind Branded Hosting'
let sink: SmtpSink
let saved: (typeof appSettings.$inferSelect)[] = []

beforeAll(async () => {
  sink = await startSmtpSink()
  saved = await db.select().from(appSettings).where(eq(appSettings.id, 1))
  await db
    .insert(appSettings)
    .values({ id: 1, version: 1, companyName: COMPANY, supportEmail: 'care@northwind.test' })
    .onConflictDoUpdate({
      target: appSettings.id,
      set: {
        companyName: COMPANY,
        supportEmail: 'care@northwind.test',
        version: (saved[0]?.version ?? 0) + 1,
      },
    })
  invalidateSettingsCache(db)
})
afterAll(async () => {
  const [before] = saved
  if (before)
    await db
      .update(appSettings)
      .set({ ...before, version: before.version + 2 })
      .where(eq(appSettings.id, 1))
  else await db.delete(appSettings).where(eq(appSettings.id, 1))
  invalidateSettingsCache(db)
  await sink.close()
})

const header = (mail: { headerLines: readonly { key: string; line: string }[] }, key: string) =>
  mail.headerLines.find((h) => h.key === key)?.line ?? null

describe('a delivered message', () => {
  it('is in the settings’ branding; only the optional one carries List-Unsubscribe', async () => {
    const user = await createTestUser({ name: 'Bea Branding' })
    await db.transaction(async (tx) => {
      await enqueueMail(tx, {
        eventKey: `branding-test:${user.id}:tokens`,
        recipient: { userId: user.id },
        template: 'tokens-delivered',
        data: { topupId: 1, tokens: 250 },
      })
      await enqueueMail(tx, {
        eventKey: `branding-test:${user.id}:low`,
        recipient: { userId: user.id },
        template: 'low-balance',
        data: { balanceCents: 420, thresholdCents: 1000, cause: 'Renewal of web-1' },
      })
    })
    await deliverDueMail(db, { transport: createMailTransport(sink.url) })

    const received = sink.to(user.email)
    expect(received).toHaveLength(2)
    const tokens = received.find((m) => m.subject?.includes('VirtFusion tokens delivered'))!
    const low = received.find((m) => m !== tokens)!
    expect(tokens.subject).toBe(`${COMPANY}: 250 VirtFusion tokens delivered`)
    for (const mail of [tokens, low]) {
      expect(mail.text).toContain(COMPANY)
      expect(mail.text).toContain('care@northwind.test')
    }
    expect(header(tokens, 'list-unsubscribe')).toBeNull()
    expect(header(tokens, 'list-unsubscribe-post')).toBeNull()
    const link = `/unsubscribe/${unsubscribeToken({ userId: user.id, category: 'low_balance' })}>`
    expect(header(low, 'list-unsubscribe')).toContain(link)
    expect(header(low, 'list-unsubscribe-post')).toBe(
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    )
    // What admins see on /admin/mail is what was sent.
    const rows = await db.select().from(mailOutbox).where(eq(mailOutbox.userId, user.id))
    expect(rows.map((row) => row.status)).toEqual(['sent', 'sent'])
    expect(rows.find((row) => row.template === 'tokens-delivered')?.subject).toBe(tokens.subject)
  })
})

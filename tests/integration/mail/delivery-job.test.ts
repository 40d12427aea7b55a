import { eq } from 'drizzle-orm'
import { afterAll, expect, it, vi } from 'vitest'
import { db } from '#db/client.ts'
import { mailOutbox } from '#db/schema/index.ts'
import { getProviders } from '#server/integrations/providers.ts'
import { startJobQueue } from '#server/jobs/queue.ts'
import { adjustCreditsByAdmin } from '#server/services/credits/adjust-credits-by-admin.ts'
import { trpcData, trpcQuery } from '#tests/helpers/trpc.ts'
import { createTestUser } from '#tests/helpers/users.ts'

// SMTP configured the way an operator does it: SMTP_URL and MAIL_FROM, read at start.
const sink = await vi.hoisted(async () => {
  const { startSmtpSink } = await import('./smtp-sink.ts')
  const started = await startSmtpSink()
  process.env.SMTP_URL = started.url
  process.env.MAIL_FROM = 'Billing <billing@skypanel.test>'
  return started
})

afterAll(() => sink.close())

it('an admin adjustment is mailed by the deliver-mail job after commit, and admins see it sent', async () => {
  const queue = await startJobQueue({
    databaseUrl: process.env.DATABASE_URL!,
    db,
    providers: getProviders(),
    retry: { firstDelayMs: 20, maxDelayMs: 100 },
  })
  try {
    const admin = await createTestUser({ role: 'admin', name: 'Job Admin' })
    const customer = await createTestUser({ name: 'Job Customer' })
    await adjustCreditsByAdmin(db, {
      userId: customer.id,
      amount: 4200,
      reason: 'Refund of the March outage',
      direction: 'add',
      admin: { id: admin.id, name: admin.name },
    })

    await vi.waitFor(() => expect(sink.to(customer.email)).toHaveLength(1), { timeout: 20_000 })
    const [mail] = sink.to(customer.email)
    expect(mail!.from?.value).toEqual([{ name: 'Billing', address: 'billing@skypanel.test' }])
    expect(mail!.subject).toBe('SkyPANEL: $42.00 added to your credits')
    expect(mail!.text).toContain('Reason: Refund of the March outage')
    await vi.waitFor(async () => {
      const [row] = await db
        .select()
        .from(mailOutbox)
        .where(eq(mailOutbox.toAddress, customer.email))
      expect(row).toMatchObject({ status: 'sent', attempts: 1, messageId: mail!.messageId })
    })

    const [row] = await db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, customer.email))
    const list = await trpcData<{ items: { id: number; status: string }[]; mode: string }>(
      await trpcQuery('admin.mail.list', { status: 'sent' }, admin.cookie),
    )
    expect(list.mode).toBe('smtp')
    expect(list.items.find((item) => item.id === row!.id)?.status).toBe('sent')
    const one = await trpcData<{ message: { text: string } }>(
      await trpcQuery('admin.mail.get', { id: row!.id }, admin.cookie),
    )
    expect(one.message.text).toBe(row!.text)
    expect((await trpcQuery('admin.mail.list', {}, customer.cookie)).status).toBe(403)
  } finally {
    await queue.stop({ timeoutMs: 2000 })
  }
})

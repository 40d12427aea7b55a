import { and, eq, like } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import { db } from '#db/client.ts'
import { mailOutbox, products } from '#db/schema/index.ts'
import { deliverDueMail } from '#server/services/mail/deliver-due-mail.ts'
import { createMailTransport } from '#server/services/mail/mail-transport.ts'
import { mailOrigin } from '#server/services/mail/render-mail.ts'
import { orderService } from '#server/services/services/order-service.ts'
import { runRenewals } from '#server/services/services/run-renewals.ts'
import { at, expectLedgerConsistent, fund, fundedUser } from '#tests/helpers/dns.ts'
import {
  dedicatedServerProduct,
  endAllLiveServices,
  markProvisioned,
} from '#tests/helpers/services.ts'
import { startSmtpSink, type SmtpSink } from './smtp-sink.ts'

// The renewal emails as a customer receives them: written by the renewal pass, rendered and
// sent by the delivery job through the app's nodemailer transport to a real SMTP server.

let sink: SmtpSink
beforeAll(async () => {
  sink = await startSmtpSink()
})
afterAll(() => sink.close())
afterEach(async () => {
  await expectLedgerConsistent()
  await endAllLiveServices()
})

/**
 * Delivers until `count` service messages to `address` arrived (other files' mail shares the
 * outbox; the funding adjustments' notices are not counted).
 */
async function receive(address: string, count: number) {
  const ofServices = () =>
    sink.to(address).filter((m) => {
      const event = m.headers.get('x-skypanel-event')
      return typeof event === 'string' && event.startsWith('service:')
    })
  for (let i = 0; i < 10 && ofServices().length < count; i++)
    await deliverDueMail(db, { transport: createMailTransport(sink.url) })
  return ofServices()
}

const oneLine = (text: string | undefined) => (text ?? '').replace(/\s+/g, ' ')

it('the week-before reminder (short by $27.50, with the top-up link) and the renewal receipt arrive by SMTP', async () => {
  const productId = await dedicatedServerProduct({ monthly: 4_000 })
  const [product] = await db.select().from(products).where(eq(products.id, productId))
  const user = await fundedUser(4_000 + 1_250, 'Smtp Owner')
  const service = await orderService(db, {
    userId: user.id,
    productId,
    cycle: 'monthly',
    now: at('2027-04-10T00:00:00Z'),
  })
  await markProvisioned(service.id)

  await runRenewals(db, { now: at('2027-05-03T06:00:00Z') })
  let received = await receive(user.email, 1)
  expect(received).toHaveLength(1)
  const reminder = received[0]!
  expect(reminder.subject).toMatch(
    new RegExp(`: add \\$27\\.50 before ${product!.name} renews on May 10, 2027$`),
  )
  const text = oneLine(reminder.text)
  expect(text).toContain('Hello Smtp Owner,')
  expect(text).toContain(
    `${product!.name} renews on May 10, 2027 for $40.00 of custom credits. Your balance of $12.50 does not cover it: it is $27.50 short.`,
  )
  expect(text).toContain('Add $27.50 of credits')
  // Absolute, as a mail client needs it: APP_URL, or this process's own address without it.
  expect(text).toContain(`${mailOrigin()}/billing?tab=credits&amount=27.50`)
  expect(mailOrigin()).toMatch(/^https?:\/\/[^/]+$/)

  await fund(user.id, 2_750)
  await runRenewals(db, { now: at('2027-05-10T00:00:01Z'), reminders: false })
  received = await receive(user.email, 2)
  expect(received).toHaveLength(2)
  const paid = received[1]!
  expect(paid.subject).toMatch(new RegExp(`: ${product!.name} renewed until June 10, 2027$`))
  expect(oneLine(paid.text)).toContain(
    `We renewed ${product!.name} until June 10, 2027 and charged $40.00 of custom credits.`,
  )
  expect(oneLine(paid.text)).toContain(`/services/${service.id}`)

  const rows = await db
    .select()
    .from(mailOutbox)
    .where(and(eq(mailOutbox.userId, user.id), like(mailOutbox.template, 'service-%')))
  expect(rows.map((row) => [row.template, row.status]).sort()).toEqual([
    ['service-renewal-reminder', 'sent'],
    ['service-renewed', 'sent'],
  ])
})

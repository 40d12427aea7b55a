import { eq } from 'drizzle-orm'
import { afterAll, expect, it, vi } from 'vitest'
import { db } from '#db/client.ts'
import { serviceEvents } from '#db/schema/index.ts'
import { getProviders } from '#server/integrations/providers.ts'
import { startJobQueue } from '#server/jobs/queue.ts'
import { requestEventDelivery } from '#server/services/provisioning/request-event-delivery.ts'
import { insertProduct, insertService, recordEvent } from '#tests/helpers/service-rows.ts'
import { createTestUser } from '#tests/helpers/users.ts'

// A receiver configured the way an operator does it: through the environment, read at start.
const hook = await vi.hoisted(async () => {
  const { startWebhookReceiver } = await import('#tests/helpers/webhook-receiver.ts')
  const receiver = await startWebhookReceiver('job-secret-0123456789abcdef0123456789')
  process.env.PROVISIONER_DEDICATED_SERVER = 'webhook'
  process.env.PROVISIONING_WEBHOOK_URL_DEDICATED_SERVER = receiver.url
  process.env.PROVISIONING_WEBHOOK_SECRET_DEDICATED_SERVER = 'job-secret-0123456789abcdef0123456789'
  return receiver
})

afterAll(() => hook.close())

it('the deliver-service-events job, requested after a commit, delivers the event signed', async () => {
  const queue = await startJobQueue({
    databaseUrl: process.env.DATABASE_URL!,
    db,
    providers: getProviders(),
    retry: { firstDelayMs: 20, maxDelayMs: 100 },
  })
  try {
    const customer = await createTestUser()
    const service = await insertService({
      userId: customer.id,
      product: await insertProduct('dedicated_server'),
    })
    const eventId = await recordEvent(service.id, 'activated')
    await requestEventDelivery()

    await vi.waitFor(() => expect(hook.received).toHaveLength(1), { timeout: 20_000 })
    expect(hook.received[0]).toMatchObject({ eventId, verified: true, status: 200 })
    await vi.waitFor(async () => {
      const [row] = await db
        .select({ state: serviceEvents.deliveryState })
        .from(serviceEvents)
        .where(eq(serviceEvents.eventId, eventId))
      expect(row?.state).toBe('delivered')
    })
  } finally {
    await queue.stop({ timeoutMs: 2000 })
  }
})

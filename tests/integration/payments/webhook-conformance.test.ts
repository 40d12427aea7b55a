import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '#db/client.ts'
import { paypalWebhookEvents } from '#db/schema/index.ts'
import {
  apiCaptureOrder,
  approvedOrder,
  balanceCents,
  capturedTopup,
  creditEntries,
  postWebhook,
  topupById,
  setUpPaymentTests,
} from '#tests/helpers/payments.ts'
import type { TestUser } from '#tests/helpers/users.ts'
import { paypalFake } from '#tests/mocks/paypal.ts'

/**
 * POST /api/paypal/webhook against PayPal's webhook and Orders/Payments specs: every
 * verified envelope is acknowledged (PayPal redelivers anything else for three days), and
 * capture events are matched to their order however PayPal names it.
 */

let alice: TestUser
setUpPaymentTests((user) => (alice = user))

async function stored(eventId: string) {
  const [row] = await db
    .select()
    .from(paypalWebhookEvents)
    .where(eq(paypalWebhookEvents.id, eventId))
  return row
}

const envelope = (id: string, eventType: string, resource: unknown, resourceType?: unknown) => ({
  id,
  event_version: '1.0',
  create_time: '2026-11-30T10:00:00Z',
  ...(resourceType === undefined ? {} : { resource_type: resourceType }),
  event_type: eventType,
  summary: 'An event',
  resource,
  links: [],
})

describe('any verified envelope is acknowledged', () => {
  it.each([
    [
      'a v1 sale (amount { total, currency })',
      envelope(
        'WH-CONF-SALE',
        'PAYMENT.SALE.COMPLETED',
        {
          id: '80021663DE681814L',
          amount: { total: '10.00', currency: 'USD' },
          parent_payment: 'PAY-1PA12106FU478450MKRETS4A',
          links: [{ href: 'https://api.paypal.com/v1/payments/sale/80021663DE681814L' }],
        },
        'sale',
      ),
    ],
    [
      'an approved order',
      envelope(
        'WH-CONF-ORDER',
        'CHECKOUT.ORDER.APPROVED',
        {
          id: '5O190127TN364715T',
          status: 'APPROVED',
          purchase_units: [{ amount: { currency_code: 'USD', value: '10.00' } }],
          links: [{ href: 'https://api.paypal.com/v2/checkout/orders/5O190127TN364715T' }],
        },
        'checkout-order',
      ),
    ],
    [
      'a dispute (no resource id)',
      envelope('WH-CONF-DISPUTE', 'CUSTOMER.DISPUTE.CREATED', {
        dispute_id: 'PP-D-21692',
        disputed_transactions: [{ seller_transaction_id: '3BC38643YC807283D' }],
      }),
    ],
    [
      'a refund event in the v1 shape',
      envelope(
        'WH-CONF-V1-REFUND',
        'PAYMENT.CAPTURE.REFUNDED',
        { id: 4, amount: { total: '-10.00', currency: 'USD' }, links: 'none' },
        'refund',
      ),
    ],
    [
      'a capture event whose resource is not a capture',
      envelope('WH-CONF-NOT-CAPTURE', 'PAYMENT.CAPTURE.COMPLETED', { state: 'completed' }, 7),
    ],
  ])('%s: 200, recorded as ignored with its outcome', async (_label, event) => {
    const result = await postWebhook(JSON.stringify(event))
    expect(result.status, JSON.stringify(result.error)).toBe(200)
    expect(result.data).toMatchObject({ eventId: event.id, duplicate: false })
    expect(result.data?.outcome).toMatch(/^ignored: /)
    const row = await stored(event.id)
    expect(row).toMatchObject({ eventType: event.event_type, outcome: result.data!.outcome })
    expect(row!.processedAt).not.toBeNull()
    // Delivered again: the same answer, nothing more.
    const again = await postWebhook(JSON.stringify(event))
    expect(again.data).toEqual({ ...result.data, duplicate: true })
  })

  it.each([
    ['a resource that is an array', '{"id":"WH-A","event_type":"X.Y","resource":[]}'],
    ['a resource that is text', '{"id":"WH-B","event_type":"X.Y","resource":"capture"}'],
    ['an event id that is a number', '{"id":7,"event_type":"X.Y","resource":{}}'],
  ])('not an envelope (%s): 400, nothing stored', async (_label, body) => {
    const result = await postWebhook(body)
    expect(result.status).toBe(400)
    expect(await stored(String((JSON.parse(body) as { id: unknown }).id))).toBeUndefined()
  })

  it('an envelope of another shape that fails verification: 400, nothing stored', async () => {
    const event = envelope('WH-CONF-FORGED', 'PAYMENT.SALE.COMPLETED', { id: 'S-1' }, 'sale')
    const result = await postWebhook(JSON.stringify(event), paypalFake.webhookHeaders(false))
    expect(result.status).toBe(400)
    expect(await stored(event.id)).toBeUndefined()
  })
})

describe('capture events without supplementary_data.related_ids.order_id', () => {
  async function pendingOrder() {
    const { orderId, topupId } = await approvedOrder(alice.id, 'custom_credits', 2500)
    paypalFake.capturePending(orderId)
    const result = await apiCaptureOrder('trpc', alice, 'custom_credits', { orderId })
    expect(result.data?.status).toBe('pending')
    paypalFake.completeCapture(orderId)
    const event = paypalFake.webhookEvent('PAYMENT.CAPTURE.COMPLETED', orderId)
    const { supplementary_data: _ids, ...resource }: Record<string, unknown> = event.resource
    return { orderId, topupId, event, resource }
  }

  it("matched through the capture's `up` link to /v2/checkout/orders/{id}", async () => {
    const { topupId, event, resource } = await pendingOrder()
    const result = await postWebhook(JSON.stringify({ ...event, resource }))
    expect(result.data).toMatchObject({ outcome: 'order credited', duplicate: false })
    expect(await topupById(topupId)).toMatchObject({ status: 'completed' })
    expect(await balanceCents(alice.id)).toBe(2500)
  })

  it('no link either: the capture is read at PayPal (GET /v2/payments/captures/{id})', async () => {
    const { topupId, event, resource } = await pendingOrder()
    const { links: _links, ...bare } = resource
    const result = await postWebhook(JSON.stringify({ ...event, resource: bare }))
    expect(result.data).toMatchObject({ outcome: 'order credited', duplicate: false })
    expect(await topupById(topupId)).toMatchObject({ status: 'completed' })
    expect(await creditEntries(alice.id)).toHaveLength(1)
  })

  it('a capture PayPal does not know: 200, ignored, nothing changes', async () => {
    const { topupId, event, resource } = await pendingOrder()
    const { links: _links, ...bare } = resource
    const foreign = { ...event, resource: { ...bare, id: 'CAPTURE-NOT-OURS' } }
    const result = await postWebhook(JSON.stringify(foreign))
    expect(result.status).toBe(200)
    expect(result.data?.outcome).toBe('ignored: not one of our orders')
    expect(await topupById(topupId)).toMatchObject({ status: 'pending' })
    expect(await balanceCents(alice.id)).toBe(0)
  })
})

describe('a refund event without a readable amount', () => {
  it('is not taken for a full refund: what PayPal lists for the order is applied', async () => {
    const topup = await capturedTopup(alice.id, 'custom_credits', 2500)
    const event = paypalFake.refund(topup.paypalOrderId!, { value: '10.00' })
    const { amount: _amount, ...resource } = event.resource
    const result = await postWebhook(JSON.stringify({ ...event, resource }))
    expect(result.data?.outcome).toBe('compensation read from PayPal')
    expect(await balanceCents(alice.id)).toBe(1500)
    expect((await creditEntries(alice.id)).at(-1)).toMatchObject({
      type: 'refund',
      amountCents: -1000,
      paymentReference: `refund:${event.resource.id}`,
    })
    // The event with its amount, delivered later, changes nothing.
    expect(
      (await postWebhook(JSON.stringify({ ...event, id: `${event.id}-2` }))).data?.outcome,
    ).toBe('compensation already')
    expect(await balanceCents(alice.id)).toBe(1500)
  })
})

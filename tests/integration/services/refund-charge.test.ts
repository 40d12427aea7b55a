import { and, eq } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import * as refundRoute from '#app/routes/api.admin.services.$serviceId.charges.$chargeId.refunds.ts'
import { db } from '#db/client.ts'
import { adminAuditLog, serviceCharges, serviceRefunds } from '#db/schema/index.ts'
import type { AdminServiceDetail } from '#server/services/services/admin-services.ts'
import {
  refundServiceCharge,
  type ServiceRefundResult,
} from '#server/services/services/refund-service-charge.ts'
import type { ServiceView } from '#server/services/services/views.ts'
import {
  balanceOf,
  expectLedgerConsistent,
  fundedUser,
  ledgerOf,
  notificationsOf,
  restError,
  trpcError,
} from '#tests/helpers/dns.ts'
import { invoke, jsonBody } from '#tests/helpers/http.ts'
import { dedicatedServerProduct, endAllLiveServices, serviceRow } from '#tests/helpers/services.ts'
import { trpcData, trpcMutation, trpcQuery } from '#tests/helpers/trpc.ts'
import { createTestUser, type TestUser } from '#tests/helpers/users.ts'

afterEach(async () => {
  await expectLedgerConsistent()
  await endAllLiveServices()
})

let keySerial = 0
const newKey = () => `refund-test-${process.pid}-${++keySerial}`

/** A customer who ordered a $30/month server with a $10 setup fee ($50 funded, $10 left). */
async function orderedServer() {
  const productId = await dedicatedServerProduct({ monthly: 3_000 }, 1_000)
  const owner = await fundedUser(5_000, 'Refund Customer')
  const service = await trpcData<ServiceView>(
    await trpcMutation('services.order', { productId, cycle: 'monthly' }, { cookie: owner.cookie }),
  )
  const charges = await db
    .select()
    .from(serviceCharges)
    .where(eq(serviceCharges.serviceId, service.id))
  const purchase = charges.find((c) => c.kind === 'purchase')!
  const setupFee = charges.find((c) => c.kind === 'setup_fee')!
  return { owner, service, purchase, setupFee }
}

let adminUser: Promise<TestUser> | undefined
const admin = () => (adminUser ??= createTestUser({ role: 'admin', name: 'Refund Admin' }))

function refundOverTrpc(input: Record<string, unknown>, cookie: string) {
  return trpcMutation('services.admin.refundCharge', input, { cookie })
}

function refundOverRest(
  serviceId: number | string,
  chargeId: number | string,
  body: unknown,
  options: { cookie: string; key?: string | null },
) {
  const init = jsonBody(body)
  const headers = new Headers(init.headers)
  if (options.key !== null) headers.set('Idempotency-Key', options.key ?? newKey())
  return invoke(
    refundRoute.action,
    `/api/admin/services/${serviceId}/charges/${chargeId}/refunds`,
    {
      ...init,
      headers,
      cookie: options.cookie,
      params: { serviceId: String(serviceId), chargeId: String(chargeId) },
    },
  )
}

async function refundsOf(chargeId: number) {
  return db.select().from(serviceRefunds).where(eq(serviceRefunds.chargeId, chargeId))
}

async function refundedOf(chargeId: number) {
  const [row] = await db.select().from(serviceCharges).where(eq(serviceCharges.id, chargeId))
  return row!.refundedCents
}

describe('admin refunds of service charges', () => {
  it('a partial then the rest: credits, refund rows, audit, notice; the status stays', async () => {
    const { owner, service, purchase } = await orderedServer()
    const { cookie, id: adminId } = await admin()
    expect(await balanceOf(owner.id)).toBe(1_000)

    const partial = await trpcData<ServiceRefundResult>(
      await refundOverTrpc(
        {
          serviceId: service.id,
          chargeId: purchase.id,
          amountCents: 1_250,
          reason: '  outage on the 3rd  ',
          idempotencyKey: newKey(),
        },
        cookie,
      ),
    )
    expect(partial).toMatchObject({
      refund: { chargeId: purchase.id, amountCents: 1_250 },
      balanceAfterCents: 2_250,
    })
    expect(await balanceOf(owner.id)).toBe(2_250)
    const entry = (await ledgerOf(owner.id)).find((e) => e.id === partial.refund.creditEntryId)
    expect(entry).toMatchObject({
      type: 'service_refund',
      amountCents: 1_250,
      adminUserId: adminId,
      reason: 'outage on the 3rd',
    })

    const detail = await trpcData<AdminServiceDetail>(
      await trpcQuery('services.admin.get', { serviceId: service.id }, cookie),
    )
    expect(detail.user.id).toBe(owner.id)
    expect(detail.charges.find((c) => c.id === purchase.id)).toMatchObject({
      kind: 'purchase',
      amount: { cents: 3_000 },
      refunded: { cents: 1_250 },
      refundable: { cents: 1_750 },
    })

    // No amount: everything that is left.
    const rest = await trpcData<ServiceRefundResult>(
      await refundOverTrpc(
        {
          serviceId: service.id,
          chargeId: purchase.id,
          reason: 'cancelled by us',
          idempotencyKey: newKey(),
        },
        cookie,
      ),
    )
    expect(rest).toMatchObject({ refund: { amountCents: 1_750 }, balanceAfterCents: 4_000 })
    expect(await refundedOf(purchase.id)).toBe(3_000)

    const again = await trpcError(
      await refundOverTrpc(
        {
          serviceId: service.id,
          chargeId: purchase.id,
          reason: 'once more',
          idempotencyKey: newKey(),
        },
        cookie,
      ),
    )
    expect(again).toMatchObject({ status: 409, appCode: 'CONFLICT' })

    expect((await serviceRow(service.id)).status).toBe(service.status)
    expect(await refundsOf(purchase.id)).toHaveLength(2)
    const audit = await db
      .select()
      .from(adminAuditLog)
      .where(and(eq(adminAuditLog.adminUserId, adminId), eq(adminAuditLog.targetUserId, owner.id)))
    expect(audit.map((a) => [a.action, a.subject, a.reason])).toEqual([
      ['service.refund', `service:${service.id}`, 'outage on the 3rd'],
      ['service.refund', `service:${service.id}`, 'cancelled by us'],
    ])
    expect(await notificationsOf(owner.id, 'service_refunded')).toHaveLength(2)
  })

  it('REST takes the amount as decimal text and the key as a header', async () => {
    const { owner, service, setupFee } = await orderedServer()
    const { cookie } = await admin()
    const response = await refundOverRest(
      service.id,
      setupFee.id,
      { amount: '2.50', reason: 'setup was late' },
      { cookie },
    )
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({
      refund: { chargeId: setupFee.id, amountCents: 250 },
      balanceAfterCents: 1_250,
    })
    expect(await balanceOf(owner.id)).toBe(1_250)

    const noKey = await refundOverRest(
      service.id,
      setupFee.id,
      { amount: '1.00', reason: 'no key' },
      { cookie, key: null },
    )
    expect(await restError(noKey)).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' })
  })

  it('more than is left is refused with 400 and changes nothing', async () => {
    const { owner, service, purchase } = await orderedServer()
    const { cookie } = await admin()
    const ledgerBefore = await ledgerOf(owner.id)
    const over = await trpcError(
      await refundOverTrpc(
        {
          serviceId: service.id,
          chargeId: purchase.id,
          amountCents: 3_001,
          reason: 'too much',
          idempotencyKey: newKey(),
        },
        cookie,
      ),
    )
    expect(over).toMatchObject({ status: 400, appCode: 'VALIDATION_FAILED' })
    expect(over.details).toMatchObject({ refundableCents: 3_000 })
    expect(over.fields).toHaveProperty('amountCents')
    expect(await ledgerOf(owner.id)).toEqual(ledgerBefore)
    expect(await refundedOf(purchase.id)).toBe(0)
    expect(await refundsOf(purchase.id)).toEqual([])
    // The database holds the line too, whatever path writes the refunded total.
    await expect(
      db
        .update(serviceCharges)
        .set({ refundedCents: 3_001 })
        .where(eq(serviceCharges.id, purchase.id)),
    ).rejects.toMatchObject({ cause: { constraint_name: 'service_charges_refund_within_charge' } })
  })

  it('concurrent refunds of one charge under different keys never exceed it', async () => {
    const { owner, service, purchase } = await orderedServer()
    const { id: adminId } = await admin()
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () =>
        refundServiceCharge(db, {
          serviceId: service.id,
          chargeId: purchase.id,
          amountCents: 1_200,
          reason: 'race',
          idempotencyKey: newKey(),
          adminId,
        }),
      ),
    )
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2)
    for (const failed of results.filter((r) => r.status === 'rejected'))
      expect(failed.reason).toMatchObject({ code: 'VALIDATION_FAILED' })
    expect(await refundedOf(purchase.id)).toBe(2_400)
    expect(await refundsOf(purchase.id)).toHaveLength(2)
    expect(await balanceOf(owner.id)).toBe(3_400)
  })

  it('one key is one refund: repeated, concurrent, or reused for another amount (409)', async () => {
    const { owner, service, purchase, setupFee } = await orderedServer()
    const { id: adminId, cookie } = await admin()
    const key = newKey()
    const input = {
      serviceId: service.id,
      chargeId: purchase.id,
      amountCents: 500,
      reason: 'goodwill',
      idempotencyKey: key,
      adminId,
    }
    const [first, second] = await Promise.all([
      refundServiceCharge(db, input),
      refundServiceCharge(db, input),
    ])
    const third = await refundServiceCharge(db, input)
    expect(second).toEqual(first)
    expect(third).toEqual(first)
    expect(await refundsOf(purchase.id)).toHaveLength(1)
    expect(await balanceOf(owner.id)).toBe(1_500)

    const otherAmount = await trpcError(
      await refundOverTrpc({ ...input, adminId: undefined, amountCents: 600 }, cookie),
    )
    expect(otherAmount).toMatchObject({ status: 409, appCode: 'CONFLICT' })
    await expect(
      refundServiceCharge(db, { ...input, chargeId: setupFee.id }),
    ).rejects.toMatchObject({ code: 'CONFLICT' })
    expect(await refundedOf(setupFee.id)).toBe(0)
    expect(await balanceOf(owner.id)).toBe(1_500)
  })

  it('non-admins are refused; hostile amounts and foreign ids are clear 4xx', async () => {
    const { owner, service, purchase } = await orderedServer()
    const other = await orderedServer()
    const { cookie } = await admin()
    const valid = {
      serviceId: service.id,
      chargeId: purchase.id,
      amountCents: 100,
      reason: 'a reason',
      idempotencyKey: newKey(),
    }

    expect((await refundOverTrpc(valid, owner.cookie)).status).toBe(403)
    const restAsOwner = await refundOverRest(
      service.id,
      purchase.id,
      { amount: '1.00', reason: 'mine' },
      { cookie: owner.cookie },
    )
    expect(restAsOwner.status).toBe(403)

    for (const amountCents of [-100, 0, 12.5, 1e20, '12.50', '1e3', Number.MAX_SAFE_INTEGER + 2]) {
      const bad = await trpcError(
        await refundOverTrpc({ ...valid, amountCents, idempotencyKey: newKey() }, cookie),
      )
      expect(bad, `amountCents ${amountCents}`).toMatchObject({ status: 400 })
    }
    for (const amount of ['-1.00', '12.345', '1e3', 'abc', '99999999999999.00', '', 12.345]) {
      const bad = await refundOverRest(
        service.id,
        purchase.id,
        { amount, reason: 'hostile' },
        { cookie },
      )
      expect(bad.status, `amount ${String(amount)}`).toBe(400)
    }
    for (const reason of ['', '  ', 'ab', 'x'.repeat(501)]) {
      const bad = await trpcError(await refundOverTrpc({ ...valid, reason }, cookie))
      expect(bad.status, `reason ${reason.length}`).toBe(400)
    }
    const badKey = await trpcError(
      await refundOverTrpc({ ...valid, idempotencyKey: 'short' }, cookie),
    )
    expect(badKey.status).toBe(400)

    // Another service's charge, under this service's id (and the other way round): 404.
    const foreignCharge = await trpcError(
      await refundOverTrpc({ ...valid, chargeId: other.purchase.id }, cookie),
    )
    expect(foreignCharge).toMatchObject({ status: 404, appCode: 'NOT_FOUND' })
    const restForeign = await refundOverRest(
      other.service.id,
      purchase.id,
      { amount: '1.00', reason: 'cross' },
      { cookie },
    )
    expect(restForeign.status).toBe(404)
    const noSuchCharge = await refundOverRest(
      service.id,
      2147483647,
      { reason: 'none' },
      { cookie },
    )
    expect(noSuchCharge.status).toBe(404)
    const notAnId = await refundOverRest(service.id, '1.5', { reason: 'none' }, { cookie })
    expect(notAnId.status).toBe(400)

    expect(await refundsOf(purchase.id)).toEqual([])
    expect(await refundsOf(other.purchase.id)).toEqual([])
    expect(await balanceOf(owner.id)).toBe(1_000)
    expect(await balanceOf(other.owner.id)).toBe(1_000)
  })
})

import { afterEach, describe, expect, it } from 'vitest'
import * as detailRoute from '#app/routes/services_.$serviceId.tsx'
import type { ServiceView } from '#server/services/services/views.ts'
import { balanceOf, expectLedgerConsistent, fundedUser } from '#tests/helpers/dns.ts'
import { invoke } from '#tests/helpers/http.ts'
import {
  chargesOfService,
  dedicatedServerProduct,
  endAllLiveServices,
  markProvisioned,
  serviceRow,
} from '#tests/helpers/services.ts'
import { trpcData, trpcMutation, trpcQuery } from '#tests/helpers/trpc.ts'

afterEach(async () => {
  await expectLedgerConsistent()
  await endAllLiveServices()
})

/** The customer detail page (/services/$serviceId) and the procedures it calls. */
describe('a customer reaches only their own services', () => {
  it("another user's service id is a 404 everywhere the detail page reads or acts, and nothing changes", async () => {
    const small = await dedicatedServerProduct({ monthly: 3_000 })
    const big = await dedicatedServerProduct({ monthly: 9_000 })
    const owner = await fundedUser(20_000)
    const service = await trpcData<ServiceView>(
      await trpcMutation(
        'services.order',
        { productId: small, cycle: 'monthly' },
        { cookie: owner.cookie },
      ),
    )
    await markProvisioned(service.id)
    const stranger = await fundedUser(20_000)
    const before = await serviceRow(service.id)

    const get = await trpcQuery('services.get', { serviceId: service.id }, stranger.cookie)
    expect(get.status).toBe(404)
    const quote = await trpcQuery(
      'services.quoteChange',
      { serviceId: service.id, productId: big },
      stranger.cookie,
    )
    expect(quote.status).toBe(404)
    const charges = await trpcQuery('services.charges', { serviceId: service.id }, stranger.cookie)
    expect(charges.status).toBe(404)
    for (const [path, input] of [
      ['services.change', { serviceId: service.id, productId: big }],
      ['services.cancel', { serviceId: service.id }],
      ['services.resume', { serviceId: service.id }],
      ['services.setAutoRenew', { serviceId: service.id, autoRenew: false }],
    ] as const) {
      const response = await trpcMutation(path, input, { cookie: stranger.cookie })
      expect(response.status, path).toBe(404)
    }
    expect(await serviceRow(service.id)).toEqual(before)
    expect(await balanceOf(stranger.id)).toBe(20_000)
    expect((await chargesOfService(service.id)).map((c) => c.kind)).toEqual(['purchase'])

    // The page's loader: the owner gets it, the stranger the not-found page.
    const params = { serviceId: String(service.id) }
    const mine = await invoke(detailRoute.loader, `/services/${service.id}`, {
      cookie: owner.cookie,
      params,
    })
    expect(mine.status).toBe(200)
    const theirs = await invoke(detailRoute.loader, `/services/${service.id}`, {
      cookie: stranger.cookie,
      params,
    })
    expect(theirs.status).toBe(404)
    for (const bogus of ['abc', '0', '99999999999'])
      expect(
        (
          await invoke(detailRoute.loader, `/services/${bogus}`, {
            cookie: owner.cookie,
            params: { serviceId: bogus },
          })
        ).status,
        bogus,
      ).toBe(404)
    const anonymous = await invoke(detailRoute.loader, `/services/${service.id}`, { params })
    expect(anonymous.status).toBe(302)
  })
})

import { eq } from 'drizzle-orm'
import { afterEach, expect, it } from 'vitest'
import { db } from '#db/client.ts'
import { services } from '#db/schema/index.ts'
import type { ServiceView } from '#server/services/services/views.ts'
import { expectLedgerConsistent, fundedUser } from '#tests/helpers/dns.ts'
import { dedicatedServerProduct, endAllLiveServices } from '#tests/helpers/services.ts'
import { trpcData, trpcMutation, trpcQuery } from '#tests/helpers/trpc.ts'
import { createTestUser } from '#tests/helpers/users.ts'

afterEach(async () => {
  await expectLedgerConsistent()
  await endAllLiveServices()
})

it('services.admin.list takes a due-date range (dueAfter and dueBefore), soonest first', async () => {
  const productId = await dedicatedServerProduct({ monthly: 1_000 })
  const owner = await fundedUser(3_000, 'Due Range Owner')
  const admin = await createTestUser({ role: 'admin', name: 'Due Range Admin' })
  const ends = ['2031-01-05T00:00:00Z', '2031-01-15T00:00:00Z', '2031-01-25T00:00:00Z']
  const ids: number[] = []
  for (const end of ends) {
    const service = await trpcData<ServiceView>(
      await trpcMutation(
        'services.order',
        { productId, cycle: 'monthly' },
        { cookie: owner.cookie },
      ),
    )
    await db
      .update(services)
      .set({ currentPeriodEnd: new Date(end) })
      .where(eq(services.id, service.id))
    ids.push(service.id)
  }
  const list = async (range: Record<string, string>) =>
    (
      await trpcData<{ items: { id: number }[]; nextCursor: number | null }>(
        await trpcQuery('services.admin.list', { userId: owner.id, ...range }, admin.cookie),
      )
    ).items.map((s) => s.id)

  expect(
    await list({ dueAfter: '2031-01-10T00:00:00Z', dueBefore: '2031-01-30T00:00:00Z' }),
  ).toEqual([ids[1], ids[2]])
  expect(await list({ dueAfter: '2031-01-20T00:00:00Z' })).toEqual([ids[2]])
  expect(await list({ dueBefore: '2031-01-10T00:00:00Z' })).toEqual([ids[0]])
})

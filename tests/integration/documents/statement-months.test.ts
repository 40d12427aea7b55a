import postgres from 'postgres'
import { afterAll, describe, expect, it } from 'vitest'
import { db } from '#db/client.ts'
import { statementMonths } from '#server/services/documents/statements/statement-months.ts'
import { fund } from '#tests/helpers/dns.ts'
import { createTestUser } from '#tests/helpers/users.ts'

// The statement picker's months come from the server (ADR 027): the account's first month, or
// its first ledger entry's when that is older, to the current UTC month.

const owner = postgres(process.env.TEST_MIGRATION_DATABASE_URL!, { max: 1, onnotice: () => {} })
afterAll(async () => {
  await owner.end()
})

const thisMonth = () => new Date().toISOString().slice(0, 7)

describe('statementMonths', () => {
  it('runs from the account’s month to the current UTC month by the server’s clock', async () => {
    const user = await createTestUser()
    await owner`update users set created_at = '2025-03-10T12:00:00Z' where id = ${user.id}`
    expect(await statementMonths(db, { userId: user.id })).toEqual({
      first: '2025-03',
      last: thisMonth(),
    })
    // One millisecond before a month turns and at its first instant, in UTC.
    const at = (iso: string) => statementMonths(db, { userId: user.id, now: new Date(iso) })
    expect((await at('2026-04-30T23:59:59.999Z'))!.last).toBe('2026-04')
    expect((await at('2026-05-01T00:00:00.000Z'))!.last).toBe('2026-05')
  })

  it('starts at the first ledger entry when it is older than the account', async () => {
    const user = await createTestUser()
    await fund(user.id, 1_000)
    // An imported account: the row says it was created after its first entry.
    await owner`update users set created_at = now() + interval '40 days' where id = ${user.id}`
    const later = new Date(Date.now() + 80 * 24 * 60 * 60 * 1000)
    expect(await statementMonths(db, { userId: user.id, now: later })).toEqual({
      first: thisMonth(),
      last: later.toISOString().slice(0, 7),
    })
  })

  it('is null for a user that does not exist', async () => {
    expect(await statementMonths(db, { userId: 2_147_483_647 })).toBeNull()
  })
})

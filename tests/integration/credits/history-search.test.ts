import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '#db/client.ts'
import {
  listCreditTransactions,
  SEARCH_WINDOW,
} from '#server/services/credits/list-credit-transactions.ts'
import { ZTransactionsQuery } from '#server/services/credits/schemas.ts'
import { createTestUser, type TestUser } from '#tests/helpers/users.ts'

/**
 * History search reads the newest SEARCH_WINDOW entries first and the older ones only when the
 * window holds too few matches (list-credit-transactions.ts). Whatever path a page takes, it
 * must be exactly the page one plain query over the whole history gives: a word in 1 entry of
 * 25 (dense: most pages come from the window, bigger ones spill past it) and a word in a
 * handful of entries (rare: found past the window, one of them on its oldest entry).
 */

const ENTRIES = SEARCH_WINDOW * 3
let alice: TestUser
let admin: TestUser
/** Entry ids by their position g = 1 (oldest) … ENTRIES (newest). */
const idAt = new Map<number, number>()
/** g of the window's oldest entry when there is no cursor, and of the one just past it. */
const EDGE = ENTRIES - SEARCH_WINDOW + 1
const RARE_AT = [5, 777, 1000, EDGE - 1, EDGE, ENTRIES - 3]

beforeAll(async () => {
  admin = await createTestUser({ role: 'admin', name: 'Search Admin' })
  alice = await createTestUser({ name: 'Alice Searches' })
  const rare = sql.join(
    RARE_AT.filter((g) => g !== 1000).map((g) => sql`${g}::int`),
    sql`, `,
  )
  // A valid chain: odd entries add 1.00 (purchases), even ones take it back (renewals, and every
  // tenth an admin removal with a reason). g = 1000 says "Sparse" only in its reason.
  await db.execute(sql`
    insert into credit_transactions (user_id, type, amount_cents, balance_before_cents,
      balance_after_cents, description, admin_user_id, reason, created_at)
    select ${alice.id}::int, t.type::credit_entry_type,
           case when g % 2 = 1 then 100 else -100 end,
           case when g % 2 = 1 then 0 else 100 end,
           case when g % 2 = 1 then 100 else 0 end,
           'Entry ' || g
             || case when g % 25 = 0 then ' dense word' else '' end
             || case when g in (${rare}) then ' a Sparse one' else '' end
             || case when g = 4242 then ' 50%_off' else '' end,
           case when t.type = 'admin_remove' then ${admin.id}::int end,
           case when t.type = 'admin_remove'
                then case when g = 1000 then 'sparse reason' else 'correction' end end,
           now() - (${ENTRIES}::int - g) * interval '1 second'
      from generate_series(1, ${ENTRIES}::int) g
     cross join lateral (select case when g % 2 = 1 then 'purchase'
                                     when g % 10 = 0 then 'admin_remove'
                                     else 'service_renewal' end as type) t
     order by g`)
  const rows = await db.execute<{ entry_id: string }>(
    sql`select id::text as entry_id from credit_transactions where user_id = ${alice.id} order by id`,
  )
  rows.forEach((row, index) => idAt.set(index + 1, Number(row.entry_id)))
  await db.execute(sql`analyze credit_transactions`)
}, 60_000)

type Filters = { search: string; type?: string[]; minAmount?: string }

/** The matching ids, newest first, from one plain query over the whole history. */
async function expected(
  filters: Filters,
  window: { cursor?: number; limit: number; offset?: number },
) {
  const pattern = `%${filters.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
  // entry_id, not id: ORDER BY id would sort the text column.
  const rows = await db.execute<{ entry_id: string }>(sql`
    select id::text as entry_id from credit_transactions
     where user_id = ${alice.id}
       and (description ilike ${pattern} or reason ilike ${pattern})
       ${filters.type ? sql`and type::text in ${filters.type}` : sql``}
       ${filters.minAmount ? sql`and abs(amount_cents) >= ${Number(filters.minAmount) * 100}` : sql``}
       ${window.cursor ? sql`and id < ${window.cursor}` : sql``}
     order by id desc limit ${window.limit + 1} offset ${window.offset ?? 0}`)
  return rows.map((row) => Number(row.entry_id))
}

const list = (input: Record<string, unknown>) =>
  listCreditTransactions(db, alice.id, ZTransactionsQuery.parse(input))

/** Pages through by cursor from `start`, checking every page against the plain query. */
async function walk(filters: Filters, limit: number, start?: number, maxPages = 12) {
  let cursor = start
  let seen = 0
  for (let pageNo = 0; pageNo < maxPages; pageNo++) {
    const want = await expected(filters, { cursor, limit })
    const page = await list({ ...filters, limit, cursor })
    const label = `${JSON.stringify(filters)} limit ${limit} cursor ${cursor}`
    expect(
      page.items.map((e) => e.id),
      label,
    ).toEqual(want.slice(0, limit))
    expect(page.nextCursor, label).toBe(want.length > limit ? want[limit - 1] : null)
    seen += page.items.length
    if (page.nextCursor === null) break
    cursor = page.nextCursor
  }
  return seen
}

describe('history search: the same pages as one plain query', () => {
  it('the data straddles the window: dense matches inside it, rare ones beyond and on its edge', async () => {
    const [window] = await db.execute<{ dense: string }>(sql`
      select count(*)::text as dense from credit_transactions
       where user_id = ${alice.id} and id >= ${idAt.get(EDGE)!} and description like '%dense%'`)
    // More than a 100-entry page needs (the window answers it), fewer than two (it cannot).
    expect(Number(window!.dense)).toBe(SEARCH_WINDOW / 25)
    expect(SEARCH_WINDOW / 25).toBeGreaterThan(100)
    expect(SEARCH_WINDOW / 25).toBeLessThan(200)
    expect((await expected({ search: 'sparse' }, { limit: 100 })).length).toBe(RARE_AT.length)
  })

  it('dense word: first pages of every size, and pages that must read past the window', async () => {
    for (const limit of [1, 25, 100]) await walk({ search: 'dense' }, limit)
    // 160 matches in the window: a 100-entry page from its middle needs older ones too.
    await walk({ search: 'DENSE' }, 100, idAt.get(ENTRIES - 2000), 3)
  })

  it('rare word: every page, cursors around the window edge, reason-only and case-insensitive', async () => {
    for (const limit of [1, 2, 25]) {
      expect(await walk({ search: 'sparse' }, limit, undefined, 10)).toBe(RARE_AT.length)
    }
    for (const g of [EDGE + 1, EDGE, EDGE - 1, EDGE - 2, 1001, 6]) {
      await walk({ search: 'SPARSE' }, 2, idAt.get(g))
    }
    const page = await list({ search: 'sparse reason', limit: 5 })
    expect(page.items.map((e) => e.id)).toEqual([idAt.get(1000)])
    expect(page.items[0]).toMatchObject({ reason: 'sparse reason', adminName: 'Search Admin' })
  })

  it('no match, and LIKE wildcards searched as text', async () => {
    expect(await walk({ search: 'no such word' }, 25)).toBe(0)
    const page = await list({ search: '%_off' })
    expect(page.items.map((e) => e.id)).toEqual([idAt.get(4242)])
    expect(await walk({ search: '%' }, 25, undefined, 1)).toBe(1)
  })

  it('with other filters and page numbers', async () => {
    await walk({ search: 'dense', type: ['purchase'] }, 25, undefined, 4)
    await walk({ search: 'dense', type: ['admin_remove'], minAmount: '1' }, 25, undefined, 4)
    for (const page of [1, 2, 7, 160, 161]) {
      const result = await list({ search: 'dense', limit: 25, page })
      const want = await expected({ search: 'dense' }, { limit: 25, offset: (page - 1) * 25 })
      expect(
        result.items.map((e) => e.id),
        `page ${page}`,
      ).toEqual(want.slice(0, 25))
      expect(result.pagination).toMatchObject({ page, totalCount: ENTRIES / 25 })
    }
  })

  it('an entry found by search is the entry the unfiltered history shows', async () => {
    const found = await list({ search: 'sparse', limit: 25 })
    expect(found.items).toHaveLength(RARE_AT.length)
    for (const entry of found.items) {
      const plain = await list({ cursor: entry.id + 1, limit: 1 })
      expect(entry).toEqual(plain.items[0])
    }
  })
})

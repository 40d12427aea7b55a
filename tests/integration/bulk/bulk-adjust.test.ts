import { and, eq, inArray, like } from 'drizzle-orm'
import postgres from 'postgres'
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '#db/client.ts'
import { creditTransactions, userCredits } from '#db/schema/index.ts'
import { AppError } from '#server/errors.ts'
import {
  applyBulkAdjust,
  bulkFileHash,
  bulkRowFingerprint,
  previewBulkAdjust,
  type BulkApplyResult,
  type BulkPreview,
} from '#server/services/credits/bulk-adjust.ts'
import { BULK_MAX_BYTES } from '#server/services/credits/bulk-csv.ts'
import { getCreditBalance } from '#server/services/credits/get-credit-balance.ts'
import { postCreditEntry } from '#server/services/credits/post-credit-entry.ts'
import { verifyLedger } from '#server/services/credits/verify-ledger.ts'
import { setUserActive } from '#server/services/users/set-user-active.ts'
import { trpcData, trpcMutation } from '#tests/helpers/trpc.ts'
import { createTestUser, type TestUser } from '#tests/helpers/users.ts'

let admin: TestUser
let otherAdmin: TestUser

beforeAll(async () => {
  admin = await createTestUser({ role: 'admin', name: 'Bulk Admin' })
  otherAdmin = await createTestUser({ role: 'admin', name: 'Second Admin' })
})

const actor = () => ({ id: admin.id, name: admin.name })
const utc = (date: Date) => `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`
const csvOf = (...lines: string[]) => lines.join('\n')

async function balanceOf(userId: number) {
  return (await getCreditBalance(db, userId)).balance.cents
}

async function entryCount() {
  return db.$count(creditTransactions)
}

async function entriesOf(userId: number) {
  return db
    .select()
    .from(creditTransactions)
    .where(eq(creditTransactions.userId, userId))
    .orderBy(creditTransactions.id)
}

function problemsByLine(preview: BulkPreview) {
  return Object.fromEntries(preview.rows.map((row) => [row.line, row.problem]))
}

async function refusal(run: Promise<unknown>): Promise<AppError> {
  const error = await run.then(
    () => null,
    (thrown: unknown) => thrown,
  )
  expect(error).toBeInstanceOf(AppError)
  return error as AppError
}

describe('preview', () => {
  it('names the problem of each bad row and writes nothing', async () => {
    const alice = await createTestUser({ name: 'Alice' })
    const bob = await createTestUser({ name: 'Bob' })
    const carol = await createTestUser({ name: 'Carol' })
    await setUserActive(db, {
      actorId: admin.id,
      userId: carol.id,
      isActive: false,
      reason: 'account closed',
    })
    const csv = csvOf(
      'email,amount,reason,action',
      `${alice.email.toUpperCase()},12.50,Loyalty bonus,add`, // 2: fine (case-insensitive email)
      `${bob.email},5,Goodwill,`, // 3: fine (empty action = add)
      'nobody@example.test,5,Goodwill,add', // 4
      `${carol.email},5,Goodwill,add`, // 5
      `${bob.email},12.345,Goodwill,add`, // 6
      `${bob.email},abc,Goodwill,add`, // 7
      `${bob.email},-5,Goodwill,add`, // 8
      `${bob.email},10000.01,Goodwill,add`, // 9
      `${bob.email},0,Goodwill,add`, // 10
      `${bob.email},5,ok,add`, // 11
      `${bob.email},5,${'x'.repeat(501)},add`, // 12
      `${bob.email},5,"tab\there",add`, // 13
      `${bob.email},5,Goodwill,delete`, // 14
      `${alice.email},12.5, loyalty  BONUS ,ADD`, // 15: same as line 2
      'not-an-email,5,Goodwill,add', // 16
      `${bob.email},5,Goodwill`, // 17
      `${bob.email},1e3,,remove`, // 18: two problems at once
    )
    const entriesBefore = await entryCount()
    const preview = await previewBulkAdjust(db, { csv })

    expect(preview).toMatchObject({ kind: 'preview', ok: false, rowCount: 17, fileProblems: [] })
    expect(preview.problemCount).toBe(15)
    expect(preview.rows[0]).toEqual({
      line: 2,
      email: alice.email.toUpperCase(),
      user: { id: alice.id, name: 'Alice' },
      action: 'add',
      amount: { cents: 1250, formatted: '$12.50' },
      reason: 'Loyalty bonus',
      problem: null,
      fingerprint: bulkRowFingerprint({
        userId: alice.id,
        action: 'add',
        cents: 1250,
        reason: 'loyalty bonus',
      }),
      appliedBefore: [],
      timesApplied: 0,
    })
    expect(preview.rows[1]).toMatchObject({ line: 3, action: 'add', problem: null })
    const problems = problemsByLine(preview)
    expect(problems[4]).toMatch(/^Unknown email: no user has the address "nobody@example\.test"$/)
    expect(problems[5]).toBe("Inactive user: Carol's account is deactivated")
    expect(problems[6]).toMatch(/^Bad amount "12\.345": .*two decimal places/)
    expect(problems[7]).toMatch(/^Bad amount "abc"/)
    expect(problems[8]).toMatch(/^Negative amount "-5": .*action "remove"/)
    expect(problems[9]).toBe(
      'Amount $10,000.01 is outside the admin adjustment limits ($0.01 to $10,000.00)',
    )
    expect(problems[10]).toBe('Amount must be greater than zero')
    expect(problems[11]).toBe('Reason must be at least 3 characters')
    expect(problems[12]).toBe('Reason must be at most 500 characters')
    expect(problems[13]).toBe('Reason must not contain control characters')
    expect(problems[14]).toMatch(/^Bad action "delete": use add or remove/)
    expect(problems[15]).toMatch(/^Duplicate of line 2: same email, action, amount and reason/)
    expect(problems[16]).toMatch(/^Invalid email address "not-an-email"/)
    expect(problems[17]).toBe('Expected 4 columns (email,amount,reason,action), found 3')
    expect(problems[18]).toMatch(/^Bad amount "1e3": Exponent.*; A reason is required$/)
    // The problem rows still say who they are about.
    expect(preview.rows.find((row) => row.line === 6)?.user).toEqual({ id: bob.id, name: 'Bob' })

    expect(await entryCount()).toBe(entriesBefore)
    expect(await db.$count(userCredits, eq(userCredits.userId, alice.id))).toBe(0)
  })

  it('names problems with the file as a whole', async () => {
    const header = async (csv: string) => (await previewBulkAdjust(db, { csv })).fileProblems
    expect(await header('')).toEqual([expect.stringMatching(/file is empty/)])
    expect(await header('mail,amount,reason\nx,1,y')).toContain(
      'Header line: unknown column "mail"',
    )
    expect(await header('email,amount,reason')).toEqual(['The file has a header but no rows'])
    expect(await header('email,amount,reason\n"a@x.test,1,open quote')).toEqual([
      'Line 2: a quoted field is never closed (a " is missing)',
    ])

    const many = Array.from({ length: 1001 }, (_, i) => `u${i}@example.test,1,Goodwill`)
    const tooMany = await previewBulkAdjust(db, {
      csv: ['email,amount,reason', ...many].join('\n'),
    })
    expect(tooMany.ok).toBe(false)
    expect(tooMany.fileProblems).toEqual([
      'The file has 1,001 rows; at most 1,000 rows are allowed per file. Split it into smaller files.',
    ])
    expect(tooMany.rows.at(-1)).toMatchObject({ line: 1002, problem: /^Too many rows/ })

    const big = await previewBulkAdjust(db, { csv: 'x'.repeat(BULK_MAX_BYTES + 1) })
    expect(big.fileProblems).toEqual([expect.stringMatching(/larger than 1 MB/)])
  })
})

describe('apply', () => {
  it('refuses while any row has a problem, with the list, and writes nothing', async () => {
    const alice = await createTestUser({ name: 'Alice' })
    const csv = csvOf(
      'email,amount,reason',
      `${alice.email},5.00,Goodwill`,
      'ghost@example.test,5.00,Goodwill',
    )
    const before = await entryCount()
    const error = await refusal(applyBulkAdjust(db, { csv, admin: actor() }))
    expect(error.code).toBe('CONFLICT')
    expect(error.httpStatus).toBe(409)
    expect(error.message).toMatch(/Nothing was applied: the file has 1 problem/)
    expect(error.details).toEqual({
      fileHash: bulkFileHash(csv),
      fileProblems: [],
      problems: [
        {
          line: 3,
          email: 'ghost@example.test',
          problem: expect.stringMatching(/^Unknown email/),
        },
      ],
    })
    expect(await entryCount()).toBe(before)
    expect(await balanceOf(alice.id)).toBe(0)
  })

  it('posts each row once: balances, ledger entries, reasons and the admin recorded; a second run replays', async () => {
    const alice = await createTestUser({ name: 'Alice' })
    const bob = await createTestUser({ name: 'Bob' })
    const csv = csvOf(
      'email,amount,reason,action',
      `${alice.email},25.00,Spring promotion,add`,
      `${bob.email},10,Spring promotion,add`,
      `${alice.email},5.5,Refund of duplicate charge,remove`,
      `${bob.email},15.00,Chargeback recovery,remove`,
    )
    const first = await applyBulkAdjust(db, { csv, admin: actor() })
    const key = (userId: number, action: 'add' | 'remove', cents: number, reason: string) =>
      `bulk:${bulkRowFingerprint({ userId, action, cents, reason })}:1`
    expect(first.summary).toEqual({ total: 4, applied: 4, replayed: 0, failed: 0 })
    expect(first.fileHash).toBe(bulkFileHash(csv))
    expect(first.totals).toEqual({
      adds: { count: 2, amount: { cents: 3500, formatted: '$35.00' } },
      removals: { count: 2, amount: { cents: 2050, formatted: '$20.50' } },
    })
    expect(first.rows.map((row) => [row.line, row.status, row.balanceAfter?.cents])).toEqual([
      [2, 'applied', 2500],
      [3, 'applied', 1000],
      [4, 'applied', 1950],
      [5, 'applied', -500],
    ])
    expect(first.rows[3]).toMatchObject({
      occurrence: 1,
      appliedIn: null,
      note: null,
      error: null,
      warning: 'The balance is now negative (-$5.00): the user owes it.',
    })
    expect(first.rows[0]!.warning).toBeNull()
    expect(await balanceOf(alice.id)).toBe(1950)
    expect(await balanceOf(bob.id)).toBe(-500)

    const aliceEntries = await entriesOf(alice.id)
    expect(aliceEntries).toMatchObject([
      {
        id: first.rows[0]!.entryId,
        type: 'admin_add',
        amountCents: 2500,
        reason: 'Spring promotion',
        adminUserId: admin.id,
        paymentMethod: 'admin',
        idempotencyKey: key(alice.id, 'add', 2500, 'Spring promotion'),
        metadata: { bulkBatchId: first.batch.id, line: 2 },
      },
      {
        id: first.rows[2]!.entryId,
        type: 'admin_remove',
        amountCents: -550,
        balanceBeforeCents: 2500,
        balanceAfterCents: 1950,
        reason: 'Refund of duplicate charge',
        adminUserId: admin.id,
        idempotencyKey: key(alice.id, 'remove', 550, 'Refund of duplicate charge'),
        metadata: { bulkBatchId: first.batch.id, line: 4 },
      },
    ])
    expect(await entriesOf(bob.id)).toMatchObject([
      {
        type: 'admin_add',
        amountCents: 1000,
        idempotencyKey: key(bob.id, 'add', 1000, 'Spring promotion'),
      },
      {
        type: 'admin_remove',
        amountCents: -1500,
        idempotencyKey: key(bob.id, 'remove', 1500, 'Chargeback recovery'),
      },
    ])

    // The same file again: nothing is written, each row names the batch that applied it.
    const entries = await entryCount()
    const second = await applyBulkAdjust(db, { csv, admin: actor() })
    expect(second.batch.id).toBeGreaterThan(first.batch.id)
    expect(second.summary).toEqual({ total: 4, applied: 0, replayed: 4, failed: 0 })
    expect(second.rows.map((row) => [row.status, row.entryId, row.balanceAfter])).toEqual(
      first.rows.map((row) => ['replayed', row.entryId, row.balanceAfter]),
    )
    expect(second.rows[0]!.appliedIn).toMatchObject({
      batchId: first.batch.id,
      line: 2,
      occurrence: 1,
      entryId: first.rows[0]!.entryId,
      admin: { id: admin.id, name: 'Bulk Admin' },
    })
    expect(second.rows[0]!.note).toBe(
      `Already applied in batch #${first.batch.id} at ${utc(second.rows[0]!.appliedIn!.at)} by Bulk Admin; not applied again.`,
    )
    expect(await entryCount()).toBe(entries)

    // Another admin uploading the very same file changes nothing either.
    const third = await applyBulkAdjust(db, {
      csv,
      admin: { id: otherAdmin.id, name: otherAdmin.name },
    })
    expect(third.summary).toMatchObject({ applied: 0, replayed: 4, failed: 0 })
    expect(third.rows[0]!.note).toMatch(/^Already applied in batch #\d+ at .* by Bulk Admin/)
    expect(third.rows.map((row) => row.entryId)).toEqual(first.rows.map((row) => row.entryId))
    expect(await entryCount()).toBe(entries)
    expect(await balanceOf(alice.id)).toBe(1950)
    expect(await balanceOf(bob.id)).toBe(-500)
  })

  it('reads quoted fields: commas, doubled quotes, line ends inside quotes, CRLF', async () => {
    const alice = await createTestUser({ name: 'Alice' })
    const bob = await createTestUser({ name: 'Bob' })
    const csv =
      '"email","amount","reason","action"\r\n' +
      `"${alice.email}","7.25","Welcome credit",add\r\n` +
      `${alice.email},"3","Said ""thanks"", so: a credit",\r\n` +
      `"${bob.email}" , "4.00" , "Outage, 3 hours (ticket #12)" , "remove"\r\n`
    const preview = await previewBulkAdjust(db, { csv })
    expect(preview.ok).toBe(true)
    expect(
      preview.rows.map((row) => [row.line, row.reason, row.amount?.cents, row.action]),
    ).toEqual([
      [2, 'Welcome credit', 725, 'add'],
      [3, 'Said "thanks", so: a credit', 300, 'add'],
      [4, 'Outage, 3 hours (ticket #12)', 400, 'remove'],
    ])

    const commaAmount = await previewBulkAdjust(db, {
      csv: `email,amount,reason\n${alice.email},"1,000.00",Goodwill`,
    })
    expect(commaAmount.rows[0]!.problem).toMatch(/^Bad amount "1,000\.00"/)

    const multiline = await previewBulkAdjust(db, {
      csv: `email,amount,reason\n${alice.email},1,"two\nlines"\n${bob.email},1,Goodwill`,
    })
    expect(multiline.rows.map((row) => [row.line, row.problem])).toEqual([
      [2, 'Reason must not contain control characters'],
      [4, null],
    ])

    const result = await applyBulkAdjust(db, { csv, admin: actor() })
    expect(result.summary.applied).toBe(3)
    expect((await entriesOf(alice.id)).map((entry) => entry.reason)).toEqual([
      'Welcome credit',
      'Said "thanks", so: a credit',
    ])
    expect(await balanceOf(alice.id)).toBe(1025)
    expect(await balanceOf(bob.id)).toBe(-400)
  })

  it('reports a failed row on that row, applies the others, and a re-run retries only it', async () => {
    const alice = await createTestUser({ name: 'Alice' })
    const bob = await createTestUser({ name: 'Bob' })
    const carol = await createTestUser({ name: 'Carol' })
    const csv = csvOf(
      'email,amount,reason',
      `${alice.email},1.00,Retry test`,
      `${bob.email},2.00,Retry test`,
      `${carol.email},3.00,Retry test`,
    )
    // Bob's insert fails at the database, as if something went wrong mid-batch. Only the
    // schema's owner may add a trigger; the app's role may not (ADR 017).
    const owner = postgres(process.env.TEST_MIGRATION_DATABASE_URL!, { max: 1, onnotice: () => {} })
    await owner.unsafe(`
      create function bulk_test_fail() returns trigger language plpgsql as $$
      begin
        if new.user_id = ${bob.id} then raise exception 'simulated failure'; end if;
        return new;
      end $$`)
    await owner.unsafe(`
      create trigger bulk_test_fail before insert on credit_transactions
        for each row execute function bulk_test_fail()`)
    let first: BulkApplyResult
    try {
      first = await applyBulkAdjust(db, { csv, admin: actor() })
    } finally {
      await owner.unsafe('drop trigger bulk_test_fail on credit_transactions')
      await owner.unsafe('drop function bulk_test_fail()')
      await owner.end()
    }
    expect(first.summary).toEqual({ total: 3, applied: 2, replayed: 0, failed: 1 })
    expect(first.rows[1]).toMatchObject({
      line: 3,
      status: 'failed',
      entryId: null,
      balanceAfter: null,
      error:
        'Unexpected error; nothing was written for this row. Applying the same file again retries this row.',
    })
    expect(await balanceOf(bob.id)).toBe(0)
    expect(await balanceOf(carol.id)).toBe(300)

    const retry = await applyBulkAdjust(db, { csv, admin: actor() })
    expect(retry.rows.map((row) => row.status)).toEqual(['replayed', 'applied', 'replayed'])
    expect(await balanceOf(alice.id)).toBe(100)
    expect(await balanceOf(bob.id)).toBe(200)
    expect(await balanceOf(carol.id)).toBe(300)
    expect(retry.rows[1]).toMatchObject({ status: 'applied', occurrence: 1 })
    expect(
      await db.$count(
        creditTransactions,
        and(
          inArray(creditTransactions.userId, [alice.id, bob.id, carol.id]),
          like(creditTransactions.idempotencyKey, 'bulk:%'),
        ),
      ),
    ).toBe(3)
  })
})

async function bulkEntryCount(userIds: number[]) {
  return db.$count(
    creditTransactions,
    and(
      inArray(creditTransactions.userId, userIds),
      like(creditTransactions.idempotencyKey, 'bulk:%'),
    ),
  )
}

describe('the same rows in a re-saved file', () => {
  it('are recognised by their content, not the bytes: nothing is applied twice', async () => {
    const alice = await createTestUser({ name: 'Alice' })
    const bob = await createTestUser({ name: 'Bob' })
    const csv = csvOf(
      'email,amount,reason,action',
      `${alice.email},12.50,Spring promotion,add`,
      `${bob.email},3.00,Refund of duplicate charge,remove`,
      `${bob.email},7,Loyalty bonus,`,
    )
    const first = await applyBulkAdjust(db, { csv, admin: actor() })
    expect(first.summary).toEqual({ total: 3, applied: 3, replayed: 0, failed: 0 })
    const people = [alice.id, bob.id]
    expect(await bulkEntryCount(people)).toBe(3)

    const A = alice.email
    const B = bob.email
    const variants: Record<string, string> = {
      'amounts without trailing zeros': csvOf(
        'email,amount,reason,action',
        `${A},12.5,Spring promotion,add`,
        `${B},3,Refund of duplicate charge,remove`,
        `${B},7.00,Loyalty bonus,`,
      ),
      'every cell quoted, CRLF, BOM': `\uFEFF"email","amount","reason","action"\r\n"${A}","12.50","Spring promotion","add"\r\n"${B}","3.00","Refund of duplicate charge","remove"\r\n"${B}","7","Loyalty bonus",""\r\n`,
      'upper-case emails and actions, whitespace everywhere': csvOf(
        ' Email , AMOUNT ,reason, action ',
        `  ${A.toUpperCase()} , 12.50 ,  Spring promotion  , ADD `,
        `${B.toUpperCase()},3.00,Refund of duplicate charge,Remove`,
        `${B},7,Loyalty bonus, `,
      ),
      'reason spacing and case, columns reordered, rows reordered, empty action as add': csvOf(
        'action,reason,email,amount',
        `,loyalty  BONUS,${B},7`,
        `add,Spring   Promotion,${A},12.50`,
        `remove,refund of duplicate charge,${B},3.0`,
      ),
    }
    for (const [name, variant] of Object.entries(variants)) {
      const preview = await previewBulkAdjust(db, { csv: variant })
      expect(preview.ok, name).toBe(true)
      expect(preview.fileHash, name).not.toBe(first.fileHash)
      expect(preview.alreadyApplied, name).toBe(3)
      for (const row of preview.rows) {
        expect(row.timesApplied, name).toBe(1)
        expect(row.appliedBefore, name).toEqual([
          expect.objectContaining({ batchId: first.batch.id, occurrence: 1 }),
        ])
      }
      const result = await applyBulkAdjust(db, { csv: variant, admin: actor() })
      expect(result.summary, name).toEqual({ total: 3, applied: 0, replayed: 3, failed: 0 })
      for (const row of result.rows) {
        const original = first.rows.find((done) => done.fingerprint === row.fingerprint)!
        expect(row, name).toMatchObject({
          status: 'replayed',
          entryId: original.entryId,
          appliedIn: { batchId: first.batch.id, line: original.line, entryId: original.entryId },
        })
        expect(row.note, name).toMatch(
          new RegExp(
            `^Already applied in batch #${first.batch.id} at \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC by Bulk Admin; not applied again\\.$`,
          ),
        )
      }
    }
    expect(await bulkEntryCount(people)).toBe(3)
    expect(await balanceOf(alice.id)).toBe(1250)
    expect(await balanceOf(bob.id)).toBe(400)
  })

  it('a row that changed (amount, direction, reason or user) is a new row', async () => {
    const alice = await createTestUser({ name: 'Alice' })
    const bob = await createTestUser({ name: 'Bob' })
    await applyBulkAdjust(db, {
      csv: csvOf('email,amount,reason', `${alice.email},5.00,Goodwill`),
      admin: actor(),
    })
    const preview = await previewBulkAdjust(db, {
      csv: csvOf(
        'email,amount,reason,action',
        `${alice.email},5.01,Goodwill,add`,
        `${alice.email},5.00,Goodwill,remove`,
        `${alice.email},5.00,Goodwill (March),add`,
        `${bob.email},5.00,Goodwill,add`,
      ),
    })
    expect(preview.ok).toBe(true)
    expect(preview.alreadyApplied).toBe(0)
    expect(preview.rows.map((row) => row.timesApplied)).toEqual([0, 0, 0, 0])
  })
})

describe('concurrency', () => {
  it('one file applied three times at once: each row applied once, the others say where', async () => {
    const people = await Promise.all([1, 2, 3].map((i) => createTestUser({ name: `P${i}` })))
    const csv = csvOf(
      'email,amount,reason,action',
      ...people.flatMap((person, i) => [
        `${person.email},${i + 1}.00,Concurrent batch,add`,
        `${person.email},0.50,Concurrent batch fee,remove`,
      ]),
    )
    // The same rows, also re-saved by a spreadsheet, all at once.
    const resaved = `\uFEFF${csv.toUpperCase().replace(/\n/g, '\r\n').replace(/\.00,/g, ',')}\r\n`
    const runs = await Promise.all([
      applyBulkAdjust(db, { csv, admin: actor() }),
      applyBulkAdjust(db, { csv, admin: actor() }),
      applyBulkAdjust(db, { csv: resaved, admin: actor() }),
    ])
    const batchIds = runs.map((run) => run.batch.id)
    expect(new Set(batchIds).size).toBe(3)
    for (const run of runs) {
      expect(run.summary.failed).toBe(0)
      expect(run.summary.total).toBe(6)
    }
    // Exactly one run applied each row; every other run reports that run's batch and entry.
    for (let index = 0; index < 6; index++) {
      const outcomes = runs.map((run) => run.rows[index]!)
      const applied = outcomes.filter((row) => row.status === 'applied')
      expect(applied, `row ${index}`).toHaveLength(1)
      const winner = runs.find((run) => run.rows[index]!.status === 'applied')!
      for (const row of outcomes) {
        expect(row.entryId).toBe(applied[0]!.entryId)
        if (row.status === 'applied') {
          expect(row.appliedIn).toBeNull()
          expect(row.note).toBeNull()
        } else {
          expect(row.status).toBe('replayed')
          expect(row.appliedIn).toMatchObject({
            batchId: winner.batch.id,
            entryId: applied[0]!.entryId,
            occurrence: 1,
          })
          expect(row.note).toMatch(new RegExp(`^Already applied in batch #${winner.batch.id} at `))
        }
      }
    }
    const totalApplied = runs.reduce((sum, run) => sum + run.summary.applied, 0)
    const totalReplayed = runs.reduce((sum, run) => sum + run.summary.replayed, 0)
    expect([totalApplied, totalReplayed]).toEqual([6, 12])
    expect(await bulkEntryCount(people.map((person) => person.id))).toBe(6)
    expect(await Promise.all(people.map((person) => balanceOf(person.id)))).toEqual([50, 150, 250])
  })
})

describe('apply again', () => {
  it('repeats only the rows asked for, once per request, however often that request is retried', async () => {
    const alice = await createTestUser({ name: 'Alice' })
    const bob = await createTestUser({ name: 'Bob' })
    const csv = csvOf(
      'email,amount,reason',
      `${alice.email},10.00,Monthly loyalty bonus`,
      `${bob.email},20.00,Monthly loyalty bonus`,
    )
    const first = await applyBulkAdjust(db, { csv, admin: actor() })
    const people = [alice.id, bob.id]

    const preview = await previewBulkAdjust(db, { csv })
    expect(preview.alreadyApplied).toBe(2)
    const aliceRow = preview.rows[0]!
    expect(aliceRow).toMatchObject({ timesApplied: 1 })
    const again = [{ fingerprint: aliceRow.fingerprint!, timesApplied: aliceRow.timesApplied }]

    const repeat = await applyBulkAdjust(db, { csv, admin: actor(), applyAgain: again })
    expect(repeat.summary).toEqual({ total: 2, applied: 1, replayed: 1, failed: 0 })
    expect(repeat.rows[0]).toMatchObject({
      status: 'applied',
      occurrence: 2,
      note: 'Applied again, as asked (the 2nd time).',
      balanceAfter: { cents: 2000 },
    })
    expect(repeat.rows[1]).toMatchObject({
      status: 'replayed',
      appliedIn: { batchId: first.batch.id },
    })
    const repeatEntry = (await entriesOf(alice.id)).at(-1)!
    expect(repeatEntry).toMatchObject({
      id: repeat.rows[0]!.entryId,
      idempotencyKey: `bulk:${aliceRow.fingerprint}:2`,
      metadata: { bulkBatchId: repeat.batch.id, line: 2 },
    })

    // The same "apply again" retried (a lost answer, a double click, two tabs at once).
    const retries = await Promise.all([
      applyBulkAdjust(db, { csv, admin: actor(), applyAgain: again }),
      applyBulkAdjust(db, { csv, admin: actor(), applyAgain: again }),
    ])
    for (const retry of retries) {
      expect(retry.summary).toEqual({ total: 2, applied: 0, replayed: 2, failed: 0 })
      expect(retry.rows[0]).toMatchObject({
        occurrence: 2,
        entryId: repeat.rows[0]!.entryId,
        appliedIn: { batchId: repeat.batch.id, occurrence: 2 },
      })
    }
    expect(await bulkEntryCount(people)).toBe(3)
    expect(await balanceOf(alice.id)).toBe(2000)
    expect(await balanceOf(bob.id)).toBe(2000)

    // The next preview shows both applications; the whole file again takes both rows.
    const later = await previewBulkAdjust(db, { csv })
    expect(later.rows.map((row) => row.timesApplied)).toEqual([2, 1])
    expect(later.rows[0]!.appliedBefore.map((a) => [a.batchId, a.occurrence])).toEqual([
      [first.batch.id, 1],
      [repeat.batch.id, 2],
    ])
    const whole = later.rows.map((row) => ({
      fingerprint: row.fingerprint!,
      timesApplied: row.timesApplied,
    }))
    const all = await applyBulkAdjust(db, { csv, admin: actor(), applyAgain: whole })
    expect(all.rows.map((row) => [row.status, row.occurrence])).toEqual([
      ['applied', 3],
      ['applied', 2],
    ])
    expect(await bulkEntryCount(people)).toBe(5)
    expect(await balanceOf(alice.id)).toBe(3000)
    expect(await balanceOf(bob.id)).toBe(4000)
  })

  it('an apply-again naming a row not in the file, or more applications than it had, is refused and writes nothing', async () => {
    const alice = await createTestUser({ name: 'Alice' })
    const csv = csvOf('email,amount,reason', `${alice.email},1.00,Goodwill`)
    const before = await entryCount()
    const error = await refusal(
      applyBulkAdjust(db, {
        csv,
        admin: actor(),
        applyAgain: [{ fingerprint: 'f'.repeat(32), timesApplied: 1 }],
      }),
    )
    expect(error.code).toBe('VALIDATION_FAILED')
    // Nor may it claim more applications than there were (that would skip an occurrence).
    const overclaim = await refusal(
      applyBulkAdjust(db, {
        csv,
        admin: actor(),
        applyAgain: [
          {
            fingerprint: (await previewBulkAdjust(db, { csv })).rows[0]!.fingerprint!,
            timesApplied: 1,
          },
        ],
      }),
    )
    expect(overclaim.code).toBe('VALIDATION_FAILED')
    expect(overclaim.message).toMatch(/applied once, but the ledger has 0/)
    expect(await entryCount()).toBe(before)
  })

  it('rows applied before fingerprints (keyed by file and line) still count as applied', async () => {
    const alice = await createTestUser({ name: 'Alice' })
    // What the earlier version wrote: bulk:<file hash>:<line>.
    const [legacy] = await db.transaction(async (tx) => [
      await postCreditEntry(tx, {
        userId: alice.id,
        type: 'admin_add',
        amountCents: 500,
        description: 'Credits added by an administrator',
        paymentMethod: 'admin',
        adminUserId: admin.id,
        reason: 'Goodwill',
        idempotencyKey: 'bulk:0123456789abcdef:2',
        allowNegative: false,
      }),
    ])
    const csv = csvOf('email,amount,reason', `${alice.email},5,GOODWILL`)
    const preview = await previewBulkAdjust(db, { csv })
    expect(preview.rows[0]).toMatchObject({
      timesApplied: 1,
      appliedBefore: [{ batchId: null, line: 2, occurrence: 1, entryId: legacy.id }],
    })
    const result = await applyBulkAdjust(db, { csv, admin: actor() })
    expect(result.rows[0]).toMatchObject({ status: 'replayed', entryId: legacy.id })
    expect(result.rows[0]!.note).toMatch(/^Already applied in an earlier upload at /)
    const again = await applyBulkAdjust(db, {
      csv,
      admin: actor(),
      applyAgain: [{ fingerprint: preview.rows[0]!.fingerprint!, timesApplied: 1 }],
    })
    expect(again.rows[0]).toMatchObject({ status: 'applied', occurrence: 2 })
    expect(await balanceOf(alice.id)).toBe(1000)
  })
})

describe('tRPC admin.customCredits.bulkAdjust', () => {
  const call = (input: unknown, user?: TestUser) =>
    trpcMutation('admin.customCredits.bulkAdjust', input, { cookie: user?.cookie })

  it('anonymous 401, user 403, admin 200', async () => {
    const user = await createTestUser()
    const csv = `email,amount,reason\n${user.email},1,Goodwill`
    for (const dryRun of [true, false]) {
      expect((await call({ csv, dryRun })).status).toBe(401)
      expect((await call({ csv, dryRun }, user)).status).toBe(403)
    }
    expect(await balanceOf(user.id)).toBe(0)
    const response = await call({ csv, dryRun: true }, admin)
    expect(response.status).toBe(200)
    expect(await trpcData<BulkPreview>(response)).toMatchObject({
      kind: 'preview',
      ok: true,
      rows: [{ line: 2, user: { id: user.id }, amount: { cents: 100 }, problem: null }],
    })
    expect(await balanceOf(user.id)).toBe(0)
  })

  it('applies, replays, refuses problems with 409 and inputs over 1 MB with 400', async () => {
    const user = await createTestUser()
    const csv = `email,amount,reason,action\n${user.email},0.10,Goodwill,add`
    const applied = await trpcData<BulkApplyResult>(await call({ csv, dryRun: false }, admin))
    expect(applied).toMatchObject({ kind: 'results', summary: { applied: 1 } })
    const replayed = await trpcData<BulkApplyResult>(await call({ csv, dryRun: false }, admin))
    expect(replayed).toMatchObject({ summary: { applied: 0, replayed: 1 } })
    expect(await balanceOf(user.id)).toBe(10)

    const refused = await call(
      { csv: `${csv}\nghost@example.test,1,Goodwill,add`, dryRun: false },
      admin,
    )
    expect(refused.status).toBe(409)
    const body = (await refused.json()) as {
      error: { json: { data: { details: { problems: Array<{ line: number; problem: string }> } } } }
    }
    expect(body.error.json.data.details.problems).toEqual([
      { line: 3, email: 'ghost@example.test', problem: expect.stringMatching(/^Unknown email/) },
    ])

    const tooBig = await call({ csv: 'é'.repeat(BULK_MAX_BYTES / 2 + 1), dryRun: true }, admin)
    expect(tooBig.status).toBe(400)
    expect((await call({ csv }, admin)).status).toBe(400)
    expect(await balanceOf(user.id)).toBe(10)
  })
})

describe('the ledger afterwards', () => {
  it('verifies clean', async () => {
    expect((await verifyLedger(db)).problems).toEqual([])
  })
})

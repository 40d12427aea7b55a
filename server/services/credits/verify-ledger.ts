import { sql } from 'drizzle-orm'
import type { Db, DbOrTx } from '#db/client.ts'

export type LedgerProblem =
  | { kind: 'balance_mismatch'; userId: number; balanceCents: number; journalCents: number }
  | {
      kind: 'broken_chain'
      userId: number
      entryId: number
      balanceBeforeCents: number
      previousAfterCents: number
    }
  | { kind: 'entries_without_wallet'; userId: number; journalCents: number }

export type LedgerReport = {
  usersChecked: number
  entriesChecked: number
  problems: LedgerProblem[]
}

/**
 * Recomputes every balance from the journal and checks each user's before/after chain in
 * id order (the order the balance row lock imposes). Read-only; run at REPEATABLE READ so
 * the three checks see one snapshot.
 */
export async function verifyLedger(db: Db): Promise<LedgerReport> {
  const run = async (tx: DbOrTx) => {
    const [counts] = await tx.execute<{ users: string; entries: string }>(sql`
      select (select count(*) from user_credits) as users, (select count(*) from credit_transactions) as entries`)
    const mismatches = await tx.execute<{
      user_id: number
      balance_cents: string
      journal_cents: string | null
    }>(sql`
      select w.user_id, w.balance_cents, j.total as journal_cents
        from user_credits w
        left join (select user_id, sum(amount_cents) as total from credit_transactions group by user_id) j
          on j.user_id = w.user_id
       where w.balance_cents <> coalesce(j.total, 0)`)
    const orphans = await tx.execute<{ user_id: number; journal_cents: string }>(sql`
      select j.user_id, sum(j.amount_cents) as journal_cents
        from credit_transactions j
       where not exists (select 1 from user_credits w where w.user_id = j.user_id)
       group by j.user_id`)
    const breaks = await tx.execute<{
      user_id: number
      id: string
      balance_before_cents: string
      previous_after: string
    }>(sql`
      select user_id, id, balance_before_cents, previous_after
        from (select user_id, id, balance_before_cents,
                     lag(balance_after_cents, 1, 0::bigint) over (partition by user_id order by id) as previous_after
                from credit_transactions) chain
       where balance_before_cents <> previous_after
       order by user_id, id`)
    const problems: LedgerProblem[] = [
      ...mismatches.map((r) => ({
        kind: 'balance_mismatch' as const,
        userId: Number(r.user_id),
        balanceCents: Number(r.balance_cents),
        journalCents: Number(r.journal_cents ?? 0),
      })),
      ...orphans.map((r) => ({
        kind: 'entries_without_wallet' as const,
        userId: Number(r.user_id),
        journalCents: Number(r.journal_cents),
      })),
      ...breaks.map((r) => ({
        kind: 'broken_chain' as const,
        userId: Number(r.user_id),
        entryId: Number(r.id),
        balanceBeforeCents: Number(r.balance_before_cents),
        previousAfterCents: Number(r.previous_after),
      })),
    ]
    return {
      usersChecked: Number(counts?.users ?? 0),
      entriesChecked: Number(counts?.entries ?? 0),
      problems,
    }
  }
  return db.transaction(run, { isolationLevel: 'repeatable read', accessMode: 'read only' })
}

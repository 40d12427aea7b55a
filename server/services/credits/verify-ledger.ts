import { sql } from 'drizzle-orm'
import type { Db, DbOrTx } from '#db/client.ts'
import type { CreditEntryType } from '#db/schema/index.ts'

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

/** A journal entry whose source record (top-up, DNS charge, admin) is missing or disagrees. */
export type LedgerOrphan = {
  entryId: number
  userId: number
  type: CreditEntryType
  amountCents: number
  missing: string
}

export type LedgerReport = {
  usersChecked: number
  entriesChecked: number
  problems: LedgerProblem[]
  orphans: LedgerOrphan[]
}

type OrphanRow = {
  id: string
  user_id: number
  type: CreditEntryType
  amount_cents: string
  missing: string
}

/**
 * Every entry against the record that caused it:
 * - purchase: the custom-credit top-up with this capture id, same user and amount, settled
 *   (completed, or refunded/reversed later) and pointing back at this entry;
 * - refund/chargeback: the credited custom-credit top-up it compensates (metadata.topupId);
 * - service charges (service_*, and the dns_plan_* entries written before the engine): the
 *   service_charges row for this entry, same kind and amount, on a service of the same user;
 * - service refunds: the service_refunds row for this entry, same amount and admin, on a
 *   charge of a service of the same user;
 * - admin entries: an admin who was an admin when the entry was written (their role then is
 *   read from the role changes in admin_audit_log, else their role now).
 */
async function findOrphans(tx: DbOrTx): Promise<LedgerOrphan[]> {
  const rows = await tx.execute<OrphanRow>(sql`
    select e.id, e.user_id, e.type, e.amount_cents,
           case
             when t.id is null then 'no top-up with capture ' || coalesce(e.payment_reference, '(none)')
             when t.user_id <> e.user_id then 'top-up ' || t.id || ' belongs to user ' || t.user_id
             when t.purpose <> 'custom_credits' then 'top-up ' || t.id || ' is not a custom-credit top-up'
             when t.amount_cents <> e.amount_cents then 'top-up ' || t.id || ' is for ' || t.amount_cents || ' cents'
             when t.status not in ('completed', 'refunded', 'reversed') then 'top-up ' || t.id || ' is ' || t.status
             else 'top-up ' || t.id || ' points at entry ' || coalesce(t.credit_entry_id::text, '(none)')
           end as missing
      from credit_transactions e
      left join topups t on t.paypal_capture_id = e.payment_reference
     where e.type = 'purchase'
       and (t.id is null or t.user_id <> e.user_id or t.purpose <> 'custom_credits'
            or t.amount_cents <> e.amount_cents
            or t.status not in ('completed', 'refunded', 'reversed')
            or t.credit_entry_id is distinct from e.id)
    union all
    select e.id, e.user_id, e.type, e.amount_cents,
           case
             when t.id is null then 'no top-up ' || coalesce(e.metadata->>'topupId', '(none in metadata)')
             when t.user_id <> e.user_id then 'top-up ' || t.id || ' belongs to user ' || t.user_id
             when t.purpose <> 'custom_credits' then 'top-up ' || t.id || ' is not a custom-credit top-up'
             else 'top-up ' || t.id || ' was never credited'
           end
      from credit_transactions e
      left join topups t on t.id::text = e.metadata->>'topupId'
     where e.type in ('refund', 'chargeback')
       and (t.id is null or t.user_id <> e.user_id or t.purpose <> 'custom_credits'
            or t.credit_entry_id is null)
    union all
    select e.id, e.user_id, e.type, e.amount_cents,
           case
             when c.id is null and e.type::text like 'dns_plan_%' then 'no DNS plan charge for this entry'
             when c.id is null then 'no service charge for this entry'
             when s.user_id <> e.user_id then 'service charge ' || c.id || ' is on user ' || s.user_id || '''s service'
             when c.kind::text <> regexp_replace(e.type::text, '^(dns_plan|service)_', '') then 'service charge ' || c.id || ' is a ' || c.kind
             else 'service charge ' || c.id || ' is for ' || c.amount_cents || ' cents'
           end
      from credit_transactions e
      left join service_charges c on c.credit_entry_id = e.id
      left join services s on s.id = c.service_id
     where e.type in ('dns_plan_purchase', 'dns_plan_renewal', 'dns_plan_upgrade',
                      'service_purchase', 'service_setup_fee', 'service_renewal', 'service_upgrade')
       and (c.id is null or s.user_id <> e.user_id
            or c.kind::text <> regexp_replace(e.type::text, '^(dns_plan|service)_', '')
            or c.amount_cents <> -e.amount_cents)
    union all
    select e.id, e.user_id, e.type, e.amount_cents,
           case
             when r.id is null then 'no service refund for this entry'
             when s.user_id <> e.user_id then 'service refund ' || r.id || ' is on user ' || s.user_id || '''s service'
             when r.admin_user_id is distinct from e.admin_user_id then 'service refund ' || r.id || ' was made by admin ' || r.admin_user_id
             else 'service refund ' || r.id || ' is for ' || r.amount_cents || ' cents'
           end
      from credit_transactions e
      left join service_refunds r on r.credit_entry_id = e.id
      left join service_charges c on c.id = r.charge_id
      left join services s on s.id = c.service_id
     where e.type = 'service_refund'
       and (r.id is null or s.user_id <> e.user_id
            or r.admin_user_id is distinct from e.admin_user_id
            or r.amount_cents <> e.amount_cents)
    union all
    select e.id, e.user_id, e.type, e.amount_cents,
           case
             when e.admin_user_id is null then 'no admin recorded'
             when a.id is null then 'admin ' || e.admin_user_id || ' does not exist'
             else 'user ' || a.id || ' was not an admin at the time'
           end
      from credit_transactions e
      left join users a on a.id = e.admin_user_id
      left join lateral (
        select coalesce(
          (select l.details->>'to' from admin_audit_log l
            where l.action = 'user.set_role' and l.target_user_id = e.admin_user_id
              and l.created_at <= e.created_at
            order by l.id desc limit 1),
          (select l.details->>'from' from admin_audit_log l
            where l.action = 'user.set_role' and l.target_user_id = e.admin_user_id
              and l.created_at > e.created_at
            order by l.id limit 1),
          a.role::text) as role
      ) role_then on true
     where e.type in ('admin_add', 'admin_remove')
       and (a.id is null or role_then.role <> 'admin')
     order by 1`)
  return rows.map((r) => ({
    entryId: Number(r.id),
    userId: Number(r.user_id),
    type: r.type,
    amountCents: Number(r.amount_cents),
    missing: r.missing,
  }))
}

/**
 * Recomputes every balance from the journal and checks each user's before/after chain in
 * id order (the order the balance row lock imposes); then checks every entry against its
 * source (orphans). Read-only; run at REPEATABLE READ so all checks see one snapshot.
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
      orphans: await findOrphans(tx),
    }
  }
  return db.transaction(run, { isolationLevel: 'repeatable read', accessMode: 'read only' })
}

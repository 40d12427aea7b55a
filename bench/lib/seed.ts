import { randomBytes } from 'node:crypto'
import { createCookie } from '@remix-run/node'
import type postgres from 'postgres'
import { SESSION_SECRET } from './config.ts'

/** Not a real argon2 hash: bench users never log in with a password (they use tokens or sessions). */
const NO_PASSWORD = '$argon2id$v=19$m=19456,t=2,p=1$YmVuY2gtbm8tbG9naW4$YmVuY2gtbm8tbG9naW4tZXZlcg'

/** Creates `count` users with a wallet row each, in one statement; returns their ids in order. */
export async function seedUsers(
  sql: postgres.Sql,
  input: { prefix: string; count: number; role?: 'user' | 'admin'; balanceCents?: number },
): Promise<number[]> {
  const rows = await sql<{ id: number }[]>`
    with created as (
      insert into users (email, name, password_hash, role)
      select 'bench-' || ${input.prefix}::text || '-' || g || '@bench.test',
             'Bench ' || ${input.prefix}::text || ' ' || g,
             ${NO_PASSWORD}::text,
             ${input.role ?? 'user'}::user_role
        from generate_series(1, ${input.count}::int) g
      returning id
    ), wallets as (
      insert into user_credits (user_id, balance_cents)
      select id, ${input.balanceCents ?? 0}::bigint from created
    )
    select id from created order by id`
  return rows.map((row) => row.id)
}

/** A live session row and the signed cookie a browser would send for it. */
export async function seedSession(sql: postgres.Sql, userId: number): Promise<string> {
  const id = randomBytes(32).toString('base64url')
  await sql`
    insert into sessions (id, user_id, expires_at, last_seen_at)
    values (${id}, ${userId}, now() + interval '30 days', now())`
  // The app's cookie: same name and secret (server/auth/session.ts); we send it ourselves.
  const cookie = createCookie('__session', { secrets: [SESSION_SECRET], path: '/' })
  const header = await cookie.serialize(id)
  return header.split(';')[0]!
}

export const HISTORY_SEARCH_WORD = 'quartz'
export const HISTORY_FILTER_TYPE = 'refund'

/**
 * One user's history of `entries` journal entries in ONE set-based INSERT … SELECT. The chain
 * is valid (each entry's before is the previous entry's after, after = before + amount):
 * entry 1 is a 1,000.00 purchase; then pairs (2k, 2k+1) take m_k away and put it back,
 * m_k = 1.00 + (k mod 40) × 0.25. Types follow the sign (the CHECKs): additions are
 * purchases or admin adds, removals are renewals, admin removals, refunds, purchases of
 * and upgrades to DNS plans, and chargebacks. One entry in 100 mentions "quartz".
 * Returns the final balance, which the wallet row is set to.
 */
export async function seedHistory(
  sql: postgres.Sql,
  input: { userId: number; adminUserId: number; entries: number },
): Promise<{ finalBalanceCents: number; seconds: number }> {
  const started = performance.now()
  await sql.begin(async (tx) => {
    await tx`set local work_mem = '256MB'`
    await tx`
      insert into credit_transactions (
        user_id, type, amount_cents, balance_before_cents, balance_after_cents, description,
        payment_method, payment_reference, admin_user_id, reason, created_at)
      select ${input.userId}::int, s.type::credit_entry_type, s.amount, s.after - s.amount, s.after,
             s.description || case when s.g % 100 = 37 then ' (' || ${HISTORY_SEARCH_WORD}::text || ' promotion)' else '' end,
             s.method, s.reference,
             case when s.type in ('admin_add', 'admin_remove') then ${input.adminUserId}::int end,
             case when s.type in ('admin_add', 'admin_remove') then 'Bench seed adjustment' end,
             now() - (${input.entries}::int - s.g) * interval '30 seconds'
        from (
          select g, k, m,
                 case when g = 1 then 100000 when g % 2 = 0 then -m else m end as amount,
                 case when g % 2 = 0 and g > 1 then 100000 - m else 100000 end as after,
                 t.type,
                 case t.type
                   when 'purchase' then 'Custom credits purchase via PayPal, order BENCH-' || g
                   when 'admin_add' then 'Credits added by an administrator'
                   when 'admin_remove' then 'Credits removed by an administrator'
                   when 'service_renewal' then 'DNS plan Pro renewal: period ' || k
                   when 'service_purchase' then 'DNS plan Basic purchase'
                   when 'service_upgrade' then 'DNS plan upgrade from Basic to Pro'
                   when 'refund' then 'Refund of PayPal capture BENCH-' || g
                   else 'Chargeback on PayPal capture BENCH-' || g
                 end as description,
                 case when t.type in ('purchase', 'refund', 'chargeback') then 'paypal'
                      when t.type in ('admin_add', 'admin_remove') then 'admin'
                      else 'custom_credits' end as method,
                 case when t.type = 'purchase' then 'BENCH-CAPTURE-' || g end as reference
            from generate_series(1, ${input.entries}::int) g
            cross join lateral (select g / 2 as k, 100 + ((g / 2) % 40) * 25 as m) pair
            cross join lateral (
              select case
                when g = 1 then 'purchase'
                when g % 2 = 1 then case when k % 4 = 1 then 'admin_add' else 'purchase' end
                else case k % 8
                  when 0 then 'service_renewal' when 1 then 'service_renewal' when 2 then 'service_renewal'
                  when 3 then 'admin_remove' when 4 then 'refund' when 5 then 'service_purchase'
                  when 6 then 'service_upgrade' else 'chargeback' end
              end as type) t
        ) s
       order by s.g`
  })
  const [last] = await sql<{ after: string }[]>`
    select balance_after_cents::text as after from credit_transactions
     where user_id = ${input.userId} order by id desc limit 1`
  const finalBalanceCents = Number(last!.after)
  await sql`update user_credits set balance_cents = ${finalBalanceCents}, updated_at = now() where user_id = ${input.userId}`
  // A long-lived table is vacuumed and analysed by autovacuum; do it now rather than mid-measurement.
  await sql`vacuum (analyze) credit_transactions`
  await sql`analyze users`
  return { finalBalanceCents, seconds: (performance.now() - started) / 1000 }
}

/**
 * `count` users, each with a funded wallet and an active monthly service of `productId` (a DNS
 * plan) whose period ended an hour ago: all due for one renewal.
 */
export async function seedDueServices(
  sql: postgres.Sql,
  input: {
    prefix: string
    count: number
    productId: number
    priceCents: number
    balanceCents: number
    now: Date
  },
): Promise<number> {
  const end = new Date(input.now.getTime() - 60 * 60 * 1000)
  const start = new Date(end.getTime() - 30 * 24 * 60 * 60 * 1000)
  const rows = await sql<{ n: number }[]>`
    with created as (
      insert into users (email, name, password_hash)
      select 'bench-' || ${input.prefix}::text || '-' || g || '@bench.test',
             'Bench ' || ${input.prefix}::text || ' ' || g, ${NO_PASSWORD}::text
        from generate_series(1, ${input.count}::int) g
      returning id
    ), wallets as (
      insert into user_credits (user_id, balance_cents)
      select id, ${input.balanceCents}::bigint from created
    ), due as (
      insert into services (
        user_id, product_id, family, cycle, status, current_period_start, current_period_end,
        anchor_day, price_paid_cents, recurring_price_cents, last_payment_at, next_payment_at)
      select id, ${input.productId}::int, 'dns', 'monthly', 'active', ${start}::timestamptz,
             ${end}::timestamptz, ${end.getUTCDate()}::int, ${input.priceCents}::bigint,
             ${input.priceCents}::bigint, ${start}::timestamptz, ${end}::timestamptz
        from created
      returning id
    )
    select count(*)::int as n from due`
  await sql`analyze services`
  await sql`analyze user_credits`
  return rows[0]!.n
}

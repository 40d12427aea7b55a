import { sql, type SQL } from 'drizzle-orm'
import {
  appSettings,
  lowBalanceThresholds,
  mailOptOuts,
  mailOutbox,
  users,
} from '#db/schema/index.ts'
import { SETTINGS_DEFAULTS } from '#server/services/settings/defaults.ts'

/**
 * The low-balance message of a debit, as an INSERT … SELECT over `entries` (a relation with
 * credit_transactions' columns: the ledger statement's entry CTE), run in the entry's own
 * statement. When the debit took the balance from at or above the user's threshold to below
 * it: one message, keyed on the entry (a retried producer writes nothing more). Further debits
 * while below cross nothing and send nothing; a top-up back above and a later debit below is a
 * new crossing. No row is written unless the entry was, the balance crossed and the user has
 * the category on. The default threshold is read in the statement (the settings cache is per
 * handle, and a transaction is a new handle each time).
 */
export function buildLowBalanceNoticeInsert(entries: SQL): SQL {
  return sql`
    insert into ${mailOutbox} (event_key, user_id, to_address, template, data)
    select 'low-balance:' || e.id, ${users.id}, ${users.email}, 'low-balance',
           jsonb_build_object('name', ${users.name}, 'balanceCents', e.balance_after_cents,
                              'thresholdCents', threshold.cents, 'cause', e.description)
      from ${entries} as e
      join ${users} on ${users.id} = e.user_id
      cross join lateral (
        select coalesce((select ${lowBalanceThresholds.thresholdCents} from ${lowBalanceThresholds}
                          where ${lowBalanceThresholds.userId} = ${users.id}),
                        (select ${appSettings.lowBalanceDefaultCents} from ${appSettings}),
                        ${SETTINGS_DEFAULTS.lowBalanceDefaultCents}::bigint) as cents) threshold
     where e.amount_cents < 0
       and e.balance_before_cents >= threshold.cents
       and e.balance_after_cents < threshold.cents
       and not exists (select 1 from ${mailOptOuts}
                        where ${mailOptOuts.userId} = ${users.id}
                          and ${mailOptOuts.category} = 'low_balance')
    on conflict do nothing`
}

import { sql } from 'drizzle-orm'
import type { Tx } from '#db/client.ts'
import {
  appSettings,
  lowBalanceThresholds,
  mailOptOuts,
  mailOutbox,
  users,
  type CreditTransaction,
} from '#db/schema/index.ts'
import { SETTINGS_DEFAULTS } from '#server/services/settings/defaults.ts'

/**
 * After a debit, in its transaction: when it took the balance from at or above the user's
 * threshold to below it, one low-balance message (keyed on the entry, so a retried producer
 * writes nothing more). Further debits while below cross nothing and send nothing; a top-up
 * back above and a later debit below is a new crossing. One INSERT … SELECT that writes no
 * row unless the balance crossed and the user has the category on, like enqueueMail. The
 * default threshold is read in the statement (the settings cache is per handle, and a
 * transaction is a new handle each time).
 */
export async function enqueueLowBalanceNotice(tx: Tx, entry: CreditTransaction): Promise<boolean> {
  if (entry.amountCents >= 0) return false
  const rows = await tx.execute<{ id: number }>(sql`
    insert into ${mailOutbox} (event_key, user_id, to_address, template, data)
    select ${`low-balance:${entry.id}`}::text, ${users.id}, ${users.email}, 'low-balance',
           jsonb_build_object('name', ${users.name}, 'balanceCents', ${entry.balanceAfterCents}::bigint,
                              'thresholdCents', threshold.cents, 'cause', ${entry.description}::text)
      from ${users}
      cross join lateral (
        select coalesce((select ${lowBalanceThresholds.thresholdCents} from ${lowBalanceThresholds}
                          where ${lowBalanceThresholds.userId} = ${users.id}),
                        (select ${appSettings.lowBalanceDefaultCents} from ${appSettings}),
                        ${SETTINGS_DEFAULTS.lowBalanceDefaultCents}::bigint) as cents) threshold
     where ${users.id} = ${entry.userId}::int
       and ${entry.balanceBeforeCents}::bigint >= threshold.cents
       and ${entry.balanceAfterCents}::bigint < threshold.cents
       and not exists (select 1 from ${mailOptOuts}
                        where ${mailOptOuts.userId} = ${users.id}
                          and ${mailOptOuts.category} = 'low_balance')
    on conflict do nothing
    returning id`)
  return rows.length > 0
}

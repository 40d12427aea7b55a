import type { DbOrTx } from '#db/client.ts'

/** Until the admin settings hold it (issue #14, SETTINGS): the default low-balance threshold. */
const FALLBACK_DEFAULT_CENTS = 500

/** The low-balance threshold of a user who has not set their own. */
export function lowBalanceDefaultCents(_db: DbOrTx): Promise<number> {
  return Promise.resolve(FALLBACK_DEFAULT_CENTS)
}

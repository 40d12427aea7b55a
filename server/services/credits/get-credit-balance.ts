import { eq } from 'drizzle-orm'
import type { DbOrTx } from '#db/client.ts'
import { userCredits } from '#db/schema/index.ts'
import { money, type Money } from '#server/lib/money.ts'

export type CreditBalance = { balance: Money; owed: boolean }

/** A user with no wallet row yet has a balance of zero. */
export async function getCreditBalance(db: DbOrTx, userId: number): Promise<CreditBalance> {
  const [row] = await db
    .select({ balanceCents: userCredits.balanceCents })
    .from(userCredits)
    .where(eq(userCredits.userId, userId))
  return creditBalanceOf(row?.balanceCents)
}

/** The balance of a wallet row read elsewhere (none yet: zero). */
export function creditBalanceOf(balanceCents: number | null | undefined): CreditBalance {
  const cents = balanceCents ?? 0
  return { balance: money(cents), owed: cents < 0 }
}

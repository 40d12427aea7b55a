import { desc, eq, sql } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { systemChecks, tokenTransactions, users, type SystemCheck } from '#db/schema/index.ts'
import type { Providers } from '#server/integrations/providers.ts'
import { verifyLedger } from '#server/services/credits/verify-ledger.ts'

/** The ledger audit (same check as `npm run ledger:verify`), recorded for admins. */
export async function runLedgerCheck(db: Db): Promise<SystemCheck> {
  const report = await verifyLedger(db)
  const clean = report.problems.length === 0 && report.orphans.length === 0
  const scope = `${report.usersChecked} balances and ${report.entriesChecked} entries`
  const [row] = await db
    .insert(systemChecks)
    .values({
      kind: 'ledger',
      outcome: clean ? 'ok' : 'findings',
      summary: clean
        ? `${scope} checked: no drift, no orphans.`
        : `${report.problems.length} problem(s) and ${report.orphans.length} orphan(s) in ${scope}.`,
      details: { ...report, orphanCount: report.orphans.length },
    })
    .returning()
  return row!
}

export type VirtFusionDifference = {
  userId: number
  email: string
  kind: 'link_mismatch' | 'balance_above_recorded' | 'unreadable' | 'unresolved_review'
  detail: string
}

/**
 * Compares what we recorded with what VirtFusion reports, as far as its API allows: it
 * has no way to list credit entries, so per linked user we check that the account still
 * exists under our extRelationId with the id we stored, and that its balance is not above
 * the net tokens we ever credited (usage only lowers it; more means credits we did not
 * record). Entries left in review are listed too.
 */
export async function runVirtFusionReconciliation(
  db: Db,
  providers: Providers,
  options: { limit?: number } = {},
): Promise<SystemCheck> {
  const linked = await db
    .select({
      id: users.id,
      email: users.email,
      virtfusionUserId: users.virtfusionUserId,
      netTokens: sql<string>`coalesce((select sum(t.tokens) from ${tokenTransactions} t where t.user_id = "users"."id" and t.status = 'delivered'), 0)`,
      inReview: sql<string>`(select count(*) from ${tokenTransactions} t where t.user_id = "users"."id" and t.status = 'review')`,
    })
    .from(users)
    .where(sql`${users.virtfusionUserId} is not null`)
    .orderBy(users.id)
    .limit(options.limit ?? 1000)
  const differences: VirtFusionDifference[] = []
  for (const user of linked) {
    if (Number(user.inReview) > 0) {
      differences.push({
        userId: user.id,
        email: user.email,
        kind: 'unresolved_review',
        detail: `${user.inReview} token entries await review`,
      })
    }
    try {
      const remote = await providers.virtfusion.findUserByExtRelationId(user.id)
      if (!remote || remote.id !== user.virtfusionUserId) {
        differences.push({
          userId: user.id,
          email: user.email,
          kind: 'link_mismatch',
          detail: remote
            ? `VirtFusion user ${remote.id}, we stored ${user.virtfusionUserId}`
            : 'no VirtFusion user with this extRelationId',
        })
        continue
      }
      const balance = await providers.virtfusion.getTokenBalance(user.id)
      if (balance > Number(user.netTokens)) {
        differences.push({
          userId: user.id,
          email: user.email,
          kind: 'balance_above_recorded',
          detail: `VirtFusion balance ${balance} tokens is above the ${user.netTokens} tokens we credited`,
        })
      }
    } catch (error) {
      differences.push({
        userId: user.id,
        email: user.email,
        kind: 'unreadable',
        detail: error instanceof Error ? error.message : 'unreadable',
      })
    }
  }
  const [row] = await db
    .insert(systemChecks)
    .values({
      kind: 'virtfusion',
      outcome: differences.length === 0 ? 'ok' : 'findings',
      summary:
        differences.length === 0
          ? `${linked.length} linked users checked against VirtFusion: no differences.`
          : `${differences.length} difference(s) across ${linked.length} linked users.`,
      details: { checkedUsers: linked.length, differences },
    })
    .returning()
  return row!
}

async function latest(db: Db, kind: SystemCheck['kind']): Promise<SystemCheck | null> {
  const [row] = await db
    .select()
    .from(systemChecks)
    .where(eq(systemChecks.kind, kind))
    .orderBy(desc(systemChecks.id))
    .limit(1)
  return row ?? null
}

export async function latestChecks(db: Db): Promise<{
  ledger: SystemCheck | null
  virtfusion: SystemCheck | null
  paypalRefunds: SystemCheck | null
}> {
  return {
    ledger: await latest(db, 'ledger'),
    virtfusion: await latest(db, 'virtfusion'),
    paypalRefunds: await latest(db, 'paypal_refunds'),
  }
}

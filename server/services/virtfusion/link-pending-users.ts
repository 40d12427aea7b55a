import { and, asc, eq, isNull, lte, or, sql } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { users } from '#db/schema/index.ts'
import type { Providers } from '#server/integrations/providers.ts'
import { backoffSeconds } from '#server/lib/backoff.ts'
import { ensureVirtFusionLink } from './ensure-virtfusion-link.ts'

/**
 * The linking job: every active user without a VirtFusion account gets one, retried with
 * backoff until it succeeds. New registrations are picked up by the next run.
 */
export async function linkPendingVirtFusionUsers(
  db: Db,
  providers: Providers,
  options: { batch?: number } = {},
): Promise<{ linked: number; failed: number }> {
  const due = await db
    .select({ id: users.id, attempts: users.virtfusionLinkAttempts })
    .from(users)
    .where(
      and(
        isNull(users.virtfusionUserId),
        eq(users.isActive, true),
        or(isNull(users.virtfusionNextLinkAt), lte(users.virtfusionNextLinkAt, sql`now()`)),
      ),
    )
    .orderBy(asc(users.id))
    .limit(options.batch ?? 50)
  let linked = 0
  let failed = 0
  for (const user of due) {
    try {
      await ensureVirtFusionLink(db, providers, user.id)
      linked++
    } catch (error) {
      failed++
      const attempts = user.attempts + 1
      await db
        .update(users)
        .set({
          virtfusionLinkAttempts: attempts,
          virtfusionNextLinkAt: sql`now() + make_interval(secs => ${backoffSeconds(attempts)})`,
          virtfusionLinkError:
            error instanceof Error ? error.message.slice(0, 500) : 'unknown error',
        })
        .where(eq(users.id, user.id))
    }
  }
  return { linked, failed }
}

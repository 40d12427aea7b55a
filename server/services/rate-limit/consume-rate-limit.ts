import { and, count, eq, gt, lt, sql } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { rateLimitHits } from '#db/schema/index.ts'
import { AppError } from '#server/errors.ts'

export type RateLimit = { key: string; limit: number; windowSeconds: number }

/**
 * Counts one hit against every limit and refuses with 429 when any is exceeded. Kept in
 * PostgreSQL so limits hold across restarts and instances. A transaction-scoped advisory
 * lock per key makes check-and-count atomic under concurrency.
 */
export async function consumeRateLimits(
  db: Db,
  limits: RateLimit[],
  message: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    for (const limit of limits) {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${limit.key}))`)
      const since = sql`now() - make_interval(secs => ${limit.windowSeconds})`
      const [row] = await tx
        .select({ n: count() })
        .from(rateLimitHits)
        .where(and(eq(rateLimitHits.key, limit.key), gt(rateLimitHits.createdAt, since)))
      if ((row?.n ?? 0) >= limit.limit) throw new AppError('RATE_LIMITED', message)
    }
    await tx.insert(rateLimitHits).values(limits.map((l) => ({ key: l.key })))
  })
  // Old hits carry no signal.
  if (Math.random() < 0.02)
    await db.delete(rateLimitHits).where(lt(rateLimitHits.createdAt, sql`now() - interval '1 day'`))
}

import { and, count, eq, gt, lt, sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/client.ts'
import { loginFailures } from '#db/schema/index.ts'
import { env } from '#server/env.ts'

const windowStart = () => sql`now() - make_interval(mins => ${env.LOGIN_FAILURE_WINDOW_MINUTES})`

/** True when this email has failed from this IP too often within the window. */
export async function isLoginThrottled(db: DbOrTx, email: string, ip: string): Promise<boolean> {
  const [row] = await db
    .select({ n: count() })
    .from(loginFailures)
    .where(
      and(
        eq(loginFailures.email, email),
        eq(loginFailures.ip, ip),
        gt(loginFailures.createdAt, windowStart()),
      ),
    )
  return (row?.n ?? 0) >= env.LOGIN_MAX_FAILURES
}

export async function recordLoginFailure(db: DbOrTx, email: string, ip: string): Promise<void> {
  await db.insert(loginFailures).values({ email, ip })
  // Old rows carry no signal; prune them opportunistically.
  await db.delete(loginFailures).where(lt(loginFailures.createdAt, sql`now() - interval '1 day'`))
}

export async function clearLoginFailures(db: DbOrTx, email: string, ip: string): Promise<void> {
  await db
    .delete(loginFailures)
    .where(and(eq(loginFailures.email, email), eq(loginFailures.ip, ip)))
}

import { and, desc, ilike, lt, or, type SQL } from 'drizzle-orm'
import type { DbOrTx } from '#db/client.ts'
import { users } from '#db/schema/index.ts'
import { toPublicUser, type PublicUser } from './public-user.ts'
import type { ZListUsersInput } from './schemas.ts'
import type { z } from 'zod'

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`)
}

/** Newest first, keyset-paginated by id. */
export async function listUsers(
  db: DbOrTx,
  input: z.output<typeof ZListUsersInput>,
): Promise<{ items: PublicUser[]; nextCursor: number | null }> {
  const conditions: SQL[] = []
  if (input.search) {
    const pattern = `%${escapeLike(input.search)}%`
    conditions.push(or(ilike(users.email, pattern), ilike(users.name, pattern))!)
  }
  if (input.cursor) conditions.push(lt(users.id, input.cursor))
  const rows = await db
    .select()
    .from(users)
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(desc(users.id))
    .limit(input.limit + 1)
  const page = rows.slice(0, input.limit)
  return {
    items: page.map(toPublicUser),
    nextCursor: rows.length > input.limit ? (page.at(-1)?.id ?? null) : null,
  }
}

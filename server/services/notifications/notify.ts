import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/client.ts'
import { notifications, type Notification } from '#db/schema/index.ts'

export type NotificationInput = {
  userId: number
  kind: string
  title: string
  body: string
  link?: string | null
  /** A notification with a dedupe key is created at most once per user. */
  dedupeKey?: string | null
}

/** Returns false when a notification with the same dedupe key already existed. */
export async function notify(db: DbOrTx, input: NotificationInput): Promise<boolean> {
  const rows = await db
    .insert(notifications)
    .values({ ...input, link: input.link ?? null, dedupeKey: input.dedupeKey ?? null })
    .onConflictDoNothing()
    .returning({ id: notifications.id })
  return rows.length > 0
}

export async function listNotifications(
  db: DbOrTx,
  userId: number,
  limit = 20,
): Promise<{ items: Notification[]; unread: number }> {
  const items = await db
    .select()
    .from(notifications)
    .where(eq(notifications.userId, userId))
    .orderBy(desc(notifications.id))
    .limit(limit)
  const unread = await db.$count(
    notifications,
    and(eq(notifications.userId, userId), isNull(notifications.readAt)),
  )
  return { items, unread }
}

export async function markNotificationsRead(
  db: DbOrTx,
  userId: number,
  ids?: number[],
): Promise<void> {
  await db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(
      and(
        eq(notifications.userId, userId),
        isNull(notifications.readAt),
        ids?.length ? inArray(notifications.id, ids) : undefined,
      ),
    )
}

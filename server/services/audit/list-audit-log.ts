import { and, desc, eq, lt, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { z } from 'zod'
import type { DbOrTx } from '#db/client.ts'
import { adminAuditLog, users } from '#db/schema/index.ts'
import type { ZListAuditLogInput } from './schemas.ts'

export type AuditEntryView = {
  id: number
  action: string
  subject: string | null
  reason: string
  details: Record<string, unknown>
  createdAt: Date
  admin: { id: number; name: string; email: string }
  target: { id: number; name: string; email: string } | null
}

const targets = alias(users, 'target')

/** Newest first, keyset-paginated by id, optionally for one target user, admin or action. */
export async function listAuditLog(
  db: DbOrTx,
  input: z.output<typeof ZListAuditLogInput>,
): Promise<{ items: AuditEntryView[]; nextCursor: number | null }> {
  const conditions: SQL[] = []
  if (input.targetUserId) conditions.push(eq(adminAuditLog.targetUserId, input.targetUserId))
  if (input.adminUserId) conditions.push(eq(adminAuditLog.adminUserId, input.adminUserId))
  if (input.action) conditions.push(eq(adminAuditLog.action, input.action))
  if (input.cursor) conditions.push(lt(adminAuditLog.id, input.cursor))
  const rows = await db
    .select({
      entry: adminAuditLog,
      admin: { id: users.id, name: users.name, email: users.email },
      target: { id: targets.id, name: targets.name, email: targets.email },
    })
    .from(adminAuditLog)
    .innerJoin(users, eq(users.id, adminAuditLog.adminUserId))
    .leftJoin(targets, eq(targets.id, adminAuditLog.targetUserId))
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(desc(adminAuditLog.id))
    .limit(input.limit + 1)
  const page = rows.slice(0, input.limit)
  return {
    items: page.map(({ entry, admin, target }) => ({
      id: entry.id,
      action: entry.action,
      subject: entry.subject,
      reason: entry.reason,
      details: entry.details,
      createdAt: entry.createdAt,
      admin,
      target,
    })),
    nextCursor: rows.length > input.limit ? (page.at(-1)?.entry.id ?? null) : null,
  }
}

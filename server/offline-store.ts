import { and, asc, eq, sql } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { offlineProviderState as records } from '#db/schema/index.ts'
import type { FakeRecordStore } from '#tests/mocks/fake-store.ts'

const SEQUENCE = 'sequence'

/**
 * Offline mode's store for the simulated PayPal and VirtFusion: the offline_provider_state
 * table, so every process on the database sees one PayPal and one VirtFusion. Each method is
 * one statement, or one transaction holding the record's row lock (`update`): two processes
 * capturing one order are serialised there, and the second sees the first's capture.
 */
export function createDatabaseStore(db: Db): FakeRecordStore {
  const key = (kind: string, id: string) => and(eq(records.kind, kind), eq(records.id, id))
  return {
    async get<T>(kind: string, id: string) {
      const [row] = await db.select({ state: records.state }).from(records).where(key(kind, id))
      return row?.state as T | undefined
    },

    async find<T>(kind: string, match: Record<string, unknown>) {
      const rows = await db
        .select({ state: records.state })
        .from(records)
        .where(
          and(eq(records.kind, kind), sql`${records.state} @> ${JSON.stringify(match)}::jsonb`),
        )
        .orderBy(asc(records.createdAt))
      return rows.map((row) => row.state as T)
    },

    async insert(kind, id, value) {
      const stored = await db
        .insert(records)
        .values({ kind, id, state: value })
        .onConflictDoNothing()
        .returning({ id: records.id })
      return stored.length === 1
    },

    async put(kind, id, value) {
      await db
        .insert(records)
        .values({ kind, id, state: value })
        .onConflictDoUpdate({
          target: [records.kind, records.id],
          set: { state: value, updatedAt: sql`now()` },
        })
    },

    update<T, R>(kind: string, id: string, change: (value: T) => R) {
      return db.transaction(async (tx) => {
        const [row] = await tx
          .select({ state: records.state })
          .from(records)
          .where(key(kind, id))
          .for('update')
        if (!row) return undefined
        const value = row.state as T
        const result = change(value)
        await tx
          .update(records)
          .set({ state: value, updatedAt: sql`now()` })
          .where(key(kind, id))
        return { result }
      })
    },

    async remove(kind, id) {
      await db.delete(records).where(key(kind, id))
    },

    async next(sequence) {
      const [row] = await db
        .insert(records)
        .values({ kind: SEQUENCE, id: sequence, state: 1 })
        .onConflictDoUpdate({
          target: [records.kind, records.id],
          set: { state: sql`to_jsonb((${records.state})::bigint + 1)`, updatedAt: sql`now()` },
        })
        .returning({ state: records.state })
      return Number(row!.state)
    },
  }
}

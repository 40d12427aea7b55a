/**
 * Where the msw fakes of PayPal and VirtFusion keep their records (orders, panel users,
 * credit entries, the outage switch): in this process's memory for the tests, which assert
 * through the fakes' synchronous control objects, or in the app's database in offline mode
 * (server/offline-store.ts), so that several processes on one database talk to one simulated
 * PayPal and one VirtFusion. Records are JSON values keyed by kind and id. Each call is
 * atomic on its own; that is all the fakes need to answer concurrent requests as the real
 * services do (one capture of an order wins, one panel user per extRelationId).
 */
export type FakeRecordStore = {
  get<T>(kind: string, id: string): Promise<T | undefined>
  /** The records of `kind` whose value contains `match` (PostgreSQL's jsonb `@>`). */
  find<T>(kind: string, match: Record<string, unknown>): Promise<T[]>
  /** Stores the record unless kind+id exists already; true when this call stored it. */
  insert(kind: string, id: string, value: unknown): Promise<boolean>
  /** Stores the record, replacing any. */
  put(kind: string, id: string, value: unknown): Promise<void>
  /**
   * Changes one record with nothing else changing it meanwhile (a row lock in the database):
   * `change` mutates the value it is given, synchronously, and returns what the caller needs.
   * Undefined when there is no such record.
   */
  update<T, R>(
    kind: string,
    id: string,
    change: (value: T) => R,
  ): Promise<{ result: R } | undefined>
  remove(kind: string, id: string): Promise<void>
  /** The next number of a named sequence, from 1. */
  next(sequence: string): Promise<number>
}

/** jsonb `@>` for the shapes the fakes look up by: nested objects down to equal scalars. */
export function containsMatch(value: unknown, match: unknown): boolean {
  if (match === null || typeof match !== 'object' || Array.isArray(match)) return value === match
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false
  const record = value as Record<string, unknown>
  return Object.entries(match).every(([key, part]) => containsMatch(record[key], part))
}

/**
 * The in-memory store, with synchronous access to the live records for the fakes' test
 * controls (`paypalFake.approve`, `virtfusionFake.credits`, …). Records keep their insertion
 * order, so listings are oldest first.
 */
export function createMemoryStore() {
  const kinds = new Map<string, Map<string, unknown>>()
  const sequences = new Map<string, number>()
  const records = (kind: string) => {
    let map = kinds.get(kind)
    if (!map) kinds.set(kind, (map = new Map<string, unknown>()))
    return map
  }
  const peek = <T>(kind: string, id: string) => records(kind).get(id) as T | undefined
  const all = <T>(kind: string) => [...records(kind).values()] as T[]
  const set = (kind: string, id: string, value: unknown) => {
    records(kind).set(id, value)
  }
  const nextSync = (sequence: string) => {
    const value = (sequences.get(sequence) ?? 0) + 1
    sequences.set(sequence, value)
    return value
  }

  const store: FakeRecordStore = {
    get: <T>(kind: string, id: string) => {
      const value = peek<T>(kind, id)
      return Promise.resolve(value === undefined ? undefined : structuredClone(value))
    },
    find: <T>(kind: string, match: Record<string, unknown>) =>
      Promise.resolve(
        all<T>(kind)
          .filter((value) => containsMatch(value, match))
          .map((value) => structuredClone(value)),
      ),
    insert: (kind, id, value) => {
      if (records(kind).has(id)) return Promise.resolve(false)
      set(kind, id, structuredClone(value))
      return Promise.resolve(true)
    },
    put: (kind, id, value) => {
      set(kind, id, structuredClone(value))
      return Promise.resolve()
    },
    // Synchronous from lookup to write: no other request can run in between.
    update: <T, R>(kind: string, id: string, change: (value: T) => R) => {
      const value = peek<T>(kind, id)
      return Promise.resolve(value === undefined ? undefined : { result: change(value) })
    },
    remove: (kind, id) => {
      records(kind).delete(id)
      return Promise.resolve()
    },
    next: (sequence) => Promise.resolve(nextSync(sequence)),
  }
  return { ...store, peek, all, set, nextSync }
}

export type MemoryStore = ReturnType<typeof createMemoryStore>

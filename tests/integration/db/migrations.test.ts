import postgres from 'postgres'
import { describe, expect, inject, it } from 'vitest'
import { runMigrations } from '#db/migrate.ts'
import { withDatabase } from '#tests/setup/free-port.ts'

describe('the migrator', () => {
  it('migrates an empty database, then finds an up-to-date one with nothing to do', async () => {
    const serverUrl = inject('databaseServerUrl')
    const name = `skypanel_migrate_${process.pid}`
    const admin = postgres(withDatabase(serverUrl, 'postgres'), { max: 1, onnotice: () => {} })
    await admin.unsafe(`drop database if exists "${name}" with (force)`)
    await admin.unsafe(`create database "${name}"`)
    try {
      const url = withDatabase(serverUrl, name)
      const first = await runMigrations(url)
      expect(first.applied).toBeGreaterThan(0)
      expect(first.applied).toBe(first.total)
      const second = await runMigrations(url)
      expect(second).toEqual({ applied: 0, total: first.total })

      const check = postgres(url, { max: 1 })
      const tables = await check<{ table_name: string }[]>`
        select table_name from information_schema.tables where table_schema = 'public'`
      await check.end()
      expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(['users', 'sessions']))
    } finally {
      await admin.unsafe(`drop database if exists "${name}" with (force)`)
      await admin.end()
    }
  })
})

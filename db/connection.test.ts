import { afterEach, describe, expect, it, vi } from 'vitest'
import { parseEnv } from '#server/env.ts'

// No server is contacted: postgres.js connects on the first query only.
const URL = 'postgres://user:secret@127.0.0.1:1/skypanel'

async function freshOpenPostgres() {
  vi.resetModules()
  return (await import('./connection.ts')).openPostgres
}

afterEach(() => {
  vi.unstubAllEnvs()
  vi.resetModules()
})

describe('DATABASE_PREPARE', () => {
  it('defaults to true and accepts true/false/1/0 only', () => {
    expect(parseEnv({ NODE_ENV: 'test' }).DATABASE_PREPARE).toBe(true)
    expect(parseEnv({ NODE_ENV: 'test', DATABASE_PREPARE: 'false' }).DATABASE_PREPARE).toBe(false)
    expect(parseEnv({ NODE_ENV: 'test', DATABASE_PREPARE: '0' }).DATABASE_PREPARE).toBe(false)
    expect(() => parseEnv({ NODE_ENV: 'test', DATABASE_PREPARE: 'off' })).toThrow(
      /DATABASE_PREPARE/,
    )
  })

  it('false: every client sends unnamed statements and never pipelines', async () => {
    vi.stubEnv('DATABASE_PREPARE', 'false')
    const sql = (await freshOpenPostgres())(URL, { max: 3 })
    expect(sql.options).toMatchObject({ prepare: false, max_pipeline: 0, max: 3 })
    await sql.end()
  })

  it('true (direct connections): the driver keeps prepared statements and pipelining', async () => {
    vi.stubEnv('DATABASE_PREPARE', 'true')
    const sql = (await freshOpenPostgres())(URL)
    expect(sql.options).toMatchObject({ prepare: true, max_pipeline: 100 })
    await sql.end()
  })
})

import { describe, expect, it } from 'vitest'
import { parseEnv } from './env.ts'

describe('parseEnv', () => {
  it('applies defaults and treats empty strings as unset', () => {
    const env = parseEnv({ NODE_ENV: 'test', PORT: '', DATABASE_URL: '' })
    expect(env.PORT).toBe(3000)
    expect(env.DATABASE_URL).toBeUndefined()
    expect(env.SESSION_SECRET.length).toBeGreaterThan(10)
  })

  it('refuses to start production without SESSION_SECRET', () => {
    expect(() => parseEnv({ NODE_ENV: 'production' })).toThrow(/SESSION_SECRET is required/)
  })

  it('refuses a short production secret', () => {
    expect(() => parseEnv({ NODE_ENV: 'production', SESSION_SECRET: 'short' })).toThrow(
      /at least 32/,
    )
  })

  it('lists every invalid variable', () => {
    expect(() =>
      parseEnv({ NODE_ENV: 'staging', PORT: 'abc' } as unknown as NodeJS.ProcessEnv),
    ).toThrow(/NODE_ENV[\s\S]*PORT|PORT[\s\S]*NODE_ENV/)
  })
})

describe('amount limits', () => {
  it('parses decimal dollars into cents', () => {
    const env = parseEnv({ NODE_ENV: 'test' })
    expect(env.CREDITS_PURCHASE_MIN).toBe(100)
    expect(env.CREDITS_PURCHASE_MAX).toBe(100000)
    expect(env.ADMIN_ADJUSTMENT_MIN).toBe(1)
    expect(env.ADMIN_ADJUSTMENT_MAX).toBe(1000000)
    expect(
      parseEnv({ NODE_ENV: 'test', ADMIN_ADJUSTMENT_MAX: '250.50' }).ADMIN_ADJUSTMENT_MAX,
    ).toBe(25050)
  })

  it('refuses a limit that is not a decimal amount', () => {
    expect(() => parseEnv({ NODE_ENV: 'test', CREDITS_PURCHASE_MAX: '1e3' })).toThrow(
      /CREDITS_PURCHASE_MAX/,
    )
  })
})

describe('payment providers', () => {
  const production = { NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40) } as const
  it('refuses production without PayPal and VirtFusion credentials', () => {
    expect(() => parseEnv(production)).toThrow(/PAYPAL_CLIENT_ID/)
  })
  it('allows simulated providers in production only when asked to', () => {
    expect(parseEnv({ ...production, ALLOW_OFFLINE_PAYMENTS: 'true' }).ALLOW_OFFLINE_PAYMENTS).toBe(
      true,
    )
  })
})

describe('job queue settings', () => {
  it('JOBS_POOL_MAX defaults to 4 and takes 1 to 100', () => {
    expect(parseEnv({ NODE_ENV: 'test' }).JOBS_POOL_MAX).toBe(4)
    expect(parseEnv({ NODE_ENV: 'test', JOBS_POOL_MAX: '2' }).JOBS_POOL_MAX).toBe(2)
    expect(() => parseEnv({ NODE_ENV: 'test', JOBS_POOL_MAX: '0' })).toThrow(/JOBS_POOL_MAX/)
    expect(() => parseEnv({ NODE_ENV: 'test', JOBS_POOL_MAX: 'many' })).toThrow(/JOBS_POOL_MAX/)
  })

  it('WORKER_HEALTH_PORT defaults to 3001 and must be a port', () => {
    expect(parseEnv({ NODE_ENV: 'test' }).WORKER_HEALTH_PORT).toBe(3001)
    expect(parseEnv({ NODE_ENV: 'test', WORKER_HEALTH_PORT: '9101' }).WORKER_HEALTH_PORT).toBe(9101)
    expect(() => parseEnv({ NODE_ENV: 'test', WORKER_HEALTH_PORT: '70000' })).toThrow(
      /WORKER_HEALTH_PORT/,
    )
  })
})

describe('start and stop', () => {
  it('MIGRATE_ON_START defaults to true; false leaves migrating to the release step', () => {
    expect(parseEnv({ NODE_ENV: 'test' }).MIGRATE_ON_START).toBe(true)
    expect(parseEnv({ NODE_ENV: 'test', MIGRATE_ON_START: 'false' }).MIGRATE_ON_START).toBe(false)
    expect(() => parseEnv({ NODE_ENV: 'test', MIGRATE_ON_START: 'no' })).toThrow(/MIGRATE_ON_START/)
  })

  it('SHUTDOWN_DRAIN_MS defaults to 25 s and takes 0 to 10 minutes', () => {
    expect(parseEnv({ NODE_ENV: 'test' }).SHUTDOWN_DRAIN_MS).toBe(25_000)
    expect(parseEnv({ NODE_ENV: 'test', SHUTDOWN_DRAIN_MS: '0' }).SHUTDOWN_DRAIN_MS).toBe(0)
    expect(() => parseEnv({ NODE_ENV: 'test', SHUTDOWN_DRAIN_MS: '-1' })).toThrow(
      /SHUTDOWN_DRAIN_MS/,
    )
  })

  it('WEB_CONCURRENCY defaults to one process and takes 1 to 64 workers', () => {
    expect(parseEnv({ NODE_ENV: 'test' }).WEB_CONCURRENCY).toBe(1)
    expect(parseEnv({ NODE_ENV: 'test', WEB_CONCURRENCY: '' }).WEB_CONCURRENCY).toBe(1)
    expect(parseEnv({ NODE_ENV: 'test', WEB_CONCURRENCY: '64' }).WEB_CONCURRENCY).toBe(64)
    for (const wrong of ['0', '65', '2.5', 'auto', '-1'])
      expect(() => parseEnv({ NODE_ENV: 'test', WEB_CONCURRENCY: wrong })).toThrow(
        /WEB_CONCURRENCY: the number of web workers, a whole number from 1 to 64/,
      )
  })
})

describe('mail', () => {
  const production = {
    NODE_ENV: 'production',
    SESSION_SECRET: 'x'.repeat(40),
    PAYPAL_CLIENT_ID: 'id',
    PAYPAL_CLIENT_SECRET: 'secret',
    PAYPAL_WEBHOOK_ID: 'hook',
    VIRTFUSION_API_URL: 'https://vf.example.com/api/v1',
    VIRTFUSION_API_TOKEN: 'token',
  } as const
  it('refuses production without SMTP_URL', () => {
    expect(() => parseEnv(production)).toThrow(/Production needs SMTP_URL/)
  })
  it('starts production without SMTP_URL only when told to discard mail (or offline)', () => {
    expect(parseEnv({ ...production, MAIL_DISCARD: 'true' }).SMTP_URL).toBeUndefined()
    expect(parseEnv({ ...production, ALLOW_OFFLINE_PAYMENTS: 'true' }).MAIL_DISCARD).toBe(false)
  })
  it('takes an smtp:// or smtps:// SMTP_URL, and nothing else', () => {
    const url = 'smtps://user:pass@smtp.example.com:465'
    expect(
      parseEnv({ ...production, SMTP_URL: url, APP_URL: 'https://panel.example.com' }).SMTP_URL,
    ).toBe(url)
    expect(() => parseEnv({ NODE_ENV: 'test', SMTP_URL: 'https://smtp.example.com' })).toThrow(
      /SMTP_URL/,
    )
  })
  it('refuses production that sends mail without APP_URL (links in mail would name no public address)', () => {
    const url = 'smtps://user:pass@smtp.example.com:465'
    expect(() => parseEnv({ ...production, SMTP_URL: url })).toThrow(/needs APP_URL/)
  })
  it('development without SMTP_URL keeps mail local', () => {
    expect(parseEnv({ NODE_ENV: 'test' }).SMTP_URL).toBeUndefined()
  })
})

import { describe, expect, it } from 'vitest'
import { parseEnv } from '#server/env.ts'

const SECRET = 'x'.repeat(32)

describe('provisioning settings in the environment', () => {
  it('reads a family webhook and its provisioner', () => {
    const env = parseEnv({
      NODE_ENV: 'test',
      PROVISIONER_DEDICATED_SERVER: 'webhook',
      PROVISIONING_WEBHOOK_URL_DEDICATED_SERVER: 'https://provision.example.com/hook',
      PROVISIONING_WEBHOOK_SECRET_DEDICATED_SERVER: SECRET,
    })
    expect(env.PROVISIONER_DEDICATED_SERVER).toBe('webhook')
    expect(env.PROVISIONING_WEBHOOK_URL_DEDICATED_SERVER).toBe('https://provision.example.com/hook')
    expect(env.PROVISIONER_DNS).toBeUndefined()
  })

  it('allows http only on loopback', () => {
    const base = { NODE_ENV: 'test' as const, PROVISIONING_WEBHOOK_SECRET_DNS: SECRET }
    expect(() =>
      parseEnv({ ...base, PROVISIONING_WEBHOOK_URL_DNS: 'http://127.0.0.1:8080/hook' }),
    ).not.toThrow()
    expect(() =>
      parseEnv({ ...base, PROVISIONING_WEBHOOK_URL_DNS: 'http://provision.example.com/hook' }),
    ).toThrow(/https/)
  })

  it.each([
    [{ PROVISIONER_DNS: 'webhook' }, /PROVISIONER_DNS=webhook needs both/],
    [{ PROVISIONING_WEBHOOK_URL_DNS: 'https://a.example/h' }, /go together/],
    [{ PROVISIONING_WEBHOOK_SECRET_DNS: SECRET }, /go together/],
    [
      {
        PROVISIONING_WEBHOOK_URL_DNS: 'https://a.example/h',
        PROVISIONING_WEBHOOK_SECRET_DNS: 'short',
      },
      /at least 32/,
    ],
    [{ PROVISIONER_DNS: 'carrier-pigeon' }, /PROVISIONER_DNS/],
  ])('refuses %j', (settings, message) => {
    expect(() => parseEnv({ NODE_ENV: 'test', ...settings })).toThrow(message)
  })
})

import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { REDACTED, redactSecrets } from './redact-secrets.ts'

describe('redactSecrets', () => {
  it('redacts secret keys at the top, deep inside objects and inside arrays', () => {
    const line = {
      password: 'hunter2',
      user: { id: 7, passwordHash: '$argon2id$…' },
      req: { headers: { authorization: 'Bearer sk_live', cookie: '__session=abc', accept: '*/*' } },
      paypal: {
        order: { payer: { email_address: 'buyer@example.com' } },
        tokens: [{ token: 't' }],
      },
      res: { headers: { 'set-cookie': ['__session=new'] } },
      a: { b: { c: { d: { accessToken: 'deep' } } } },
    }
    expect(redactSecrets(line)).toEqual({
      password: REDACTED,
      user: { id: 7, passwordHash: REDACTED },
      req: { headers: { authorization: REDACTED, cookie: REDACTED, accept: '*/*' } },
      paypal: { order: { payer: REDACTED }, tokens: [{ token: REDACTED }] },
      res: { headers: { 'set-cookie': REDACTED } },
      a: { b: { c: { d: { accessToken: REDACTED } } } },
    })
  })

  it("never changes the caller's objects", () => {
    const headers = { authorization: 'Bearer x', accept: 'json' }
    const items = [{ secret: 's' }, { ok: 1 }]
    const line = { headers, items }
    const redacted = redactSecrets(line)
    expect(headers.authorization).toBe('Bearer x')
    expect(items[0]!.secret).toBe('s')
    // What had nothing to redact is shared, not copied.
    expect(redacted.items[1]).toBe(items[1])
  })

  it('returns a line with nothing to redact as is (no copy per request)', () => {
    const line = { method: 'GET', path: '/api/billing/balance', status: 200, ms: 1.2, tags: ['a'] }
    expect(redactSecrets(line)).toBe(line)
  })

  it('leaves empty secrets, errors and other objects to the serializers, and ends a cycle', () => {
    const error = Object.assign(new Error('boom'), { token: 'in an error' })
    const cyclic: Record<string, unknown> = { name: 'loop' }
    cyclic.self = cyclic
    expect(redactSecrets({ token: null, password: undefined })).toEqual({
      token: null,
      password: undefined,
    })
    expect(redactSecrets({ err: error }).err).toBe(error)
    expect(redactSecrets(cyclic)).toBe(cyclic)
    expect(redactSecrets('a string')).toBe('a string')
  })
})

describe('log lines', () => {
  it('carry no secret, at any depth, through the app logger', async () => {
    const { createLogger } = await import('./log.ts')
    const lines: string[] = []
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString())
        done()
      },
    })
    const logger = createLogger(sink, 'info')
    logger.info(
      { password: 'top', req: { headers: { cookie: 'c=1' } }, deep: { x: { token: 't' } } },
      'm',
    )
    const line = JSON.parse(lines.join('')) as Record<string, unknown>
    expect(line).toMatchObject({
      password: REDACTED,
      req: { headers: { cookie: REDACTED } },
      deep: { x: { token: REDACTED } },
      msg: 'm',
    })
  })
})

import { createCookie } from '@remix-run/node'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { parseEnv } from '#server/env.ts'

const OLD = 'old-session-secret-0123456789abcdefghijklmnop'
const NEW = 'new-session-secret-0123456789abcdefghijklmnop'

describe('SESSION_SECRET as a list', () => {
  it('the first signs, all are kept, blanks around commas are ignored', () => {
    const env = parseEnv({ NODE_ENV: 'test', SESSION_SECRET: ` ${NEW} , ${OLD},` })
    expect(env.SESSION_SECRET).toBe(NEW)
    expect(env.SESSION_SECRETS).toEqual([NEW, OLD])
  })

  it('production refuses a list with any secret shorter than 32 characters', () => {
    const production = { NODE_ENV: 'production', ALLOW_OFFLINE_PAYMENTS: 'true' } as const
    expect(parseEnv({ ...production, SESSION_SECRET: `${NEW},${OLD}` }).SESSION_SECRETS).toEqual([
      NEW,
      OLD,
    ])
    expect(() => parseEnv({ ...production, SESSION_SECRET: `${NEW},short` })).toThrow(/at least 32/)
    expect(() => parseEnv({ ...production, SESSION_SECRET: ' , ' })).toThrow(
      /SESSION_SECRET is required/,
    )
  })
})

describe('rotating the session secret', () => {
  afterEach(() => {
    vi.unstubAllEnvs()
    vi.resetModules()
  })

  async function sessionModuleWith(secret: string) {
    vi.stubEnv('SESSION_SECRET', secret)
    vi.resetModules()
    return import('./session.ts')
  }

  const requestWith = (cookie: string) =>
    new Request('http://localhost/', { headers: { Cookie: cookie.split(';')[0]! } })

  it('a cookie signed before the rotation still signs in; new cookies use the new secret', async () => {
    const before = await sessionModuleWith(OLD)
    const oldCookie = await before.sessionCookie.serialize('session-before-rotation')

    const after = await sessionModuleWith(`${NEW},${OLD}`)
    expect(await after.readSessionId(requestWith(oldCookie))).toBe('session-before-rotation')

    const newCookie = await after.sessionCookie.serialize('session-after-rotation')
    const onlyNew = createCookie('__session', { secrets: [NEW] })
    const onlyOld = createCookie('__session', { secrets: [OLD] })
    expect(await onlyNew.parse(newCookie.split(';')[0]!)).toBe('session-after-rotation')
    expect(await onlyOld.parse(newCookie.split(';')[0]!)).toBeNull()
  })

  it('once the old secret leaves the list, its cookies no longer sign in', async () => {
    const before = await sessionModuleWith(OLD)
    const oldCookie = await before.sessionCookie.serialize('session-before-rotation')
    const after = await sessionModuleWith(NEW)
    expect(await after.readSessionId(requestWith(oldCookie))).toBeNull()
  })
})

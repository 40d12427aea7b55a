import { afterEach, describe, expect, it, vi } from 'vitest'

/** env is parsed once per module load, so each case loads origin.ts afresh under its APP_URL. */
async function publicOriginWith(appUrl: string | undefined) {
  vi.resetModules()
  if (appUrl === undefined) delete process.env.APP_URL
  else process.env.APP_URL = appUrl
  return (await import('./origin.ts')).publicOrigin
}

const original = process.env.APP_URL
afterEach(() => {
  if (original === undefined) delete process.env.APP_URL
  else process.env.APP_URL = original
})

describe('publicOrigin', () => {
  it('is the request’s own origin without APP_URL (path, query and headers play no part)', async () => {
    const publicOrigin = await publicOriginWith(undefined)
    const request = new Request(
      'https://panel.example.com:8443/api/trpc/x?next=https://evil.example',
      {
        method: 'POST',
        headers: { Origin: 'https://evil.example', Referer: 'https://evil.example/' },
      },
    )
    expect(publicOrigin(request)).toBe('https://panel.example.com:8443')
  })

  it('is APP_URL’s origin when set, whatever host the request names', async () => {
    const publicOrigin = await publicOriginWith('https://billing.example.com/some/path')
    expect(
      publicOrigin(new Request('http://10.0.0.7:3000/api/billing/custom-credits/orders')),
    ).toBe('https://billing.example.com')
    expect(publicOrigin(null)).toBe('https://billing.example.com')
  })

  it('refuses to guess without APP_URL or a request', async () => {
    const publicOrigin = await publicOriginWith(undefined)
    expect(() => publicOrigin(null)).toThrow(/APP_URL/)
  })
})

import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { ZHostname, ZIpAddress, ZProvisionServiceInput } from './schemas.ts'
import { signWebhook } from './sign-webhook.ts'

describe('ZHostname (RFC 1123)', () => {
  it.each(['srv1.example.com', 'a', 'localhost', 'xn--bcher-kva.example', `${'a'.repeat(63)}.io`])(
    'accepts %s',
    (name) => expect(ZHostname.safeParse(name).success).toBe(true),
  )
  it.each([
    '',
    '-a.example',
    'a-.example',
    'a..example',
    'a.example.',
    'under_score.example',
    'space d.example',
    '203.0.113.10',
    `${'a'.repeat(64)}.io`,
    `${'abcd.'.repeat(51)}io`,
    'srv.exa\nmple',
  ])('refuses %j', (name) => expect(ZHostname.safeParse(name).success).toBe(false))
  it('keeps it trimmed and in lower case', () => {
    expect(ZHostname.parse('  SRV1.Example.COM ')).toBe('srv1.example.com')
  })
})

describe('ZIpAddress', () => {
  it.each(['203.0.113.10', '0.0.0.0', '::1', '2001:db8::10', '::ffff:192.0.2.1'])(
    'accepts %s',
    (address) => expect(ZIpAddress.safeParse(address).success).toBe(true),
  )
  it.each([
    '256.1.1.1',
    '010.0.0.1',
    '1.2.3',
    '1::2::3',
    'fe80::1%eth0',
    'example.com',
    '1.2.3.4/24',
  ])('refuses %s', (address) => expect(ZIpAddress.safeParse(address).success).toBe(false))
})

describe('ZProvisionServiceInput', () => {
  it('names each bad field', () => {
    const result = ZProvisionServiceInput.safeParse({
      serviceId: 'x',
      hostname: 'bad_host',
      ipAddress: '1.2.3',
      reason: '',
    })
    expect(result.success).toBe(false)
    expect(new Set(result.error!.issues.map((issue) => issue.path[0]))).toEqual(
      new Set(['serviceId', 'hostname', 'ipAddress', 'reason']),
    )
  })
})

describe('signWebhook', () => {
  it('is v1= and the hex HMAC-SHA256 of "<timestamp>.<body>"', () => {
    const body = '{"eventId":"e"}'
    expect(signWebhook('secret', 1796043600, body)).toBe(
      `v1=${createHmac('sha256', 'secret').update(`1796043600.${body}`).digest('hex')}`,
    )
    expect(signWebhook('secret', 1796043601, body)).not.toBe(
      signWebhook('secret', 1796043600, body),
    )
  })
})

import type { AddressInfo } from 'node:net'
import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseEnv } from './env.ts'

const trustProxy = (value: string) => parseEnv({ NODE_ENV: 'test', TRUST_PROXY: value }).TRUST_PROXY

describe('TRUST_PROXY', () => {
  it.each([
    ['', false],
    ['false', false],
    ['0', false],
    ['1', 1],
    ['2', 2],
    ['loopback', ['loopback']],
    ['loopback, 10.0.0.0/8, fd00::/8', ['loopback', '10.0.0.0/8', 'fd00::/8']],
    ['192.168.1.7,10.0.0.0/255.0.0.0', ['192.168.1.7', '10.0.0.0/255.0.0.0']],
  ])('%j → %j', (value, expected) => {
    expect(trustProxy(value)).toEqual(expected)
  })

  it('refuses "true" (every hop trusted), explaining the hop-count form', () => {
    expect(() => trustProxy('true')).toThrow(
      /TRUST_PROXY: .*every X-Forwarded-For hop.*\(e\.g\. 1\)/,
    )
  })

  it.each(['yes', '10.0.0.0/33', '10.0.0.0/8/8', 'loopback,', 'proxy.example', '-1', '1.5'])(
    'refuses %j',
    (value) => {
      expect(() => trustProxy(value)).toThrow(/TRUST_PROXY/)
    },
  )
})

describe('the client IP Express derives with the parsed setting', () => {
  const app = express()
  app.get('/ip', (req, res) => {
    res.json({ ip: req.ip })
  })
  let baseUrl: string
  let close: () => void
  beforeAll(async () => {
    const server = app.listen(0, '127.0.0.1')
    await new Promise((resolve) => server.once('listening', resolve))
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    close = () => server.close()
  })
  afterAll(() => close())

  // This test process plays the one proxy (127.0.0.1), which appended the client's address
  // to whatever X-Forwarded-For the client sent.
  const ipSeen = async (value: string) => {
    app.set('trust proxy', trustProxy(value))
    const response = await fetch(`${baseUrl}/ip`, {
      headers: { 'X-Forwarded-For': '6.6.6.6, 203.0.113.9' },
    })
    return ((await response.json()) as { ip: string }).ip
  }

  it.each(['1', 'loopback', '127.0.0.1/32'])(
    'TRUST_PROXY=%s: the address our proxy saw, not the one the client claimed',
    async (value) => {
      expect(await ipSeen(value)).toBe('203.0.113.9')
    },
  )

  it('unset: the proxy itself', async () => {
    expect(await ipSeen('')).toBe('127.0.0.1')
  })
})

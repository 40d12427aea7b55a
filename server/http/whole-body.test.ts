import { describe, expect, it } from 'vitest'
import { json } from './respond.ts'
import { wholeBodyOf } from './whole-body.ts'

describe('the bytes json() answered with', () => {
  it('are kept on the Response, the same bytes its body stream holds', async () => {
    const response = json({ amount: '1.00', note: 'ünïcode' }, { status: 201 })
    const kept = wholeBodyOf(response)
    expect(kept && Buffer.from(kept).toString('utf8')).toBe('{"amount":"1.00","note":"ünïcode"}')
    expect(Number(response.headers.get('Content-Length'))).toBe(kept?.byteLength)
    expect(Buffer.from(await response.arrayBuffer()).equals(Buffer.from(kept!))).toBe(true)
  })

  it('are not offered once the body was read, nor for a Response json() did not build', async () => {
    const response = json({ ok: true })
    await response.text()
    expect(wholeBodyOf(response)).toBeUndefined()
    expect(wholeBodyOf(new Response('{"ok":true}'))).toBeUndefined()
  })
})

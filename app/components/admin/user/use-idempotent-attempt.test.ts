import { describe, expect, it } from 'vitest'
import { attemptFor } from './use-idempotent-attempt.ts'

type Grant = { cents: number; reason: string }
const same = (a: Grant, b: Grant) => a.cents === b.cents && a.reason === b.reason
let n = 0
const newKey = () => `key-${++n}`

describe('attemptFor', () => {
  it('gives a first submission a new key', () => {
    expect(attemptFor(null, { cents: 100, reason: 'Bonus' }, same, newKey).key).toMatch(/^key-/)
  })
  it('reuses the key when the same submission is retried', () => {
    const first = attemptFor(null, { cents: 100, reason: 'Bonus' }, same, newKey)
    const retry = attemptFor(first, { cents: 100, reason: 'Bonus' }, same, newKey)
    expect(retry.key).toBe(first.key)
  })
  it('gives a changed submission a new key', () => {
    const first = attemptFor(null, { cents: 100, reason: 'Bonus' }, same, newKey)
    expect(attemptFor(first, { cents: 101, reason: 'Bonus' }, same, newKey).key).not.toBe(first.key)
    expect(attemptFor(first, { cents: 100, reason: 'Other' }, same, newKey).key).not.toBe(first.key)
  })
})

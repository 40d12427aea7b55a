import { describe, expect, it } from 'vitest'
import { ZPassword } from './password.ts'

const problems = (value: unknown) =>
  ZPassword.safeParse(value).error?.issues.map((issue) => issue.message) ?? []

describe('ZPassword: one problem at a time', () => {
  it.each([
    ['aaa', 'Password must be at least 10 characters'],
    ['x'.repeat(129), 'Password must be at most 128 characters'],
    ['Password123', 'Password is too common'],
    ['abababababab', 'Password is too repetitive'],
    [42, 'Password is required'],
  ])('%s → only "%s"', (value, message) => {
    expect(problems(value)).toEqual([message])
  })

  it('accepts a long, varied password', () => {
    expect(problems('a-long-and-varied-secret')).toEqual([])
  })
})

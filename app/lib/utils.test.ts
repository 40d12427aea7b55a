import { describe, expect, it } from 'vitest'
import { cn } from './utils.ts'

describe('cn', () => {
  it('joins truthy classes, nested arrays included', () => {
    expect(cn('a', false, null, undefined, 0, ['b', ['c', false]], '')).toBe('a b c')
  })

  it('lets a later conflicting Tailwind class win', () => {
    expect(cn('rounded-lg bg-white p-6 ring-1 ring-slate-200', 'p-0')).toBe(
      'rounded-lg bg-white ring-1 ring-slate-200 p-0',
    )
    // The DNS current-plan highlight: the card's ring-1/ring-slate-200 must give way.
    expect(cn('ring-1 ring-slate-200 bg-white', 'bg-indigo-50/40 ring-2 ring-indigo-600')).toBe(
      'bg-indigo-50/40 ring-2 ring-indigo-600',
    )
  })
})

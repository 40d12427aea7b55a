import { describe, expect, it } from 'vitest'
import { auditChange } from '../audit-log-table.tsx'
import { userTabMeta } from './meta.ts'
import { cancelledCreditIds } from './token-entries.tsx'

type Entry = Parameters<typeof cancelledCreditIds>[0][number]
const entry = (tokens: number, virtfusionCreditId: number | null) =>
  ({ tokens, virtfusionCreditId }) as Entry

describe('admin user tab helpers', () => {
  it('a credit counts as cancelled once a negative entry names it', () => {
    const ids = cancelledCreditIds([entry(-500, 7), entry(500, 7), entry(300, 8), entry(-10, null)])
    expect([...ids]).toEqual([7])
  })

  it('words each change: days and new end of an extension, status and role changes', () => {
    expect(
      auditChange({
        action: 'dns_subscription.extend',
        details: { days: 1, to: '2026-12-30T12:00:00Z' },
      }),
    ).toBe('+1 day to Dec 30, 2026')
    expect(auditChange({ action: 'dns_subscription.cancel', details: {} })).toBeNull()
    expect(auditChange({ action: 'user.set_active', details: { from: true, to: false } })).toBe(
      'active → inactive',
    )
  })

  it('titles a tab with the user’s name from the layout', () => {
    const matches = [{ id: 'routes/admin.users.$userId', data: { user: { name: 'Cathy' } } }]
    expect(userTabMeta(matches, 'DNS plan')).toEqual([
      { title: 'DNS plan · Cathy · Admin · SkyPANEL' },
    ])
    expect(userTabMeta([], 'DNS plan')).toEqual([{ title: 'DNS plan · Admin · SkyPANEL' }])
  })
})

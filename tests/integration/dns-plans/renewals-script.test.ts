import { spawnSync } from 'node:child_process'
import { afterEach, describe, expect, it } from 'vitest'
import {
  at,
  balanceOf,
  chargesOf,
  expectLedgerConsistent,
  onlySubscription,
  subscriber,
} from '#tests/helpers/dns.ts'

afterEach(async () => {
  await expectLedgerConsistent()
})

/** `npm run jobs:renewals -- …` against this file's test database. */
function jobsRenewals(args: string[]) {
  return spawnSync('npx', ['tsx', 'scripts/jobs-renewals.ts', ...args], {
    env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL, NODE_ENV: 'test' },
    encoding: 'utf8',
    timeout: 60_000,
  })
}

// Each run starts a tsx process (a few seconds each).
describe('scripts/jobs-renewals.ts', { timeout: 120_000 }, () => {
  it('runs one pass as of --now: exit 0, prints the counts, and the due subscription is renewed', async () => {
    const { user: payer } = await subscriber(
      'basic',
      at('2027-01-31T10:00:00Z'),
      1000,
      'Script Payer',
    )
    const { user: poor } = await subscriber('pro', at('2027-02-10T10:00:00Z'), 0, 'Script Poor')

    const run = jobsRenewals(['--now', '2027-02-28T10:00:00Z'])
    expect(run.stderr).not.toMatch(/Error/)
    expect(run.status).toBe(0)
    expect(run.stdout).toContain('Renewal pass as of 2027-02-28T10:00:00.000Z')
    expect(run.stdout).toMatch(/renewed 1, past due 0, expired 0, ended 0, skipped 0, reminders 0/)

    const sub = await onlySubscription(payer.id)
    expect(sub.status).toBe('active')
    expect(sub.currentPeriodStart.toISOString()).toBe('2027-02-28T10:00:00.000Z')
    expect(sub.currentPeriodEnd.toISOString()).toBe('2027-03-31T10:00:00.000Z')
    expect((await chargesOf(payer.id)).map((c) => c.kind)).toEqual(['purchase', 'renewal'])
    expect(await balanceOf(payer.id)).toBe(500)

    // Run again at the same time: nothing more is charged.
    const again = jobsRenewals(['--now', '2027-02-28T10:00:00Z'])
    expect(again.status).toBe(0)
    expect(again.stdout).toMatch(/renewed 0,/)
    expect(await chargesOf(payer.id)).toHaveLength(2)

    // The unpaid one goes past due at its own period end.
    const later = jobsRenewals(['--now', '2027-03-10T10:00:00Z'])
    expect(later.status).toBe(0)
    expect(later.stdout).toMatch(/renewed 0, past due 1,/)
    expect((await onlySubscription(poor.id)).status).toBe('past_due')
  })

  it.each([['not-a-date'], ['2027-13-45T99:00:00Z']])(
    'a bad --now (%j) exits with code 2 and changes nothing',
    async (bad) => {
      const { user } = await subscriber('basic', at('2027-06-01T00:00:00Z'), 1000, 'Script Bad Now')
      const run = jobsRenewals(['--now', bad])
      expect(run.status).toBe(2)
      expect(run.stderr).toMatch(/--now must be an ISO date-time/)
      expect(await chargesOf(user.id)).toHaveLength(1)
    },
  )

  it('an empty --now (say, an unset shell variable) is refused rather than run as of the real clock', () => {
    const run = jobsRenewals(['--now', ''])
    expect(run.status).toBe(2)
    expect(run.stdout).not.toContain('Renewal pass as of')
  })

  it('an unknown flag exits with code 2 and a usage line', () => {
    const run = jobsRenewals(['--when', '2027-01-01T00:00:00Z'])
    expect(run.status).toBe(2)
    expect(run.stderr).toMatch(/Usage: npm run jobs:renewals/)
  })
})

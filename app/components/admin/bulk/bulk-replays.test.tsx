import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import {
  AppliedBeforeCell,
  AppliedBeforeNotice,
  applyAgainOf,
  rowsToApply,
  totalsOfRows,
} from './bulk-replays.tsx'

const applied = {
  entryId: 7,
  batchId: 3,
  line: 2,
  at: new Date('2026-11-24T10:05:00Z'),
  admin: { id: 1, name: 'Alice' },
  occurrence: 1,
  balanceAfter: { cents: 1250, formatted: '$12.50' },
}
const repeatRow = {
  line: 2,
  email: 'a@example.test',
  user: { id: 1, name: 'A' },
  action: 'add' as const,
  amount: { cents: 1250, formatted: '$12.50' },
  reason: 'Loyalty bonus',
  problem: null,
  fingerprint: 'f'.repeat(32),
  appliedBefore: [applied],
  timesApplied: 1,
}
const newRow = {
  ...repeatRow,
  line: 3,
  action: 'remove' as const,
  amount: { cents: 300, formatted: '$3.00' },
  fingerprint: 'e'.repeat(32),
  appliedBefore: [],
  timesApplied: 0,
}
const preview = {
  kind: 'preview' as const,
  fileHash: '0123456789abcdef',
  rowCount: 2,
  rows: [repeatRow, newRow],
  fileProblems: [],
  problemCount: 0,
  ok: true,
  alreadyApplied: 1,
  totals: {
    adds: { count: 1, amount: { cents: 1250, formatted: '$12.50' } },
    removals: { count: 1, amount: { cents: 300, formatted: '$3.00' } },
  },
}

describe('bulk replays', () => {
  it('applies new rows, and applied-before rows only when chosen, with the count seen', () => {
    expect(rowsToApply(preview, new Set()).map((row) => row.line)).toEqual([3])
    expect(applyAgainOf(preview, new Set())).toEqual([])
    const chosen = new Set([repeatRow.fingerprint])
    expect(rowsToApply(preview, chosen).map((row) => row.line)).toEqual([2, 3])
    expect(applyAgainOf(preview, chosen)).toEqual([
      { fingerprint: repeatRow.fingerprint, timesApplied: 1 },
    ])
    expect(totalsOfRows(rowsToApply(preview, new Set()))).toEqual({
      adds: '0 adds totalling $0.00',
      removals: '1 removal totalling $3.00',
      hasRemovals: true,
    })
  })

  it('says where and when a row was applied, with the choice to apply it again', () => {
    const cell = renderToStaticMarkup(
      <AppliedBeforeCell row={repeatRow} chosen={false} onToggle={() => undefined} />,
    )
    expect(cell).toContain('In batch #3 at 2026-11-24 10:05 UTC by Alice (entry 7)')
    expect(cell).toContain('Apply again')
    expect(
      renderToStaticMarkup(
        <AppliedBeforeCell row={newRow} chosen={false} onToggle={() => undefined} />,
      ),
    ).toBe('')
    const notice = renderToStaticMarkup(
      <AppliedBeforeNotice preview={preview} chosen={new Set()} onChoose={() => undefined} />,
    )
    expect(notice).toContain('1 row was applied before')
    expect(notice).toContain('Apply all of them again')
  })
})

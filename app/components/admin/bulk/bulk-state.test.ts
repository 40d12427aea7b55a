import { describe, expect, it } from 'vitest'
import {
  bulkReducer,
  initialBulkState,
  isStale,
  type BulkState,
  type Preview,
  type Results,
} from './bulk-state.ts'

const preview = { kind: 'preview', rows: [], rowCount: 0 } as unknown as Preview
const results = { kind: 'results', batch: { id: 4 } } as unknown as Results
const run = (...events: Parameters<typeof bulkReducer>[1][]): BulkState =>
  events.reduce(bulkReducer, initialBulkState)

describe('bulk credits page state', () => {
  it('keeps the previewed text, so editing afterwards makes the preview stale, not different', () => {
    const state = run(
      { type: 'edited', csv: 'a' },
      { type: 'previewed', csv: 'a', data: preview },
      { type: 'edited', csv: 'ab' },
    )
    expect(state.preview?.csv).toBe('a')
    expect(isStale(state)).toBe(true)
    expect(isStale(bulkReducer(state, { type: 'edited', csv: 'a' }))).toBe(false)
  })

  it('numbers each preview, so choices made on the previous one are dropped', () => {
    const once = run({ type: 'previewed', csv: 'a', data: preview })
    const twice = bulkReducer(once, { type: 'previewed', csv: 'a', data: preview })
    expect([once.preview?.seq, twice.preview?.seq]).toEqual([1, 2])
  })

  it('a new preview clears the results and the last apply error', () => {
    const state = run(
      { type: 'previewed', csv: 'a', data: preview },
      { type: 'applied', results },
      { type: 'apply-failed', refusal: { message: 'Changed', problems: [] } },
      { type: 'previewed', csv: 'a', data: preview },
    )
    expect(state.results).toBeNull()
    expect(state.applyError).toBeNull()
  })

  it('picking a file drops the old preview; a refused file empties the text and says why', () => {
    const state = run(
      { type: 'edited', csv: 'old' },
      { type: 'previewed', csv: 'old', data: preview },
      { type: 'file-picked' },
      { type: 'file-refused', fileName: 'big.csv', message: 'big.csv is larger than 1 MB' },
    )
    expect(state).toMatchObject({ preview: null, csv: '', fileName: 'big.csv' })
    expect(state.inputError).toMatch(/larger than 1 MB/)
  })

  it('editing forgets the file name and the input error', () => {
    const state = run(
      { type: 'file-read', fileName: 'a.csv', csv: 'x' },
      { type: 'input-refused', message: 'Bad' },
      { type: 'edited', csv: 'y' },
    )
    expect(state).toMatchObject({ csv: 'y', fileName: null, inputError: null })
  })
})

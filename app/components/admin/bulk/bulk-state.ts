import type { RouterOutputs } from '#app/lib/trpc.ts'

type BulkOutput = RouterOutputs['admin']['customCredits']['bulkAdjust']
export type Preview = Extract<BulkOutput, { kind: 'preview' }>
export type Results = Extract<BulkOutput, { kind: 'results' }>
export type Refusal = {
  message: string
  problems: Array<{ line: number; email: string; problem: string }>
}

/**
 * The bulk page: the CSV being edited, the preview made from an exact text (applying sends
 * that text, never the edited one), the results of the last apply and why an apply failed.
 */
export type BulkState = {
  csv: string
  fileName: string | null
  inputError: string | null
  /** `seq` changes with every new preview, resetting the rows chosen to apply again. */
  preview: { csv: string; data: Preview; seq: number } | null
  results: Results | null
  applyError: Refusal | null
}

export type BulkEvent =
  | { type: 'edited'; csv: string }
  | { type: 'file-picked' }
  | { type: 'file-read'; fileName: string; csv: string }
  | { type: 'file-refused'; fileName: string; message: string }
  | { type: 'input-refused'; message: string }
  | { type: 'previewed'; csv: string; data: Preview }
  | { type: 'apply-started' }
  | { type: 'applied'; results: Results }
  | { type: 'apply-failed'; refusal: Refusal }

export const initialBulkState: BulkState = {
  csv: '',
  fileName: null,
  inputError: null,
  preview: null,
  results: null,
  applyError: null,
}

export function bulkReducer(state: BulkState, event: BulkEvent): BulkState {
  switch (event.type) {
    case 'edited':
      // Edited text is no longer the picked file; the preview stays, marked stale.
      return { ...state, csv: event.csv, fileName: null, inputError: null }
    case 'file-picked':
      return { ...state, preview: null, results: null, applyError: null }
    case 'file-read':
      return { ...state, fileName: event.fileName, csv: event.csv, inputError: null }
    case 'file-refused':
      return { ...state, fileName: event.fileName, csv: '', inputError: event.message }
    case 'input-refused':
      return { ...state, inputError: event.message }
    case 'previewed':
      return {
        ...state,
        inputError: null,
        preview: { csv: event.csv, data: event.data, seq: (state.preview?.seq ?? 0) + 1 },
        results: null,
        applyError: null,
      }
    case 'apply-started':
      return { ...state, applyError: null }
    case 'applied':
      return { ...state, results: event.results }
    case 'apply-failed':
      return { ...state, applyError: event.refusal }
  }
}

/** The preview no longer matches the text in the box: it must be made again to apply. */
export function isStale(state: BulkState): boolean {
  return state.preview !== null && state.preview.csv !== state.csv
}

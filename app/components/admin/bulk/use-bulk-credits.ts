import { useReducer, useRef, type ChangeEvent } from 'react'
import { useToast } from '#app/components/ui/toast.tsx'
import { useMutation, useTRPC } from '#app/lib/trpc.ts'
// Pure (no Node APIs, no server modules): safe in the browser bundle.
import { BULK_MAX_BYTES } from '#server/services/credits/bulk-csv.ts'
import { serverFailure } from '../user/server-errors.ts'
import type { ApplyAgain } from './bulk-replays.tsx'
import { bulkReducer, initialBulkState, isStale, type Refusal } from './bulk-state.ts'

const OFFLINE = 'Could not reach the server. Check your connection and try again.'

function byteLength(text: string): number {
  return new TextEncoder().encode(text).length
}

/** The refused rows a 409 carries (something changed since the preview). */
function refusalOf(message: string, details: unknown): Refusal {
  const problems = (details as { problems?: unknown } | null)?.problems
  return { message, problems: Array.isArray(problems) ? (problems as Refusal['problems']) : [] }
}

/** The bulk credits page: pick or paste a CSV, preview it (a dry run), apply, retry. */
export function useBulkCredits() {
  const trpc = useTRPC()
  const toast = useToast()
  const [state, dispatch] = useReducer(bulkReducer, initialBulkState)
  // The rows chosen to apply again: a retry sends the same choice, so it repeats them once.
  const lastApplyAgain = useRef<ApplyAgain>([])
  const fileRead = useRef(0)
  const resultsHeading = useRef<HTMLHeadingElement>(null)
  const previewMutation = useMutation(trpc.admin.customCredits.bulkAdjust.mutationOptions())
  const applyMutation = useMutation(trpc.admin.customCredits.bulkAdjust.mutationOptions())

  function preview(text: string) {
    if (byteLength(text) > BULK_MAX_BYTES) {
      dispatch({
        type: 'input-refused',
        message: 'The CSV is larger than 1 MB: split it into smaller files.',
      })
      return
    }
    previewMutation.mutate(
      { csv: text, dryRun: true },
      {
        onSuccess(data) {
          if (data.kind === 'preview') dispatch({ type: 'previewed', csv: text, data })
        },
        onError(error) {
          dispatch({ type: 'input-refused', message: serverFailure(error, [], OFFLINE).message })
        },
      },
    )
  }

  function apply(text: string, applyAgain: ApplyAgain): Promise<void> {
    dispatch({ type: 'apply-started' })
    lastApplyAgain.current = applyAgain
    return applyMutation
      .mutateAsync({ csv: text, dryRun: false, applyAgain })
      .then((data) => {
        if (data.kind !== 'results') return
        dispatch({ type: 'applied', results: data })
        const { summary } = data
        toast({
          tone: summary.failed > 0 ? 'error' : 'success',
          title: summary.failed > 0 ? 'Some rows were not applied' : 'Bulk adjustment applied',
          description: `${summary.applied} applied, ${summary.replayed} already applied before, ${summary.failed} failed.`,
        })
      })
      .catch((error: unknown) => {
        const failure = serverFailure(
          error,
          [],
          'Could not reach the server. Check your connection.',
        )
        if (failure.status === 409) {
          // Something changed since the preview (a user deactivated…): show it again.
          dispatch({ type: 'apply-failed', refusal: refusalOf(failure.message, failure.details) })
          preview(text)
          return
        }
        dispatch({
          type: 'apply-failed',
          refusal: {
            message: failure.outcomeUnknown
              ? `${failure.message} Some rows may have been applied. Applying the same file again is safe: rows already applied are not applied twice.`
              : failure.message,
            problems: [],
          },
        })
        toast({ tone: 'error', title: "Couldn't apply the file", description: failure.message })
      })
  }

  async function pickFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0]
    if (!file) return
    const ticket = ++fileRead.current
    dispatch({ type: 'file-picked' })
    if (file.size > BULK_MAX_BYTES) {
      dispatch({
        type: 'file-refused',
        fileName: file.name,
        message: `${file.name} is larger than 1 MB: split it into smaller files.`,
      })
      return
    }
    const text = await file.text()
    if (ticket !== fileRead.current) return // another file was picked meanwhile
    dispatch({ type: 'file-read', fileName: file.name, csv: text })
    preview(text)
  }

  return {
    state,
    stale: isStale(state),
    resultsHeading,
    previewing: previewMutation.isPending,
    applying: applyMutation.isPending,
    edit: (csv: string) => dispatch({ type: 'edited', csv }),
    pickFile: (event: ChangeEvent<HTMLInputElement>) => void pickFile(event),
    preview: () => preview(state.csv),
    /** Applies the previewed text (never the edited one). */
    apply: (applyAgain: ApplyAgain) =>
      state.preview ? apply(state.preview.csv, applyAgain) : Promise.resolve(),
    retry: () => {
      if (state.preview) void apply(state.preview.csv, lastApplyAgain.current)
    },
  }
}

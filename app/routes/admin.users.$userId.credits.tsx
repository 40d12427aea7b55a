import * as AlertDialog from '@radix-ui/react-alert-dialog'
import { json, type LoaderFunctionArgs, type SerializeFrom } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useId, useRef, useState, type FormEvent, type MouseEvent } from 'react'
import { Button } from '#app/components/ui/button.tsx'
import { Alert, Badge, Card } from '#app/components/ui/card.tsx'
import { Field } from '#app/components/ui/field.tsx'
import { useToast } from '#app/components/ui/toast.tsx'
import { callOrThrow, serverCaller } from '#app/lib/trpc.server.ts'
import { useTRPC, type RouterOutputs } from '#app/lib/trpc.ts'
import { cn, formatDate } from '#app/lib/utils.ts'
// Pure helpers (zod is their only dependency): safe in the browser bundle for preview math.
import { centsToDecimal, formatCents, parseDecimalToCents } from '#server/lib/money.ts'
import { parseReason } from '#app/lib/reason.ts'

const HISTORY_LIMIT = 20
const REFRESH_MS = 15_000

/**
 * The same bounds the server enforces (ADMIN_ADJUSTMENT_MIN/MAX defaults in server/env.ts).
 * The server stays the authority: if its env overrides these, its field error is shown.
 */
const MIN_CENTS = 1
const MAX_CENTS = 1_000_000

function pageFrom(url: URL): number {
  const page = Number(url.searchParams.get('page') ?? '1')
  return Number.isSafeInteger(page) && page >= 1 ? Math.min(page, 100_000) : 1
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const page = pageFrom(new URL(request.url))
  const caller = await serverCaller(request, context)
  const overview = await callOrThrow(request, () =>
    caller.admin.customCredits.get({
      userId: Number(params.userId),
      history: { page, limit: HISTORY_LIMIT },
    }),
  )
  return json({ overview, page, loadedAt: Date.now() })
}

type Overview = RouterOutputs['admin']['customCredits']['get']
type Entry = Overview['history']['items'][number]
type LoaderData = SerializeFrom<typeof loader>

/** Loader JSON → the tRPC (superjson) shape, so it can seed the query cache. */
function revive(data: LoaderData['overview']): Overview {
  return {
    ...data,
    history: {
      ...data.history,
      items: data.history.items.map((item) => ({ ...item, createdAt: new Date(item.createdAt) })),
    },
  }
}

/* Validation (mirrors ZAdminAdjustmentBody in server/services/credits/schemas.ts) ---------- */

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string }

function parseAmount(text: string): Parsed<number> {
  const parsed = parseDecimalToCents(text.trim())
  if (!parsed.ok) return { ok: false, message: parsed.message }
  if (parsed.cents === 0) return { ok: false, message: 'Amount must be greater than zero' }
  if (parsed.cents < MIN_CENTS || parsed.cents > MAX_CENTS) {
    return {
      ok: false,
      message: `Amount must be between ${formatCents(MIN_CENTS)} and ${formatCents(MAX_CENTS)}`,
    }
  }
  return { ok: true, value: parsed.cents }
}

/* Idempotency ------------------------------------------------------------------------------ */

/** A UUID; falls back to getRandomValues where randomUUID is missing (plain-HTTP origins). */
function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')
}

type Direction = 'add' | 'remove'
type Adjustment = { cents: number; reason: string }
type Attempt = Adjustment & { key: string }
type FieldErrors = { amount?: string[]; reason?: string[]; other?: string }

const COPY = {
  add: { done: 'Credits added', past: 'Added', failed: "Couldn't add credits" },
  remove: {
    done: 'Credits removed',
    past: 'Removed',
    failed: "Couldn't remove credits",
  },
} as const

/**
 * One adjustment direction: sends the tRPC mutation with an idempotency key that is new for
 * each submission but reused when the SAME submission is retried after a failure whose
 * outcome is unknown (network error or 5xx), so a retry can never apply it twice.
 */
function useAdjustCredits(userId: number, direction: Direction) {
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const toast = useToast()
  const attempt = useRef<Attempt | null>(null)
  const [serverErrors, setServerErrors] = useState<FieldErrors>({})
  const procedure =
    direction === 'add' ? trpc.admin.customCredits.add : trpc.admin.customCredits.remove
  const mutation = useMutation({
    ...procedure.mutationOptions(),
    // Even after a failure the change may have been applied: refresh either way.
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({
          queryKey: trpc.admin.customCredits.get.queryKey({ userId }),
        }),
        // The header chip, in case admins adjust their own balance.
        queryClient.invalidateQueries(trpc.customCredits.pathFilter()),
      ]),
  })
  const copy = COPY[direction]

  function submit(adjustment: Adjustment, onDone: () => void) {
    const previous = attempt.current
    const key =
      previous && previous.cents === adjustment.cents && previous.reason === adjustment.reason
        ? previous.key
        : newIdempotencyKey()
    attempt.current = { ...adjustment, key }
    setServerErrors({})
    mutation.mutate(
      {
        userId,
        amount: centsToDecimal(adjustment.cents),
        reason: adjustment.reason,
        idempotencyKey: key,
      },
      {
        onSuccess(result) {
          attempt.current = null
          toast({
            tone: 'success',
            title: copy.done,
            description: `${copy.past} ${formatCents(adjustment.cents)}. New balance: ${result.balance.formatted}.`,
          })
          if (result.warning)
            toast({ tone: 'error', title: 'Negative balance', description: result.warning })
          onDone()
        },
        onError(error) {
          const outcomeUnknown = !error.data || error.data.httpStatus >= 500
          if (!outcomeUnknown) attempt.current = null
          const fields = error.data?.fields ?? {}
          const other = Object.entries(fields)
            .filter(([name]) => name !== 'amount' && name !== 'reason')
            .map(([name, messages]) => `${name}: ${messages.join(' ')}`)
            .join(' ')
          const message = error.data
            ? error.message
            : 'Could not reach the server. Check your connection and try again.'
          const retryHint = outcomeUnknown
            ? ' Submitting the same amount and reason again is safe: it will not be applied twice.'
            : ''
          setServerErrors({
            amount: fields.amount,
            reason: fields.reason,
            other: `${message}${other ? ` ${other}` : ''}${retryHint}`,
          })
          toast({ tone: 'error', title: copy.failed, description: `${message}${retryHint}` })
        },
      },
    )
  }

  return {
    submit,
    pending: mutation.isPending,
    serverErrors,
    clearServerError: (field: 'amount' | 'reason') =>
      setServerErrors((current) => ({ ...current, [field]: undefined })),
  }
}

/** Amount + reason inputs with inline validation (after blur, or after a submit attempt). */
function useAdjustmentFields() {
  const [amount, setAmount] = useState('')
  const [reason, setReason] = useState('')
  const [touched, setTouched] = useState({ amount: false, reason: false })
  const [submitted, setSubmitted] = useState(false)
  const parsedAmount = parseAmount(amount)
  const parsedReason = parseReason(reason)
  return {
    amount,
    reason,
    setAmount,
    setReason,
    parsedAmount,
    touch: (field: 'amount' | 'reason') => setTouched((current) => ({ ...current, [field]: true })),
    amountError: (touched.amount || submitted) && !parsedAmount.ok ? parsedAmount.message : null,
    reasonError: (touched.reason || submitted) && !parsedReason.ok ? parsedReason.message : null,
    /** Marks the form submitted and returns the adjustment if everything is valid. */
    validate: (): Adjustment | null => {
      setSubmitted(true)
      return parsedAmount.ok && parsedReason.ok
        ? { cents: parsedAmount.value, reason: parsedReason.value }
        : null
    },
    reset: () => {
      setAmount('')
      setReason('')
      setTouched({ amount: false, reason: false })
      setSubmitted(false)
    },
  }
}

function AdjustmentFields({
  fields,
  adjust,
}: {
  fields: ReturnType<typeof useAdjustmentFields>
  adjust: ReturnType<typeof useAdjustCredits>
}) {
  const amountErrors = fields.amountError ? [fields.amountError] : adjust.serverErrors.amount
  const reasonErrors = fields.reasonError ? [fields.reasonError] : adjust.serverErrors.reason
  return (
    <>
      <Field
        label="Amount (USD)"
        name="amount"
        type="text"
        inputMode="decimal"
        autoComplete="off"
        placeholder="0.00"
        hint="Between $0.01 and $10,000.00, at most two decimals."
        value={fields.amount}
        onChange={(event) => {
          fields.setAmount(event.target.value)
          adjust.clearServerError('amount')
        }}
        onBlur={() => fields.touch('amount')}
        errors={amountErrors}
      />
      <Field
        label="Reason"
        name="reason"
        type="text"
        autoComplete="off"
        hint="Required, 3–500 characters. Recorded in the ledger with your name."
        value={fields.reason}
        onChange={(event) => {
          fields.setReason(event.target.value)
          adjust.clearServerError('reason')
        }}
        onBlur={() => fields.touch('reason')}
        errors={reasonErrors}
      />
      {adjust.serverErrors.other ? <Alert tone="error">{adjust.serverErrors.other}</Alert> : null}
    </>
  )
}

function AddCreditsForm({ userId }: { userId: number }) {
  const headingId = useId()
  const fields = useAdjustmentFields()
  const adjust = useAdjustCredits(userId, 'add')

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (adjust.pending) return
    const adjustment = fields.validate()
    if (adjustment) adjust.submit(adjustment, fields.reset)
  }

  return (
    <Card>
      <h2 id={headingId} className="text-lg font-semibold">
        Add credits
      </h2>
      <form aria-labelledby={headingId} noValidate onSubmit={onSubmit} className="mt-4 space-y-4">
        <AdjustmentFields fields={fields} adjust={adjust} />
        <Button type="submit" disabled={adjust.pending} aria-busy={adjust.pending || undefined}>
          Add credits
        </Button>
      </form>
    </Card>
  )
}

function RemoveCreditsForm({ userId, balanceCents }: { userId: number; balanceCents: number }) {
  const headingId = useId()
  const fields = useAdjustmentFields()
  const adjust = useAdjustCredits(userId, 'remove')
  // What the admin is asked to confirm; the dialog is open while this is set.
  const [confirming, setConfirming] = useState<Adjustment | null>(null)

  // The trigger is the form's submit button, so Enter in a field opens the dialog too.
  function onTriggerClick(event: MouseEvent<HTMLButtonElement>) {
    const adjustment = adjust.pending ? null : fields.validate()
    if (adjustment) setConfirming(adjustment)
    else event.preventDefault() // neither opens the dialog nor submits
  }

  const resultCents = confirming ? balanceCents - confirming.cents : 0

  return (
    <Card>
      <h2 id={headingId} className="text-lg font-semibold">
        Remove credits
      </h2>
      <form
        aria-labelledby={headingId}
        noValidate
        onSubmit={(event) => event.preventDefault()}
        className="mt-4 space-y-4"
      >
        <AdjustmentFields fields={fields} adjust={adjust} />
        <AlertDialog.Root
          open={confirming !== null}
          onOpenChange={(open) => {
            if (!open) setConfirming(null)
          }}
        >
          <AlertDialog.Trigger asChild onClick={onTriggerClick}>
            <Button
              type="submit"
              variant="danger"
              disabled={adjust.pending}
              aria-busy={adjust.pending || undefined}
            >
              Remove credits
            </Button>
          </AlertDialog.Trigger>
          <AlertDialog.Portal>
            <AlertDialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
            <AlertDialog.Content className="fixed left-1/2 top-1/2 z-50 w-[32rem] max-w-[calc(100vw-2rem)] -translate-x-1/2 -translate-y-1/2 space-y-4 rounded-lg bg-white p-6 shadow-xl ring-1 ring-slate-200 focus:outline-none">
              <AlertDialog.Title className="text-lg font-semibold">
                Remove credits?
              </AlertDialog.Title>
              <AlertDialog.Description asChild>
                <div className="space-y-3 text-sm text-slate-700">
                  {confirming ? (
                    <>
                      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
                        <dt className="text-slate-500">Amount to remove</dt>
                        <dd className="font-medium tabular-nums">
                          {formatCents(confirming.cents)}
                        </dd>
                        <dt className="text-slate-500">Current balance</dt>
                        <dd className="font-medium tabular-nums">{formatCents(balanceCents)}</dd>
                        <dt className="text-slate-500">Balance after removal</dt>
                        <dd
                          className={cn(
                            'font-semibold tabular-nums',
                            resultCents < 0 && 'text-rose-700',
                          )}
                        >
                          {formatCents(resultCents)}
                        </dd>
                        <dt className="text-slate-500">Reason</dt>
                        <dd className="break-words">{confirming.reason}</dd>
                      </dl>
                      {resultCents < 0 ? (
                        <p className="rounded-md bg-rose-50 p-3 font-medium text-rose-800 ring-1 ring-rose-200">
                          This will leave a negative balance of {formatCents(resultCents)}: the user
                          will owe it.
                        </p>
                      ) : null}
                    </>
                  ) : null}
                </div>
              </AlertDialog.Description>
              <div className="flex justify-end gap-3">
                <AlertDialog.Cancel asChild>
                  <Button variant="secondary">Cancel</Button>
                </AlertDialog.Cancel>
                <AlertDialog.Action asChild>
                  <Button
                    variant="danger"
                    onClick={() => {
                      if (confirming) adjust.submit(confirming, fields.reset)
                    }}
                  >
                    Remove credits
                  </Button>
                </AlertDialog.Action>
              </div>
            </AlertDialog.Content>
          </AlertDialog.Portal>
        </AlertDialog.Root>
      </form>
    </Card>
  )
}

function BalanceCard({ overview, refreshing }: { overview: Overview; refreshing: boolean }) {
  const { balance } = overview.balance
  const negative = balance.cents < 0
  return (
    <Card className="flex flex-wrap items-end justify-between gap-4">
      <div>
        <h2 className="text-sm font-medium text-slate-500">Custom credits balance</h2>
        <p className="mt-1 flex items-center gap-3" data-testid="admin-credit-balance">
          <span
            className={cn(
              'text-3xl font-bold tabular-nums',
              negative ? 'text-rose-700' : 'text-slate-900',
            )}
          >
            {balance.formatted}
          </span>
          {negative ? <Badge tone="red">owed</Badge> : null}
        </p>
        {negative ? (
          <p className="mt-1 text-sm text-rose-700">The user owes {formatCents(-balance.cents)}.</p>
        ) : null}
      </div>
      <p className="text-xs text-slate-500" aria-hidden="true">
        {refreshing ? 'Refreshing…' : 'Refreshes every 15 seconds'}
      </p>
    </Card>
  )
}

function SignedAmount({ entry }: { entry: Entry }) {
  const debit = entry.amount.cents < 0
  return (
    <span className={cn('tabular-nums', debit ? 'text-rose-700' : 'text-emerald-700')}>
      {debit ? entry.amount.formatted : `+${entry.amount.formatted}`}
    </span>
  )
}

function HistoryTable({ history }: { history: Overview['history'] }) {
  const pagination = history.pagination
  return (
    <section aria-labelledby="credit-history-heading" className="space-y-3">
      <h2 id="credit-history-heading" className="text-lg font-semibold">
        History
      </h2>
      <Card className="overflow-x-auto p-0">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="px-4 py-3">
                Date (UTC)
              </th>
              <th scope="col" className="px-4 py-3">
                Type
              </th>
              <th scope="col" className="px-4 py-3 text-right">
                Amount
              </th>
              <th scope="col" className="px-4 py-3 text-right">
                Balance after
              </th>
              <th scope="col" className="px-4 py-3">
                Description
              </th>
              <th scope="col" className="px-4 py-3">
                Reason
              </th>
              <th scope="col" className="px-4 py-3">
                Admin
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {history.items.map((entry) => (
              <tr key={entry.id}>
                <td className="whitespace-nowrap px-4 py-3">{formatDate(entry.createdAt)}</td>
                <td className="whitespace-nowrap px-4 py-3">{entry.typeLabel}</td>
                <td className="whitespace-nowrap px-4 py-3 text-right">
                  <SignedAmount entry={entry} />
                </td>
                <td
                  className={cn(
                    'whitespace-nowrap px-4 py-3 text-right tabular-nums',
                    entry.balanceAfter.cents < 0 && 'text-rose-700',
                  )}
                >
                  {entry.balanceAfter.formatted}
                </td>
                <td className="px-4 py-3">{entry.description}</td>
                <td className="max-w-xs break-words px-4 py-3">{entry.reason ?? '—'}</td>
                <td className="px-4 py-3">{entry.adminName ?? '—'}</td>
              </tr>
            ))}
            {history.items.length === 0 ? (
              <tr>
                <td colSpan={7} className="px-4 py-8 text-center text-slate-500">
                  No credit transactions{pagination && pagination.page > 1 ? ' on this page' : ''}.
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </Card>
      {pagination ? (
        <nav aria-label="History pages" className="flex items-center justify-between text-sm">
          {pagination.page > 1 ? (
            <Link
              to={`?page=${Math.min(pagination.page - 1, pagination.pageCount)}`}
              rel="prev"
              preventScrollReset
              className="font-medium text-indigo-600"
            >
              ← Previous
            </Link>
          ) : (
            <span />
          )}
          <span className="text-slate-500">
            Page {pagination.page} of {pagination.pageCount} (
            {pagination.totalCount.toLocaleString('en-US')}
            {pagination.totalIsExact ? '' : '+'} {pagination.totalCount === 1 ? 'entry' : 'entries'}
            )
          </span>
          {pagination.page < pagination.pageCount ? (
            <Link
              to={`?page=${pagination.page + 1}`}
              rel="next"
              preventScrollReset
              className="font-medium text-indigo-600"
            >
              Next →
            </Link>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
    </section>
  )
}

export default function AdminUserCredits() {
  const data = useLoaderData<typeof loader>()
  const trpc = useTRPC()
  const userId = data.overview.user.id
  // The loader renders the page; the browser then keeps it live through tRPC.
  const live = useQuery(
    trpc.admin.customCredits.get.queryOptions(
      { userId, history: { page: data.page, limit: HISTORY_LIMIT } },
      {
        initialData: () => revive(data.overview),
        initialDataUpdatedAt: data.loadedAt,
        refetchInterval: REFRESH_MS,
      },
    ),
  )
  const overview = live.data

  return (
    <div className="space-y-6">
      <BalanceCard overview={overview} refreshing={live.isFetching} />
      <div className="grid gap-6 md:grid-cols-2">
        <AddCreditsForm userId={userId} />
        <RemoveCreditsForm userId={userId} balanceCents={overview.balance.balance.cents} />
      </div>
      <HistoryTable history={overview.history} />
    </div>
  )
}

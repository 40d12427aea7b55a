import * as AlertDialog from '@radix-ui/react-alert-dialog'
import { json, type LoaderFunctionArgs, type SerializeFrom } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useId, useRef, useState, type FormEvent } from 'react'
import { Button } from '#app/components/ui/button.tsx'
import { Alert, Badge, Card } from '#app/components/ui/card.tsx'
import { Field } from '#app/components/ui/field.tsx'
import { useToast } from '#app/components/ui/toast.tsx'
import { newIdempotencyKey } from '#app/lib/idempotency-key.ts'
import { formatCents } from '#app/lib/money.ts'
import { callOrThrow, serverCaller } from '#app/lib/trpc.server.ts'
import { useTRPC, type RouterOutputs } from '#app/lib/trpc.ts'
import { cn, formatDate } from '#app/lib/utils.ts'
import { parseReason } from '#app/lib/reason.ts'

const REFRESH_MS = 15_000

/** The bounds admin.virtfusion.addTokens enforces (server/trpc/routers/admin.ts). */
const MIN_TOKENS = 1
const MAX_TOKENS = 1_000_000

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const caller = await serverCaller(request, context)
  const overview = await callOrThrow(request, () =>
    caller.admin.virtfusion.get({ userId: Number(params.userId) }),
  )
  return json({ overview, loadedAt: Date.now() })
}

type Overview = RouterOutputs['admin']['virtfusion']['get']
type Balance = Overview['balance']
type Entry = Overview['entries'][number]
type LoaderData = SerializeFrom<typeof loader>

/** Loader JSON → the tRPC (superjson) shape, so it can seed the query cache. */
function revive(data: LoaderData['overview']): Overview {
  const balance: Balance =
    data.balance.status === 'ok' || data.balance.status === 'stale'
      ? { ...data.balance, fetchedAt: new Date(data.balance.fetchedAt) }
      : data.balance
  return {
    ...data,
    balance,
    entries: data.entries.map((entry) => ({ ...entry, createdAt: new Date(entry.createdAt) })),
  }
}

/* Validation (mirrors the addTokens / cancelCredit inputs and ZReason) ---------------------- */

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string }

function parseTokens(text: string): Parsed<number> {
  const trimmed = text.trim()
  if (trimmed.length === 0) return { ok: false, message: 'Enter a number of tokens' }
  if (!/^\d+$/.test(trimmed))
    return { ok: false, message: 'Tokens must be a whole number, like 500' }
  // Digits only, so the length check keeps Number() well inside the safe integers.
  const tokens = trimmed.length > 7 ? Number.POSITIVE_INFINITY : Number(trimmed)
  if (tokens < MIN_TOKENS || tokens > MAX_TOKENS) {
    return {
      ok: false,
      message: `Tokens must be between ${MIN_TOKENS.toLocaleString('en-US')} and ${MAX_TOKENS.toLocaleString('en-US')}`,
    }
  }
  return { ok: true, value: tokens }
}

function formatTokens(tokens: number): string {
  return tokens.toLocaleString('en-US')
}

/** 100 tokens = $1, so a token count is its dollar value in cents (formatCents: integer math). */
function tokensValue(tokens: number): string {
  return formatCents(tokens)
}

type ServerErrors = { tokens?: string[]; reason?: string[]; other?: string }

/** Field errors and a message from a tRPC error (or a network failure, which has no data). */
function serverErrorsOf(
  error: { message: string; data?: { fields?: Record<string, string[]> | null } | null },
  fieldNames: string[],
  networkMessage: string,
): ServerErrors {
  const fields = error.data?.fields ?? {}
  const others = Object.entries(fields)
    .filter(([name]) => !fieldNames.includes(name))
    .map(([name, messages]) => `${name}: ${messages.join(' ')}`)
    .join(' ')
  const message = error.data ? error.message : networkMessage
  return {
    tokens: fields.tokens,
    reason: fields.reason,
    other: `${message}${others ? ` ${others}` : ''}`,
  }
}

function useInvalidateOverview(userId: number) {
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  return () =>
    queryClient.invalidateQueries({ queryKey: trpc.admin.virtfusion.get.queryKey({ userId }) })
}

/* Link ---------------------------------------------------------------------------------------- */

function LinkCard({ user }: { user: Overview['user'] }) {
  const trpc = useTRPC()
  const toast = useToast()
  const invalidate = useInvalidateOverview(user.id)
  const link = useMutation({
    ...trpc.admin.virtfusion.link.mutationOptions(),
    onSuccess: (result) =>
      toast({
        tone: 'success',
        title: 'Linked to VirtFusion',
        description: `${user.name} is VirtFusion user #${result.virtfusionUserId}.`,
      }),
    onError: (error) =>
      toast({
        tone: 'error',
        title: "Couldn't link to VirtFusion",
        description: error.data
          ? error.message
          : 'Could not reach the server. Check your connection and try again.',
      }),
    onSettled: invalidate,
  })

  return (
    <Card>
      <h2 className="text-sm font-medium text-slate-500">VirtFusion account</h2>
      {user.virtfusionUserId !== null ? (
        <p className="mt-2 flex items-center gap-3" data-testid="virtfusion-link">
          <span className="text-2xl font-semibold tabular-nums">User #{user.virtfusionUserId}</span>
          <Badge tone="green">linked</Badge>
        </p>
      ) : (
        <div className="mt-2 space-y-3">
          <p className="flex items-center gap-3" data-testid="virtfusion-link">
            <span className="text-2xl font-semibold text-slate-400">Not linked</span>
          </p>
          {user.linkError ? (
            <Alert tone="error">Last link attempt failed: {user.linkError}</Alert>
          ) : (
            <p className="text-sm text-slate-500">
              The linking job has not created this user&apos;s VirtFusion account yet.
            </p>
          )}
          <Button
            onClick={() => link.mutate({ userId: user.id })}
            disabled={link.isPending}
            aria-busy={link.isPending || undefined}
          >
            {link.isPending ? 'Linking…' : 'Link to VirtFusion'}
          </Button>
        </div>
      )}
    </Card>
  )
}

/* Balance ------------------------------------------------------------------------------------- */

function BalanceCard({ balance, refreshing }: { balance: Balance; refreshing: boolean }) {
  return (
    <Card>
      <h2 className="text-sm font-medium text-slate-500">
        Token balance <span className="text-xs">(100 tokens = $1)</span>
      </h2>
      {balance.status === 'ok' || balance.status === 'stale' ? (
        <>
          <p className="mt-2 flex items-center gap-3" data-testid="admin-token-balance">
            <span className="text-2xl font-semibold tabular-nums">
              {formatTokens(balance.tokens)} tokens
            </span>
            {balance.status === 'stale' ? <Badge tone="amber">stale</Badge> : null}
          </p>
          <p className="mt-1 text-sm text-slate-600">
            Worth <span className="tabular-nums">{balance.value.formatted}</span> · read from
            VirtFusion {formatDate(balance.fetchedAt)}
          </p>
          {balance.status === 'stale' ? (
            <p className="mt-1 text-sm text-amber-700">{balance.message}</p>
          ) : null}
        </>
      ) : (
        <>
          <p
            className="mt-2 text-2xl font-semibold text-slate-400"
            data-testid="admin-token-balance"
          >
            {balance.status === 'not_linked' ? 'Not linked' : 'Unavailable'}
          </p>
          <p className="mt-1 text-sm text-slate-500">
            {balance.status === 'not_linked'
              ? 'This user is not linked to VirtFusion yet, so there is no balance to read.'
              : balance.message}
          </p>
        </>
      )}
      <p className="mt-3 text-xs text-slate-500" aria-hidden="true">
        {refreshing ? 'Refreshing…' : 'Refreshes every 15 seconds'}
      </p>
    </Card>
  )
}

/* Add tokens ---------------------------------------------------------------------------------- */

function AddTokensForm({ user }: { user: Overview['user'] }) {
  const trpc = useTRPC()
  const toast = useToast()
  const invalidate = useInvalidateOverview(user.id)
  const [tokens, setTokens] = useState('')
  const [reason, setReason] = useState('')
  const [touched, setTouched] = useState({ tokens: false, reason: false })
  const [submitted, setSubmitted] = useState(false)
  const [serverErrors, setServerErrors] = useState<ServerErrors>({})
  // One key per grant: kept while the same grant is retried after an unknown outcome, so
  // VirtFusion never gets it twice; a new grant (or one that certainly failed) gets a new key.
  const attempt = useRef<{ tokens: number; reason: string; key: string } | null>(null)
  const parsedTokens = parseTokens(tokens)
  const parsedReason = parseReason(reason)
  const tokensError =
    (touched.tokens || submitted) && !parsedTokens.ok ? [parsedTokens.message] : serverErrors.tokens
  const reasonError =
    (touched.reason || submitted) && !parsedReason.ok ? [parsedReason.message] : serverErrors.reason

  const add = useMutation({
    ...trpc.admin.virtfusion.addTokens.mutationOptions(),
    onSuccess: (entry) => {
      attempt.current = null
      toast({
        tone: 'success',
        title: 'Tokens added',
        description: `Added ${formatTokens(entry.tokens)} tokens (${tokensValue(entry.tokens)}) to ${user.name}${entry.virtfusionCreditId !== null ? ` as VirtFusion credit #${entry.virtfusionCreditId}` : ''}.`,
      })
      setTokens('')
      setReason('')
      setTouched({ tokens: false, reason: false })
      setSubmitted(false)
    },
    onError: (error) => {
      const outcome = (error.data?.details as { outcome?: unknown } | null | undefined)?.outcome
      const certain = error.data && (error.data.httpStatus < 500 || outcome === 'not_added')
      if (certain && outcome !== 'in_progress') attempt.current = null
      const errors = serverErrorsOf(
        error,
        ['tokens', 'reason'],
        'Could not reach the server. Submitting the same tokens and reason again is safe: they will not be added twice.',
      )
      setServerErrors(errors)
      toast({ tone: 'error', title: "Couldn't add tokens", description: errors.other })
    },
    // Even after a failure an entry may have been recorded (cancelled or under review).
    onSettled: invalidate,
  })

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (add.isPending) return
    setSubmitted(true)
    if (!parsedTokens.ok || !parsedReason.ok) return
    setServerErrors({})
    const grant = { tokens: parsedTokens.value, reason: parsedReason.value }
    const previous = attempt.current
    const key =
      previous && previous.tokens === grant.tokens && previous.reason === grant.reason
        ? previous.key
        : newIdempotencyKey()
    attempt.current = { ...grant, key }
    add.mutate({ userId: user.id, ...grant, idempotencyKey: key })
  }

  return (
    <Card>
      <h2 className="text-lg font-semibold">Add tokens</h2>
      {/* Not aria-labelledby the heading: "Add tokens" would then also match the label "Tokens". */}
      <form noValidate onSubmit={onSubmit} className="mt-4 space-y-4">
        <div className="space-y-1">
          <Field
            label="Tokens"
            name="tokens"
            type="text"
            inputMode="numeric"
            autoComplete="off"
            placeholder="500"
            hint="A whole number from 1 to 1,000,000. 100 tokens = $1."
            value={tokens}
            onChange={(event) => {
              setTokens(event.target.value)
              setServerErrors((current) => ({ ...current, tokens: undefined }))
            }}
            onBlur={() => setTouched((current) => ({ ...current, tokens: true }))}
            errors={tokensError}
          />
          <p
            className="text-sm font-medium tabular-nums text-slate-700"
            aria-live="polite"
            data-testid="token-value-preview"
          >
            {parsedTokens.ok ? `= ${tokensValue(parsedTokens.value)}` : null}
          </p>
        </div>
        <Field
          label="Reason"
          name="reason"
          type="text"
          autoComplete="off"
          hint="Required, 3–500 characters. Recorded with the entry."
          value={reason}
          onChange={(event) => {
            setReason(event.target.value)
            setServerErrors((current) => ({ ...current, reason: undefined }))
          }}
          onBlur={() => setTouched((current) => ({ ...current, reason: true }))}
          errors={reasonError}
        />
        {user.virtfusionUserId === null ? (
          <p className="text-sm text-slate-500">
            The user is not linked yet; adding tokens links the account first.
          </p>
        ) : null}
        {serverErrors.other ? <Alert tone="error">{serverErrors.other}</Alert> : null}
        <Button type="submit" disabled={add.isPending} aria-busy={add.isPending || undefined}>
          {add.isPending ? 'Adding…' : 'Add tokens'}
        </Button>
      </form>
    </Card>
  )
}

/* Cancel a credit ----------------------------------------------------------------------------- */

function CancelCreditButton({ userId, entry }: { userId: number; entry: Entry }) {
  const trpc = useTRPC()
  const toast = useToast()
  const invalidate = useInvalidateOverview(userId)
  const reasonId = useId()
  const [open, setOpen] = useState(false)
  const [reason, setReason] = useState('')
  const [submitted, setSubmitted] = useState(false)
  const [serverErrors, setServerErrors] = useState<ServerErrors>({})
  const parsedReason = parseReason(reason)
  const reasonError = submitted && !parsedReason.ok ? [parsedReason.message] : serverErrors.reason

  function reset() {
    setReason('')
    setSubmitted(false)
    setServerErrors({})
  }

  // Hook-level callbacks: once cancelled the entry loses its button, unmounting this component.
  const cancel = useMutation({
    ...trpc.admin.virtfusion.cancelCredit.mutationOptions(),
    onSuccess: () => {
      toast({
        tone: 'success',
        title: 'Credit entry cancelled',
        description: `VirtFusion credit #${entry.virtfusionCreditId} (${formatTokens(entry.tokens)} tokens) was cancelled.`,
      })
      setOpen(false)
      reset()
    },
    onError: (error) => {
      const errors = serverErrorsOf(
        error,
        ['reason'],
        'Could not reach the server. Check the entries before trying again.',
      )
      setServerErrors(errors)
      toast({ tone: 'error', title: "Couldn't cancel the credit", description: errors.other })
    },
    onSettled: invalidate,
  })

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (cancel.isPending) return
    setSubmitted(true)
    if (!parsedReason.ok) return
    setServerErrors({})
    cancel.mutate({ userId, tokenTransactionId: entry.id, reason: parsedReason.value })
  }

  return (
    <AlertDialog.Root
      open={open}
      onOpenChange={(next) => {
        if (cancel.isPending) return
        setOpen(next)
        if (!next) reset()
      }}
    >
      <AlertDialog.Trigger asChild>
        <Button
          variant="secondary"
          className="px-2 py-1 text-xs"
          aria-label={`Cancel VirtFusion credit ${entry.virtfusionCreditId}`}
        >
          Cancel credit
        </Button>
      </AlertDialog.Trigger>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
        <AlertDialog.Content
          onOpenAutoFocus={(event) => {
            event.preventDefault()
            document.getElementById(reasonId)?.focus()
          }}
          className="fixed left-1/2 top-1/2 z-50 w-[32rem] max-w-[calc(100vw-2rem)] -translate-x-1/2 -translate-y-1/2 rounded-lg bg-white p-6 shadow-xl ring-1 ring-slate-200 focus:outline-none"
        >
          <form noValidate onSubmit={onSubmit} className="space-y-4">
            <AlertDialog.Title className="text-lg font-semibold">
              Cancel this credit entry?
            </AlertDialog.Title>
            <AlertDialog.Description asChild>
              <div className="space-y-3 text-sm text-slate-700">
                <p>
                  This cancels VirtFusion credit #{entry.virtfusionCreditId} and records a{' '}
                  <span className="tabular-nums">−{formatTokens(entry.tokens)}</span> token entry. A
                  credit can be cancelled only once.
                </p>
                <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
                  <dt className="text-slate-500">Tokens</dt>
                  <dd className="tabular-nums">
                    {formatTokens(entry.tokens)} ({tokensValue(entry.tokens)})
                  </dd>
                  <dt className="text-slate-500">Recorded</dt>
                  <dd>{formatDate(entry.createdAt)}</dd>
                  <dt className="text-slate-500">Entry</dt>
                  <dd className="break-words">{entry.reason ?? entry.description}</dd>
                </dl>
              </div>
            </AlertDialog.Description>
            <Field
              id={reasonId}
              label="Reason"
              name="reason"
              type="text"
              autoComplete="off"
              hint="Required, 3–500 characters."
              value={reason}
              onChange={(event) => {
                setReason(event.target.value)
                setServerErrors((current) => ({ ...current, reason: undefined }))
              }}
              errors={reasonError}
            />
            {serverErrors.other ? <Alert tone="error">{serverErrors.other}</Alert> : null}
            <div className="flex justify-end gap-3">
              <AlertDialog.Cancel asChild>
                <Button variant="secondary" disabled={cancel.isPending}>
                  Keep credit
                </Button>
              </AlertDialog.Cancel>
              <Button
                type="submit"
                variant="danger"
                disabled={cancel.isPending}
                aria-busy={cancel.isPending || undefined}
              >
                {cancel.isPending ? 'Cancelling…' : 'Cancel credit entry'}
              </Button>
            </div>
          </form>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  )
}

/* Entries ------------------------------------------------------------------------------------- */

const TYPE_LABELS: Record<Entry['type'], string> = {
  purchase: 'PayPal purchase',
  admin_add: 'Added by admin',
  admin_cancel: 'Cancelled by admin',
  refund: 'Refund',
  chargeback: 'Chargeback',
}

const STATUS_TONES: Record<Entry['status'], 'slate' | 'green' | 'red' | 'amber'> = {
  pending: 'amber',
  delivered: 'green',
  review: 'red',
  cancelled: 'slate',
}

function EntriesTable({ userId, entries }: { userId: number; entries: Entry[] }) {
  // Credit ids that already have a (negative) cancellation entry. Entries come newest first,
  // so a cancellation is always listed whenever the entry it cancels is.
  const cancelled = new Set(
    entries
      .filter((entry) => entry.tokens < 0 && entry.virtfusionCreditId !== null)
      .map((entry) => entry.virtfusionCreditId),
  )
  return (
    <section aria-labelledby="token-entries-heading" className="space-y-3">
      <h2 id="token-entries-heading" className="text-lg font-semibold">
        Token entries
      </h2>
      <p className="text-sm text-slate-500">
        Our record of every token movement we caused in VirtFusion (latest 100).
      </p>
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
                Tokens
              </th>
              <th scope="col" className="px-4 py-3">
                Status
              </th>
              <th scope="col" className="px-4 py-3">
                VirtFusion credit
              </th>
              <th scope="col" className="px-4 py-3">
                Reason / description
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {entries.map((entry) => {
              const cancellable =
                entry.tokens > 0 &&
                entry.status === 'delivered' &&
                entry.virtfusionCreditId !== null &&
                !cancelled.has(entry.virtfusionCreditId)
              const wasCancelled =
                entry.tokens > 0 &&
                entry.virtfusionCreditId !== null &&
                cancelled.has(entry.virtfusionCreditId)
              return (
                <tr key={entry.id} data-testid="admin-token-entry">
                  <td className="min-w-[7rem] px-4 py-3 text-xs text-slate-600">
                    {formatDate(entry.createdAt)}
                  </td>
                  <td className="whitespace-nowrap px-4 py-3">
                    {TYPE_LABELS[entry.type]}
                    {entry.topupId !== null ? (
                      <div className="text-xs text-slate-500">Top-up #{entry.topupId}</div>
                    ) : null}
                  </td>
                  <td
                    className={cn(
                      'whitespace-nowrap px-4 py-3 text-right tabular-nums',
                      entry.tokens < 0 ? 'text-rose-700' : 'text-emerald-700',
                    )}
                  >
                    {entry.tokens > 0 ? '+' : '−'}
                    {formatTokens(Math.abs(entry.tokens))}
                  </td>
                  <td className="px-4 py-3">
                    <Badge tone={STATUS_TONES[entry.status]}>{entry.status}</Badge>
                  </td>
                  <td className="space-y-2 whitespace-nowrap px-4 py-3">
                    <div className="tabular-nums">
                      {entry.virtfusionCreditId !== null ? `#${entry.virtfusionCreditId}` : '—'}
                    </div>
                    {cancellable ? (
                      <CancelCreditButton userId={userId} entry={entry} />
                    ) : wasCancelled ? (
                      <div className="text-xs text-slate-500">cancelled</div>
                    ) : null}
                  </td>
                  <td className="min-w-[12rem] max-w-xs break-words px-4 py-3">
                    {entry.reason ? <p>{entry.reason}</p> : null}
                    <p className={cn(entry.reason && 'text-xs text-slate-500')}>
                      {entry.description}
                    </p>
                  </td>
                </tr>
              )
            })}
            {entries.length === 0 ? (
              <tr>
                <td colSpan={6} className="px-4 py-8 text-center text-slate-500">
                  No token entries yet.
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </Card>
    </section>
  )
}

export default function AdminUserVirtFusion() {
  const data = useLoaderData<typeof loader>()
  const trpc = useTRPC()
  const userId = data.overview.user.id
  // The loader renders the page; the browser then keeps it live through tRPC.
  const live = useQuery(
    trpc.admin.virtfusion.get.queryOptions(
      { userId },
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
      <div className="grid gap-6 md:grid-cols-2">
        <LinkCard user={overview.user} />
        <BalanceCard balance={overview.balance} refreshing={live.isFetching} />
      </div>
      <AddTokensForm user={overview.user} />
      <EntriesTable userId={userId} entries={overview.entries} />
    </div>
  )
}

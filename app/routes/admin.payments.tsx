import * as AlertDialog from '@radix-ui/react-alert-dialog'
import {
  json,
  type LoaderFunctionArgs,
  type MetaFunction,
  type SerializeFrom,
} from '@remix-run/node'
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useId } from 'react'
import { Button } from '#app/components/ui/button.tsx'
import { Badge, Card } from '#app/components/ui/card.tsx'
import { useToast } from '#app/components/ui/toast.tsx'
import { callOrThrow, serverCaller } from '#app/lib/trpc.server.ts'
import { useTRPC, type RouterOutputs } from '#app/lib/trpc.ts'
import { cn, formatDate } from '#app/lib/utils.ts'

export const meta: MetaFunction = () => [{ title: 'Payments · Admin · SkyPANEL' }]

const PAGE_SIZE = 50
const REFRESH_MS = 10_000

type List = RouterOutputs['admin']['payments']['list']
type Topup = List['items'][number]
type TopupStatus = Topup['status']

/**
 * The status filter, kept in the URL as ?status=<value>. The default (no parameter) lets
 * the server pick ATTENTION_STATUSES (server/services/payments/admin-topups.ts).
 */
const FILTERS: ReadonlyArray<{
  value: string
  label: string
  statuses: readonly TopupStatus[] | undefined
}> = [
  { value: '', label: 'All needing attention', statuses: undefined },
  { value: 'review', label: 'Review (delivery outcome unknown)', statuses: ['review'] },
  { value: 'flagged', label: 'Flagged (PayPal mismatch)', statuses: ['flagged'] },
  { value: 'failed', label: 'Failed (never paid)', statuses: ['failed'] },
  {
    value: 'captured',
    label: 'Captured / delivering (stuck delivery)',
    statuses: ['captured', 'delivering'],
  },
  {
    value: 'pending',
    label: 'Pending / capturing (waiting on PayPal)',
    statuses: ['pending', 'capturing'],
  },
  { value: 'refunded', label: 'Refunded / reversed', statuses: ['refunded', 'reversed'] },
]

function filterOf(value: string | null) {
  return FILTERS.find((filter) => filter.value === value) ?? FILTERS[0]!
}

/**
 * The procedure input for a filter and cursor (the loader and the live query share it). The
 * cursor goes as the URL has it: the procedure's schema refuses a bad one with a 400.
 */
function listInput(filterValue: string, cursor: string | null) {
  const statuses = filterOf(filterValue).statuses
  return {
    statuses: statuses ? [...statuses] : undefined,
    cursor: cursor ?? undefined,
    limit: PAGE_SIZE,
  }
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url)
  const filter = filterOf(url.searchParams.get('status')).value
  const cursor = url.searchParams.get('cursor') || null
  const caller = await serverCaller(request, context)
  const page = await callOrThrow(request, () =>
    caller.admin.payments.list(listInput(filter, cursor)),
  )
  return json({ page, filter, cursor, loadedAt: Date.now() })
}

type LoaderData = SerializeFrom<typeof loader>

/** Loader JSON → the tRPC (superjson) shape, so it can seed the query cache. */
function revive(page: LoaderData['page']): List {
  return {
    ...page,
    items: page.items.map((item) => ({
      ...item,
      createdAt: new Date(item.createdAt),
      updatedAt: new Date(item.updatedAt),
    })),
  }
}

/* Presentation ------------------------------------------------------------------------------ */

const STATUS_TONES: Record<TopupStatus, 'slate' | 'green' | 'red' | 'indigo' | 'amber'> = {
  created: 'slate',
  capturing: 'indigo',
  pending: 'indigo',
  captured: 'indigo',
  delivering: 'indigo',
  completed: 'green',
  review: 'red',
  flagged: 'red',
  failed: 'slate',
  refunded: 'amber',
  reversed: 'amber',
}

const PURPOSE_LABELS: Record<Topup['purpose'], string> = {
  custom_credits: 'Custom credits',
  virtfusion_tokens: 'VirtFusion tokens',
}

/** Statuses retryTopup accepts: review/captured redeliver, the others re-check with PayPal. */
const REDELIVER: ReadonlySet<TopupStatus> = new Set(['review', 'captured'])
const RECHECK: ReadonlySet<TopupStatus> = new Set(['capturing', 'pending', 'created'])

function formatTokens(tokens: number): string {
  return tokens.toLocaleString('en-US')
}

/** What a retry led to, in words, given what it was retrying. */
function retryOutcome(
  topup: Topup,
  status: TopupStatus,
): { tone: 'success' | 'error'; title: string; description: string } {
  const title = `Top-up #${topup.id}: ${status}`
  if (status === 'completed') {
    return {
      tone: 'success',
      title,
      description:
        topup.purpose === 'virtfusion_tokens'
          ? `${formatTokens(topup.tokens ?? 0)} tokens were delivered to VirtFusion.`
          : 'PayPal confirmed the payment; the credits were posted.',
    }
  }
  if (status === 'refunded' || status === 'reversed') {
    return { tone: 'success', title, description: 'Closed as refunded: nothing was delivered.' }
  }
  if (REDELIVER.has(topup.status)) {
    const descriptions: Partial<Record<TopupStatus, string>> = {
      captured:
        'VirtFusion could not be reached; the delivery will be retried automatically. See the last delivery error in the list.',
      delivering: 'The delivery is still in progress.',
      review: 'VirtFusion did not confirm the delivery; the top-up is back in review.',
    }
    return {
      tone: 'error',
      title,
      description: descriptions[status] ?? `The top-up is now ${status}.`,
    }
  }
  const descriptions: Partial<Record<TopupStatus, string>> = {
    captured: 'PayPal confirmed the payment; the tokens are queued for delivery.',
    delivering: 'PayPal confirmed the payment; the tokens are being delivered.',
    pending: 'PayPal still reports the payment as pending.',
    created: 'PayPal has no capture for this order yet (the buyer may not have approved it).',
    capturing: 'Another request is still capturing this order.',
    failed: 'PayPal reports the order as not paid; the top-up is marked failed.',
    flagged: "PayPal's answer does not match our record; the top-up is flagged.",
  }
  return {
    tone: status === 'captured' || status === 'delivering' ? 'success' : 'error',
    title,
    description: descriptions[status] ?? `The top-up is now ${status}.`,
  }
}

/* Retry ------------------------------------------------------------------------------------- */

/**
 * One row's retry. Its own mutation, so rows retry independently; the toast lives in the
 * hook-level callbacks because the row may leave the list (and unmount) once it resolves.
 */
function useRetry(topup: Topup) {
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const toast = useToast()
  return useMutation({
    ...trpc.admin.payments.retry.mutationOptions(),
    onSuccess: (result) => toast(retryOutcome(topup, result.status)),
    onError: (error) =>
      toast({
        tone: 'error',
        title: `Couldn't retry top-up #${topup.id}`,
        description: error.data
          ? error.message
          : 'Could not reach the server. Refresh the list to see where the top-up stands.',
      }),
    // Even after a failure something may have changed: refresh either way.
    onSettled: () => queryClient.invalidateQueries(trpc.admin.payments.list.pathFilter()),
  })
}

function RetryButton({ topup }: { topup: Topup }) {
  const retry = useRetry(topup)
  const pending = retry.isPending
  const label = pending ? 'Retrying…' : 'Retry'
  // PayPal refunded it in full while the delivery outcome was unknown: Retry closes it.
  const refundedInFull = topup.refunded.cents === topup.amount.cents

  if (topup.status !== 'review') {
    return (
      <Button
        variant="secondary"
        className="px-2 py-1 text-xs"
        disabled={pending}
        aria-busy={pending || undefined}
        aria-label={
          RECHECK.has(topup.status)
            ? `Retry top-up ${topup.id} (re-check with PayPal)`
            : `Retry top-up ${topup.id} (deliver to VirtFusion now)`
        }
        onClick={() => retry.mutate({ topupId: topup.id })}
      >
        {label}
      </Button>
    )
  }

  return (
    <AlertDialog.Root>
      <AlertDialog.Trigger asChild>
        <Button
          variant="danger"
          className="px-2 py-1 text-xs"
          disabled={pending}
          aria-busy={pending || undefined}
          aria-label={`Retry delivery of top-up ${topup.id}`}
        >
          {label}
        </Button>
      </AlertDialog.Trigger>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
        <AlertDialog.Content className="fixed left-1/2 top-1/2 z-50 w-[32rem] max-w-[calc(100vw-2rem)] -translate-x-1/2 -translate-y-1/2 space-y-4 rounded-lg bg-white p-6 shadow-xl ring-1 ring-slate-200 focus:outline-none">
          <AlertDialog.Title className="text-lg font-semibold">
            {refundedInFull
              ? `Close top-up #${topup.id} as refunded?`
              : `Retry delivery of top-up #${topup.id}?`}
          </AlertDialog.Title>
          <AlertDialog.Description asChild>
            <div className="space-y-3 text-sm text-slate-700">
              {refundedInFull ? (
                <p className="rounded-md bg-rose-50 p-3 font-medium text-rose-800 ring-1 ring-rose-200">
                  PayPal refunded all {topup.refunded.formatted}. Check VirtFusion for a credit with
                  reference {topup.id} and cancel it if it exists; closing delivers nothing.
                </p>
              ) : (
                <p className="rounded-md bg-rose-50 p-3 font-medium text-rose-800 ring-1 ring-rose-200">
                  Check VirtFusion first: the earlier delivery may have reached it (reference{' '}
                  {topup.id}). Retry only if VirtFusion shows no credit for this top-up.
                </p>
              )}
              <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
                <dt className="text-slate-500">User</dt>
                <dd className="break-words">
                  {topup.user.name} ({topup.user.email})
                </dd>
                <dt className="text-slate-500">Tokens</dt>
                <dd className="tabular-nums">
                  {topup.tokens !== null ? formatTokens(topup.tokens) : '—'} (
                  {topup.amount.formatted})
                </dd>
                <dt className="text-slate-500">PayPal capture</dt>
                <dd className="break-all font-mono text-xs">{topup.paypalCaptureId ?? '—'}</dd>
                <dt className="text-slate-500">Last error</dt>
                <dd className="break-words">{topup.lastDeliveryError ?? '—'}</dd>
              </dl>
            </div>
          </AlertDialog.Description>
          <div className="flex justify-end gap-3">
            <AlertDialog.Cancel asChild>
              <Button variant="secondary">Cancel</Button>
            </AlertDialog.Cancel>
            <AlertDialog.Action asChild>
              <Button variant="danger" onClick={() => retry.mutate({ topupId: topup.id })}>
                {refundedInFull ? 'Close as refunded' : 'Retry delivery'}
              </Button>
            </AlertDialog.Action>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  )
}

/* Table ------------------------------------------------------------------------------------- */

const CELL = 'px-3 py-3 align-top'

function TopupRow({ topup }: { topup: Topup }) {
  const problem = [topup.failureReason, topup.lastDeliveryError].filter(Boolean)
  const retryable = REDELIVER.has(topup.status) || RECHECK.has(topup.status)
  return (
    <tr data-testid="admin-topup-row" data-status={topup.status}>
      <td className={cn(CELL, 'min-w-[7rem]')}>
        <div className="font-medium tabular-nums">#{topup.id}</div>
        <div className="text-xs text-slate-600">{formatDate(topup.createdAt)}</div>
      </td>
      <td className={cn(CELL, 'min-w-[10rem]')}>
        <Link
          to={`/admin/users/${topup.user.id}`}
          className="font-medium text-indigo-700 hover:underline"
        >
          {topup.user.name}
        </Link>
        <div className="break-all text-xs text-slate-500">{topup.user.email}</div>
      </td>
      <td className={cn(CELL, 'text-xs')}>{PURPOSE_LABELS[topup.purpose]}</td>
      <td className={cn(CELL, 'whitespace-nowrap text-right tabular-nums')}>
        {topup.amount.formatted}
        {topup.tokens !== null ? (
          <div className="text-xs text-slate-500">{formatTokens(topup.tokens)} tokens</div>
        ) : null}
        {topup.refunded.cents > 0 ? (
          <div className="text-xs text-amber-700">{topup.refunded.formatted} refunded</div>
        ) : null}
      </td>
      <td className={cn(CELL, 'space-y-2')}>
        <div>
          <Badge tone={STATUS_TONES[topup.status]}>{topup.status}</Badge>
        </div>
        {retryable ? <RetryButton topup={topup} /> : null}
      </td>
      <td className={cn(CELL, 'text-xs')}>
        <dl className="space-y-1">
          <div>
            <dt className="text-slate-500">Order</dt>
            <dd className="whitespace-nowrap font-mono">{topup.paypalOrderId ?? '—'}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Capture</dt>
            <dd className="whitespace-nowrap font-mono">{topup.paypalCaptureId ?? '—'}</dd>
          </div>
        </dl>
      </td>
      <td className={cn(CELL, 'min-w-[14rem] max-w-sm break-words text-xs')}>
        {problem.length > 0 ? (
          <div className="space-y-1">
            {problem.map((text, index) => (
              <p key={index}>{text}</p>
            ))}
          </div>
        ) : (
          '—'
        )}
      </td>
      <td className={cn(CELL, 'text-right tabular-nums')}>{topup.deliveryAttempts}</td>
    </tr>
  )
}

const COLUMNS = [
  { label: 'Top-up / date (UTC)' },
  { label: 'User' },
  { label: 'Purpose' },
  { label: 'Amount', right: true },
  { label: 'Status / action' },
  { label: 'PayPal ids' },
  { label: 'Failure / delivery error' },
  { label: 'Attempts', right: true },
]

function TopupsTable({ items }: { items: Topup[] }) {
  return (
    <Card className="overflow-x-auto p-0">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
          <tr>
            {COLUMNS.map((column) => (
              <th
                key={column.label}
                scope="col"
                className={cn('px-3 py-3', column.right && 'text-right')}
              >
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {items.map((topup) => (
            <TopupRow key={topup.id} topup={topup} />
          ))}
          {items.length === 0 ? (
            <tr>
              <td colSpan={COLUMNS.length} className="px-4 py-8 text-center text-slate-500">
                No top-ups in this view.
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </Card>
  )
}

function StatusFilter({ value }: { value: string }) {
  const [, setSearchParams] = useSearchParams()
  const selectId = useId()
  return (
    // Without JavaScript the form submits ?status=… itself (the button shows only then).
    <Form method="get" className="flex items-end gap-2">
      <div className="space-y-1">
        <label htmlFor={selectId} className="block text-sm font-medium text-slate-700">
          Status
        </label>
        <select
          id={selectId}
          name="status"
          value={value}
          onChange={(event) => {
            const next = event.target.value
            // A new filter starts from the newest top-ups (the cursor is dropped).
            setSearchParams(next ? { status: next } : {}, { preventScrollReset: true })
          }}
          className="block w-72 rounded-md border-0 px-3 py-2 text-sm shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-indigo-600"
        >
          {FILTERS.map((filter) => (
            <option key={filter.value} value={filter.value}>
              {filter.label}
            </option>
          ))}
        </select>
      </div>
      <noscript>
        <Button type="submit" variant="secondary">
          Filter
        </Button>
      </noscript>
    </Form>
  )
}

export default function AdminPayments() {
  const data = useLoaderData<typeof loader>()
  const trpc = useTRPC()
  // The loader renders the page; the browser then keeps it live through tRPC.
  const live = useQuery(
    trpc.admin.payments.list.queryOptions(listInput(data.filter, data.cursor), {
      initialData: () => revive(data.page),
      initialDataUpdatedAt: data.loadedAt,
      refetchInterval: REFRESH_MS,
    }),
  )
  const page = live.data
  const statusParam: Record<string, string> = data.filter ? { status: data.filter } : {}

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-bold">Payments</h1>
          <p className="text-sm text-slate-600">
            PayPal top-ups that need attention or went wrong, newest first.
          </p>
        </div>
        <StatusFilter value={data.filter} />
      </div>
      <p className="text-xs text-slate-500" aria-hidden="true">
        {live.isFetching
          ? 'Refreshing…'
          : live.isError
            ? "Couldn't refresh; showing the last list. Retrying every 10 seconds."
            : 'Refreshes every 10 seconds'}
      </p>
      <TopupsTable items={page.items} />
      <nav aria-label="Top-up pages" className="flex justify-between text-sm">
        {data.cursor ? (
          <Link
            to={`?${new URLSearchParams(statusParam).toString()}`}
            className="font-medium text-indigo-600"
          >
            ← Newest
          </Link>
        ) : (
          <span />
        )}
        {page.nextCursor ? (
          <Link
            to={`?${new URLSearchParams({ ...statusParam, cursor: String(page.nextCursor) }).toString()}`}
            rel="next"
            className="font-medium text-indigo-600"
          >
            Older →
          </Link>
        ) : null}
      </nav>
    </div>
  )
}

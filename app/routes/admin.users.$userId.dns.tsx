import * as AlertDialog from '@radix-ui/react-alert-dialog'
import { json, type LoaderFunctionArgs, type SerializeFrom } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useId, useState, type FormEvent, type ReactNode } from 'react'
import { formatDay, isLive } from '#app/components/dns/helpers.ts'
import { Button } from '#app/components/ui/button.tsx'
import { Alert, Badge, Card } from '#app/components/ui/card.tsx'
import { Field } from '#app/components/ui/field.tsx'
import { useToast } from '#app/components/ui/toast.tsx'
import { callOrThrow, serverCaller } from '#app/lib/trpc.server.ts'
import { useTRPC, type RouterOutputs } from '#app/lib/trpc.ts'
import { formatDate } from '#app/lib/utils.ts'
import { parseReason } from '#app/lib/reason.ts'

const REFRESH_MS = 30_000
const DAYS_MIN = 1
const DAYS_MAX = 365
const DAY_MS = 24 * 60 * 60 * 1000

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const caller = await serverCaller(request, context)
  const overview = await callOrThrow(request, () =>
    caller.admin.dnsPlans.subscription({ userId: Number(params.userId) }),
  )
  return json({ userId: Number(params.userId), overview, loadedAt: Date.now() })
}

type Overview = RouterOutputs['admin']['dnsPlans']['subscription']
type Subscription = NonNullable<Overview['subscription']>
type AuditEntry = Overview['audit'][number]
type LoaderData = SerializeFrom<typeof loader>

/** Loader JSON → the tRPC (superjson) shape, so it can seed the query cache. */
function revive(data: LoaderData['overview']): Overview {
  const date = (value: string | null) => (value === null ? null : new Date(value))
  const subscription = data.subscription
  return {
    graceDays: data.graceDays,
    subscription: subscription
      ? {
          ...subscription,
          currentPeriodStart: new Date(subscription.currentPeriodStart),
          currentPeriodEnd: new Date(subscription.currentPeriodEnd),
          lastPaymentAt: date(subscription.lastPaymentAt),
          nextPaymentAt: date(subscription.nextPaymentAt),
          graceEndsAt: date(subscription.graceEndsAt),
        }
      : null,
    audit: data.audit.map((entry) => ({
      ...entry,
      createdAt: new Date(entry.createdAt),
    })),
  }
}

/* Validation (mirrors ZAdminSubscriptionAction / ZAdminExtendInput) -------------------------- */

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string }

function parseDays(text: string): Parsed<number> {
  const trimmed = text.trim()
  if (!/^\d{1,4}$/.test(trimmed)) return { ok: false, message: 'Enter a whole number of days' }
  const days = Number(trimmed)
  if (days < DAYS_MIN || days > DAYS_MAX)
    return { ok: false, message: `Extend by ${DAYS_MIN} to ${DAYS_MAX} days` }
  return { ok: true, value: days }
}

type ServerErrors = { reason?: string[]; days?: string[]; other?: string }

function serverErrorsOf(error: unknown): ServerErrors {
  const e = error as {
    message?: string
    data?: { fields?: Record<string, string[]> | null } | null
  }
  const fields = e.data?.fields ?? {}
  const others = Object.entries(fields)
    .filter(([name]) => name !== 'reason' && name !== 'days')
    .map(([name, messages]) => `${name}: ${messages.join(' ')}`)
    .join(' ')
  const message = e.data
    ? (e.message ?? 'Something went wrong.')
    : 'Could not reach the server. Reload the page to see whether the change was made.'
  return {
    reason: fields.reason,
    days: fields.days,
    other:
      fields.reason || fields.days
        ? others || undefined
        : `${message}${others ? ` ${others}` : ''}`,
  }
}

function useInvalidate(userId: number) {
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  return () =>
    Promise.all([
      queryClient.invalidateQueries({
        queryKey: trpc.admin.dnsPlans.subscription.queryKey({ userId }),
      }),
      // Live counts on the plans page.
      queryClient.invalidateQueries({ queryKey: trpc.admin.dnsPlans.list.queryKey() }),
    ])
}

/* A reason-confirmed action ------------------------------------------------------------------ */

/**
 * A trigger button and an AlertDialog that asks for the (required) reason before running
 * the action; server errors are shown in place, success closes it.
 */
function ReasonDialog({
  trigger,
  triggerDisabled = false,
  title,
  description,
  confirmLabel,
  pendingLabel,
  tone,
  pending,
  onConfirm,
}: {
  trigger: string
  triggerDisabled?: boolean
  title: string
  description: ReactNode
  confirmLabel: string
  pendingLabel: string
  tone: 'primary' | 'danger'
  pending: boolean
  /** Resolves to the server's errors, or null when done (which closes the dialog). */
  onConfirm: (reason: string) => Promise<ServerErrors | null>
}) {
  const reasonId = useId()
  const [open, setOpen] = useState(false)
  const [reason, setReason] = useState('')
  const [submitted, setSubmitted] = useState(false)
  const [serverErrors, setServerErrors] = useState<ServerErrors>({})
  const parsedReason = parseReason(reason)
  const reasonErrors = submitted && !parsedReason.ok ? [parsedReason.message] : serverErrors.reason

  function reset() {
    setReason('')
    setSubmitted(false)
    setServerErrors({})
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (pending) return
    setSubmitted(true)
    if (!parsedReason.ok) return
    setServerErrors({})
    const errors = await onConfirm(parsedReason.value)
    if (errors) setServerErrors(errors)
    else {
      setOpen(false)
      reset()
    }
  }

  return (
    <AlertDialog.Root
      open={open}
      onOpenChange={(next) => {
        if (pending) return
        setOpen(next)
        if (!next) reset()
      }}
    >
      <AlertDialog.Trigger asChild>
        <Button variant={tone === 'danger' ? 'danger' : 'secondary'} disabled={triggerDisabled}>
          {trigger}
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
          <form noValidate onSubmit={(event) => void onSubmit(event)} className="space-y-4">
            <AlertDialog.Title className="text-lg font-semibold">{title}</AlertDialog.Title>
            <AlertDialog.Description asChild>
              <div className="space-y-3 text-sm text-slate-700">{description}</div>
            </AlertDialog.Description>
            {serverErrors.days ? <Alert tone="error">{serverErrors.days.join(' ')}</Alert> : null}
            <Field
              id={reasonId}
              label="Reason"
              name="reason"
              autoComplete="off"
              hint="Required, 3–500 characters. Recorded in the audit log and shown to the user."
              value={reason}
              onChange={(event) => {
                setReason(event.target.value)
                setServerErrors((current) => ({ ...current, reason: undefined }))
              }}
              errors={reasonErrors}
            />
            {serverErrors.other ? <Alert tone="error">{serverErrors.other}</Alert> : null}
            <div className="flex justify-end gap-3">
              <AlertDialog.Cancel asChild>
                <Button variant="secondary" disabled={pending}>
                  Cancel
                </Button>
              </AlertDialog.Cancel>
              <Button
                type="submit"
                variant={tone}
                disabled={pending}
                aria-busy={pending || undefined}
              >
                {pending ? pendingLabel : confirmLabel}
              </Button>
            </div>
          </form>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  )
}

/* Subscription -------------------------------------------------------------------------------- */

const STATUS_TONES: Record<Subscription['status'], 'green' | 'amber' | 'slate' | 'red'> = {
  active: 'green',
  past_due: 'amber',
  cancelled: 'slate',
  expired: 'red',
}

function SubscriptionCard({
  userId,
  subscription,
  graceDays,
}: {
  userId: number
  subscription: Subscription | null
  graceDays: number
}) {
  const trpc = useTRPC()
  const toast = useToast()
  const invalidate = useInvalidate(userId)
  const cancel = useMutation({
    ...trpc.admin.dnsPlans.cancelSubscription.mutationOptions(),
    onSettled: invalidate,
  })
  const extend = useMutation({
    ...trpc.admin.dnsPlans.extendSubscription.mutationOptions(),
    onSettled: invalidate,
  })
  const [daysText, setDaysText] = useState('30')
  const parsedDays = parseDays(daysText)

  if (!subscription) {
    return (
      <Card>
        <h2 className="text-lg font-semibold">DNS plan</h2>
        <p className="mt-2 text-sm text-slate-600">This user has never had a DNS plan.</p>
      </Card>
    )
  }

  const live = isLive(subscription)
  const periodEnd = subscription.currentPeriodEnd
  const days = parsedDays.ok ? parsedDays.value : null
  const extendLabel =
    days === null ? 'Extend by N days' : `Extend by ${days} ${days === 1 ? 'day' : 'days'}`

  async function runCancel(reason: string): Promise<ServerErrors | null> {
    try {
      await cancel.mutateAsync({ userId, reason })
      toast({
        tone: 'success',
        title: 'Subscription cancelled',
        description: 'The plan ended now; the user was notified.',
      })
      return null
    } catch (error) {
      const errors = serverErrorsOf(error)
      toast({ tone: 'error', title: "Couldn't cancel the subscription", description: errors.other })
      return errors
    }
  }

  async function runExtend(reason: string): Promise<ServerErrors | null> {
    if (!parsedDays.ok) return { days: [parsedDays.message] }
    const days = parsedDays.value
    try {
      const result = await extend.mutateAsync({ userId, days, reason })
      toast({
        tone: 'success',
        title: 'Subscription extended',
        description: `The current period now ends on ${formatDay(result.currentPeriodEnd)}.`,
      })
      return null
    } catch (error) {
      const errors = serverErrorsOf(error)
      toast({ tone: 'error', title: "Couldn't extend the subscription", description: errors.other })
      return errors
    }
  }

  return (
    <Card className="space-y-4" data-testid="admin-dns-subscription">
      <div className="flex flex-wrap items-center gap-3">
        <h2 className="text-lg font-semibold">{subscription.plan.name}</h2>
        <Badge tone={STATUS_TONES[subscription.status]}>{subscription.status}</Badge>
        {live && subscription.cancelAtPeriodEnd ? (
          <Badge tone="amber">ends at period end</Badge>
        ) : null}
      </div>
      <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[auto_1fr]">
        <dt className="text-slate-500">Plan</dt>
        <dd>
          {subscription.plan.name} · {subscription.plan.price.formatted}/month
          {subscription.plan.isActive ? null : (
            <span className="text-slate-500"> (plan inactive)</span>
          )}
        </dd>
        <dt className="text-slate-500">Status</dt>
        <dd>{subscription.status.replace('_', ' ')}</dd>
        <dt className="text-slate-500">Current period</dt>
        <dd>
          {formatDate(subscription.currentPeriodStart)} → {formatDate(periodEnd)}
        </dd>
        <dt className="text-slate-500">Paid for this period</dt>
        <dd className="tabular-nums">{subscription.pricePaid.formatted}</dd>
        <dt className="text-slate-500">Auto-renew</dt>
        <dd>{subscription.autoRenew ? 'On' : 'Off'}</dd>
        <dt className="text-slate-500">Cancel at period end</dt>
        <dd>{subscription.cancelAtPeriodEnd ? 'Yes' : 'No'}</dd>
        {subscription.scheduledPlan ? (
          <>
            <dt className="text-slate-500">Scheduled switch</dt>
            <dd>
              To {subscription.scheduledPlan.name} ({subscription.scheduledPlan.price.formatted}
              /month) on {formatDay(periodEnd)}
            </dd>
          </>
        ) : null}
        <dt className="text-slate-500">Last payment</dt>
        <dd>{subscription.lastPaymentAt ? formatDate(subscription.lastPaymentAt) : '—'}</dd>
        <dt className="text-slate-500">Next payment</dt>
        <dd>{subscription.nextPaymentAt ? formatDate(subscription.nextPaymentAt) : '—'}</dd>
        {subscription.graceEndsAt ? (
          <>
            <dt className="text-slate-500">Grace ends</dt>
            <dd className="text-rose-700">
              {formatDate(subscription.graceEndsAt)} ({graceDays} days after the period end)
            </dd>
          </>
        ) : null}
      </dl>

      {live ? (
        <div className="flex flex-wrap items-end justify-between gap-4 border-t border-slate-100 pt-4">
          <div className="flex items-end gap-2">
            <Field
              label="Days"
              name="days"
              inputMode="numeric"
              autoComplete="off"
              className="w-24"
              value={daysText}
              onChange={(event) => setDaysText(event.target.value)}
              errors={daysText.trim() !== '' && !parsedDays.ok ? [parsedDays.message] : null}
            />
            <ReasonDialog
              trigger={extendLabel}
              triggerDisabled={!parsedDays.ok}
              title="Extend this DNS plan?"
              tone="primary"
              pending={extend.isPending}
              pendingLabel="Extending…"
              confirmLabel={extendLabel}
              description={
                <>
                  <p>
                    The current period is extended by {days ?? '…'} days free of charge
                    {subscription.status === 'past_due' ? ' and the plan becomes active again' : ''}
                    . The user is notified with your reason.
                  </p>
                  <p>
                    The period ends on {formatDay(periodEnd)}
                    {days !== null
                      ? `; after extending, on ${formatDay(new Date(periodEnd.getTime() + days * DAY_MS))}`
                      : ''}
                    .
                  </p>
                </>
              }
              onConfirm={runExtend}
            />
          </div>
          <ReasonDialog
            trigger="Cancel subscription"
            title="Cancel this user's DNS plan?"
            tone="danger"
            pending={cancel.isPending}
            pendingLabel="Cancelling…"
            confirmLabel="Cancel subscription"
            description={
              <p>
                {subscription.plan.name} ends now, before its period end on {formatDay(periodEnd)}.
                Nothing is refunded. The user is notified with your reason.
              </p>
            }
            onConfirm={runCancel}
          />
        </div>
      ) : (
        <p className="border-t border-slate-100 pt-4 text-sm text-slate-500">
          This plan is {subscription.status}; there is nothing to cancel or extend.
        </p>
      )}
    </Card>
  )
}

/* Audit log ----------------------------------------------------------------------------------- */

const ACTION_LABELS: Record<string, string> = {
  'dns_subscription.cancel': 'Cancelled DNS plan',
  'dns_subscription.extend': 'Extended DNS plan',
}

function detailOf(entry: AuditEntry): string | null {
  const details = entry.details as Record<string, unknown> | null
  if (entry.action === 'dns_subscription.extend' && typeof details?.days === 'number') {
    const to = typeof details.to === 'string' ? ` to ${formatDay(details.to)}` : ''
    return `+${details.days} ${details.days === 1 ? 'day' : 'days'}${to}`
  }
  return null
}

function AuditLog({ audit }: { audit: AuditEntry[] }) {
  return (
    <section aria-labelledby="dns-audit-heading" className="space-y-3">
      <h2 id="dns-audit-heading" className="text-lg font-semibold">
        Audit log
      </h2>
      <div className="overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="px-4 py-3">
                Date (UTC)
              </th>
              <th scope="col" className="px-4 py-3">
                Admin
              </th>
              <th scope="col" className="px-4 py-3">
                Action
              </th>
              <th scope="col" className="px-4 py-3">
                Reason
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {audit.map((entry) => {
              const detail = detailOf(entry)
              return (
                <tr key={entry.id} data-testid="dns-audit-entry">
                  <td className="whitespace-nowrap px-4 py-3 text-slate-600">
                    {formatDate(entry.createdAt)}
                  </td>
                  <td className="whitespace-nowrap px-4 py-3">{entry.adminName}</td>
                  <td className="px-4 py-3">
                    {ACTION_LABELS[entry.action] ?? entry.action}
                    {detail ? <div className="text-xs text-slate-500">{detail}</div> : null}
                  </td>
                  <td className="max-w-md break-words px-4 py-3">{entry.reason}</td>
                </tr>
              )
            })}
            {audit.length === 0 ? (
              <tr>
                <td colSpan={4} className="px-4 py-8 text-center text-slate-500">
                  No admin actions recorded for this user.
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
    </section>
  )
}

export default function AdminUserDns() {
  const data = useLoaderData<typeof loader>()
  const trpc = useTRPC()
  const overview = useQuery(
    trpc.admin.dnsPlans.subscription.queryOptions(
      { userId: data.userId },
      {
        initialData: () => revive(data.overview),
        initialDataUpdatedAt: data.loadedAt,
        refetchInterval: REFRESH_MS,
      },
    ),
  ).data

  return (
    <div className="space-y-6">
      <SubscriptionCard
        userId={data.userId}
        subscription={overview.subscription}
        graceDays={overview.graceDays}
      />
      <AuditLog audit={overview.audit} />
    </div>
  )
}

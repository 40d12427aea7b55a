import {
  json,
  type LoaderFunctionArgs,
  type MetaFunction,
  type SerializeFrom,
} from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { ConfirmDialog } from '#app/components/dns/confirm-dialog.tsx'
import { CurrentPlanSummary } from '#app/components/dns/current-plan.tsx'
import {
  firstRenewalAt,
  formatDay,
  isLive,
  messageOf,
  newIdempotencyKey,
  shortfallOf,
  type ChangePreview,
  type Plan,
  type Subscription,
} from '#app/components/dns/helpers.ts'
import { InsufficientCreditsNotice } from '#app/components/dns/insufficient-credits.tsx'
import { PlanCard } from '#app/components/dns/plan-card.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Alert, Badge, Card } from '#app/components/ui/card.tsx'
import { useToast } from '#app/components/ui/toast.tsx'
import { requireUser } from '#app/lib/auth.server.ts'
import { callOrThrow, serverCaller } from '#app/lib/trpc.server.ts'
import { useTRPC } from '#app/lib/trpc.ts'

export const meta: MetaFunction = () => [{ title: 'DNS Plans · SkyPANEL' }]

const REFRESH_MS = 30_000

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request)
  const caller = await serverCaller(request, context)
  const [plans, subscription] = await Promise.all([
    callOrThrow(request, () => caller.dnsPlans.list()),
    callOrThrow(request, () => caller.dnsPlans.mySubscription()),
  ])
  return json({ plans, subscription, loadedAt: Date.now() })
}

type LoaderData = SerializeFrom<typeof loader>

/** Loader JSON → the tRPC (superjson) shape, so it can seed the query cache. */
function reviveSubscription(data: LoaderData['subscription']): Subscription | null {
  if (!data) return null
  const date = (value: string | null) => (value === null ? null : new Date(value))
  return {
    ...data,
    currentPeriodStart: new Date(data.currentPeriodStart),
    currentPeriodEnd: new Date(data.currentPeriodEnd),
    lastPaymentAt: date(data.lastPaymentAt),
    nextPaymentAt: date(data.nextPaymentAt),
    graceEndsAt: date(data.graceEndsAt),
  }
}

type Shortfall = { cents: number; action: string; retry: () => void }
type PendingChange = { plan: Plan; preview: ChangePreview }

/** After any plan mutation: plans, the subscription, and every balance (the header chip too). */
function useRefreshAfterMutation() {
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.dnsPlans.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.billing.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.customCredits.pathKey() }),
    ])
}

export default function DnsPlansPage() {
  const data = useLoaderData<typeof loader>()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const toast = useToast()
  const refresh = useRefreshAfterMutation()

  const plans = useQuery(
    trpc.dnsPlans.list.queryOptions(undefined, {
      initialData: data.plans,
      initialDataUpdatedAt: data.loadedAt,
      refetchInterval: REFRESH_MS,
    }),
  ).data
  const subscription = useQuery(
    trpc.dnsPlans.mySubscription.queryOptions(undefined, {
      initialData: () => reviveSubscription(data.subscription),
      initialDataUpdatedAt: data.loadedAt,
      refetchInterval: REFRESH_MS,
    }),
  ).data
  const balance = useQuery(trpc.customCredits.balance.queryOptions()).data

  const live = isLive(subscription) ? subscription : null

  const [buying, setBuying] = useState<Plan | null>(null)
  const [buyError, setBuyError] = useState<string | null>(null)
  const [changing, setChanging] = useState<PendingChange | null>(null)
  const [changeError, setChangeError] = useState<string | null>(null)
  const [previewingId, setPreviewingId] = useState<number | null>(null)
  const [cancelOpen, setCancelOpen] = useState(false)
  const [cancelError, setCancelError] = useState<string | null>(null)
  const [shortfall, setShortfall] = useState<Shortfall | null>(null)

  const purchase = useMutation({ ...trpc.dnsPlans.purchase.mutationOptions(), onSettled: refresh })
  const change = useMutation({ ...trpc.dnsPlans.change.mutationOptions(), onSettled: refresh })
  const cancel = useMutation({ ...trpc.dnsPlans.cancel.mutationOptions(), onSettled: refresh })
  const resume = useMutation({ ...trpc.dnsPlans.resume.mutationOptions(), onSettled: refresh })

  /* Buy ------------------------------------------------------------------------------------- */

  function openBuy(plan: Plan) {
    setBuyError(null)
    setBuying(plan)
  }

  function confirmBuy() {
    const plan = buying
    if (!plan || purchase.isPending) return
    setBuyError(null)
    // A new key for each confirmation: a replay of the same request is answered, not charged again.
    purchase.mutate(
      { planId: plan.id, idempotencyKey: newIdempotencyKey() },
      {
        onSuccess: (result) => {
          setBuying(null)
          setShortfall(null)
          toast({
            tone: 'success',
            title: `${result.plan.name} DNS plan active`,
            description: `Paid ${result.pricePaid.formatted} from your custom credits. Renews on ${formatDay(result.currentPeriodEnd)}.`,
          })
        },
        onError: (error) => {
          const missing = shortfallOf(error)
          if (missing !== null) {
            setBuying(null)
            setShortfall({ cents: missing, action: `buy ${plan.name}`, retry: () => openBuy(plan) })
            return
          }
          setBuyError(messageOf(error))
        },
      },
    )
  }

  /* Switch (upgrade / downgrade) -------------------------------------------------------------- */

  async function startSwitch(plan: Plan) {
    if (previewingId !== null) return
    setPreviewingId(plan.id)
    setChangeError(null)
    try {
      const preview = await queryClient.fetchQuery({
        ...trpc.dnsPlans.previewChange.queryOptions({ planId: plan.id }),
        staleTime: 0,
        retry: false,
      })
      setChanging({ plan, preview })
    } catch (error) {
      toast({
        tone: 'error',
        title: `Couldn't switch to ${plan.name}`,
        description: messageOf(error),
      })
    } finally {
      setPreviewingId(null)
    }
  }

  function runChange(plan: Plan, preview: ChangePreview | null) {
    change.mutate(
      { planId: plan.id, quote: preview?.quote ?? undefined },
      {
        onSuccess: (result) => {
          setChanging(null)
          setShortfall(null)
          if (result.kind === 'upgrade') {
            toast({
              tone: 'success',
              title: `Upgraded to ${result.subscription.plan.name}`,
              description: `Charged ${result.charged.formatted} from your custom credits.`,
            })
          } else if (result.kind === 'downgrade') {
            toast({
              tone: 'success',
              title: 'Downgrade scheduled',
              description: `${plan.name} starts on ${formatDay(result.subscription.currentPeriodEnd)}. Nothing was charged.`,
            })
          } else {
            toast({
              tone: 'success',
              title: `Keeping ${plan.name}`,
              description: 'The scheduled plan switch was cancelled.',
            })
          }
        },
        onError: (error) => {
          const missing = shortfallOf(error)
          if (missing !== null) {
            setChanging(null)
            setShortfall({
              cents: missing,
              action: `upgrade to ${plan.name}`,
              retry: () => void startSwitch(plan),
            })
            return
          }
          if (preview) setChangeError(messageOf(error))
          else
            toast({
              tone: 'error',
              title: "Couldn't change the plan",
              description: messageOf(error),
            })
        },
      },
    )
  }

  async function confirmChange() {
    if (!changing || change.isPending) return
    const { plan, preview } = changing
    setChangeError(null)
    // An expired quote would be recomputed by the server: show the new amount first instead.
    const expiresAt = preview.quoteExpiresAt ? new Date(preview.quoteExpiresAt).getTime() : null
    if (preview.kind === 'upgrade' && expiresAt !== null && expiresAt < Date.now() + 5_000) {
      try {
        const fresh = await queryClient.fetchQuery({
          ...trpc.dnsPlans.previewChange.queryOptions({ planId: plan.id }),
          staleTime: 0,
          retry: false,
        })
        setChanging({ plan, preview: fresh })
        setChangeError(
          `The price quote expired. The amount is now ${fresh.amount.formatted}; confirm again to continue.`,
        )
      } catch (error) {
        setChangeError(messageOf(error))
      }
      return
    }
    runChange(plan, preview)
  }

  /* Cancel / resume ---------------------------------------------------------------------------- */

  function confirmCancel() {
    if (cancel.isPending) return
    setCancelError(null)
    cancel.mutate(undefined, {
      onSuccess: (result) => {
        setCancelOpen(false)
        toast({
          tone: 'success',
          title: 'DNS plan cancelled',
          description: `${result.plan.name} stays active until ${formatDay(result.currentPeriodEnd)} and will not renew.`,
        })
      },
      onError: (error) => setCancelError(messageOf(error)),
    })
  }

  function runResume() {
    if (resume.isPending) return
    resume.mutate(undefined, {
      onSuccess: (result) =>
        toast({
          tone: 'success',
          title: 'DNS plan resumed',
          description: `${result.plan.name} renews on ${formatDay(result.currentPeriodEnd)}.`,
        }),
      onError: (error) =>
        toast({ tone: 'error', title: "Couldn't resume the plan", description: messageOf(error) }),
    })
  }

  /* Render ------------------------------------------------------------------------------------- */

  const busy = purchase.isPending || change.isPending || previewingId !== null
  const renewsOn = buying ? formatDay(firstRenewalAt(new Date())) : ''

  function planAction(plan: Plan) {
    if (!live) {
      return (
        <Button onClick={() => openBuy(plan)} disabled={busy}>
          Buy {plan.name}
        </Button>
      )
    }
    if (plan.id === live.plan.id) return null
    if (plan.id === live.scheduledPlan?.id) return null
    const loading = previewingId === plan.id
    return (
      <Button
        variant="secondary"
        onClick={() => void startSwitch(plan)}
        disabled={busy || live.status === 'past_due'}
        aria-busy={loading || undefined}
      >
        {loading ? 'Checking price…' : `Switch to ${plan.name}`}
      </Button>
    )
  }

  const changeTitle = changing
    ? changing.preview.kind === 'upgrade'
      ? `Upgrade to ${changing.plan.name}?`
      : changing.preview.kind === 'downgrade'
        ? `Downgrade to ${changing.plan.name}?`
        : `Keep ${changing.plan.name}?`
    : ''
  const changeConfirm = changing
    ? changing.preview.kind === 'upgrade'
      ? `Upgrade for ${changing.preview.amount.formatted}`
      : changing.preview.kind === 'downgrade'
        ? 'Schedule downgrade'
        : `Keep ${changing.plan.name}`
    : ''

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-bold">DNS plans</h1>
          <p className="mt-1 text-sm text-slate-600">
            Monthly plans, paid from your custom credits. Upgrades start now and cost the difference
            for the rest of the period; downgrades start at the next renewal.
          </p>
        </div>
        {balance ? (
          <p className="text-sm text-slate-600">
            Custom credits:{' '}
            <span className="font-semibold tabular-nums text-slate-900">
              {balance.balance.formatted}
            </span>{' '}
            ·{' '}
            <Link to="/billing?tab=credits" className="font-semibold text-indigo-600">
              Add credits
            </Link>
          </p>
        ) : null}
      </div>

      {shortfall ? (
        <InsufficientCreditsNotice
          shortfallCents={shortfall.cents}
          action={shortfall.action}
          onRetry={() => {
            const retry = shortfall.retry
            setShortfall(null)
            retry()
          }}
          onDismiss={() => setShortfall(null)}
        />
      ) : null}

      {subscription ? (
        <CurrentPlanSummary
          subscription={subscription}
          actions={
            live ? (
              <>
                {live.scheduledPlan ? (
                  <Button
                    variant="secondary"
                    disabled={change.isPending || live.status === 'past_due'}
                    onClick={() => {
                      const current = plans.find((plan) => plan.id === live.plan.id) ?? live.plan
                      runChange(current, null)
                    }}
                  >
                    Keep {live.plan.name}
                  </Button>
                ) : null}
                {live.cancelAtPeriodEnd ? (
                  <Button
                    onClick={runResume}
                    disabled={resume.isPending}
                    aria-busy={resume.isPending || undefined}
                  >
                    {resume.isPending ? 'Resuming…' : 'Resume plan'}
                  </Button>
                ) : (
                  <Button
                    variant="secondary"
                    onClick={() => {
                      setCancelError(null)
                      setCancelOpen(true)
                    }}
                  >
                    Cancel plan
                  </Button>
                )}
              </>
            ) : null
          }
        />
      ) : null}

      {live?.status === 'past_due' ? (
        <p className="text-sm text-slate-600">
          Plan changes are available again once the overdue renewal is paid.
        </p>
      ) : null}

      {plans.length === 0 ? (
        <Card>
          <p className="text-sm text-slate-600">No DNS plans are available right now.</p>
        </Card>
      ) : (
        <div className="grid gap-6 sm:grid-cols-2 lg:grid-cols-3">
          {plans.map((plan) => (
            <PlanCard
              key={plan.id}
              plan={plan}
              current={live?.plan.id === plan.id}
              badge={
                live?.scheduledPlan?.id === plan.id ? <Badge tone="amber">Scheduled</Badge> : null
              }
              note={
                live?.plan.id === plan.id
                  ? live.cancelAtPeriodEnd
                    ? `Ends on ${formatDay(live.currentPeriodEnd)}`
                    : live.status === 'past_due'
                      ? 'Renewal payment overdue'
                      : `Renews on ${formatDay(live.currentPeriodEnd)}`
                  : live?.scheduledPlan?.id === plan.id
                    ? `Starts on ${formatDay(live.currentPeriodEnd)}`
                    : null
              }
            >
              {planAction(plan)}
            </PlanCard>
          ))}
        </div>
      )}

      <ConfirmDialog
        open={buying !== null}
        onOpenChange={(open) => {
          if (!open) setBuying(null)
        }}
        title={buying ? `Buy ${buying.name}?` : ''}
        confirmLabel={buying ? `Buy for ${buying.price.formatted}` : ''}
        pendingLabel="Buying…"
        onConfirm={confirmBuy}
        pending={purchase.isPending}
      >
        {buying ? (
          <>
            <p>
              {buying.price.formatted} is taken from your custom credits now, for one month of{' '}
              {buying.name}.
            </p>
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
              <dt className="text-slate-500">Charged now</dt>
              <dd className="font-semibold tabular-nums" data-testid="buy-amount">
                {buying.price.formatted}
              </dd>
              <dt className="text-slate-500">Renews on</dt>
              <dd data-testid="buy-renews-on">
                {renewsOn}, for {buying.price.formatted} a month
              </dd>
              {balance ? (
                <>
                  <dt className="text-slate-500">Your custom credits</dt>
                  <dd className="tabular-nums">{balance.balance.formatted}</dd>
                </>
              ) : null}
            </dl>
            <p className="text-xs text-slate-500">
              Cancel any time; the plan then runs to the end of the paid month. No partial refunds.
            </p>
            {buyError ? <Alert tone="error">{buyError}</Alert> : null}
          </>
        ) : null}
      </ConfirmDialog>

      <ConfirmDialog
        open={changing !== null}
        onOpenChange={(open) => {
          if (!open) setChanging(null)
        }}
        title={changeTitle}
        confirmLabel={changeConfirm}
        pendingLabel={changing?.preview.kind === 'upgrade' ? 'Upgrading…' : 'Saving…'}
        onConfirm={() => void confirmChange()}
        pending={change.isPending}
      >
        {changing ? (
          <>
            <p>{changing.preview.message}</p>
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
              <dt className="text-slate-500">Charged now</dt>
              <dd className="font-semibold tabular-nums" data-testid="change-amount">
                {changing.preview.amount.formatted}
              </dd>
              <dt className="text-slate-500">{changing.plan.name} starts</dt>
              <dd>
                {changing.preview.kind === 'upgrade'
                  ? 'Now'
                  : formatDay(changing.preview.effectiveAt)}
              </dd>
              <dt className="text-slate-500">Then renews at</dt>
              <dd className="tabular-nums">{changing.preview.toPlan.price.formatted}/month</dd>
            </dl>
            {changing.preview.kind === 'upgrade' && changing.preview.quoteExpiresAt ? (
              <p className="text-xs text-slate-500">
                This price is held for 10 minutes. Nothing is refunded if you downgrade later.
              </p>
            ) : null}
            {changeError ? <Alert tone="error">{changeError}</Alert> : null}
          </>
        ) : null}
      </ConfirmDialog>

      <ConfirmDialog
        open={cancelOpen}
        onOpenChange={setCancelOpen}
        title="Cancel your DNS plan?"
        confirmLabel="Cancel plan"
        pendingLabel="Cancelling…"
        cancelLabel="Keep plan"
        tone="danger"
        onConfirm={confirmCancel}
        pending={cancel.isPending}
      >
        {live ? (
          <>
            <p>
              {live.plan.name} stays active until {formatDay(live.currentPeriodEnd)} and then ends.
              It will not renew, and nothing is refunded.
            </p>
            <p>You can resume the plan any time before then.</p>
          </>
        ) : null}
        {cancelError ? <Alert tone="error">{cancelError}</Alert> : null}
      </ConfirmDialog>
    </div>
  )
}

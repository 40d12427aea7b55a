import { creditsInText, useBranding } from '#app/components/layout/use-branding.ts'
import { useMemo, useRef, useState, type MouseEvent, type RefObject } from 'react'
import { opened, type DialogState } from '#app/components/credits/dialog-state.ts'
import { useToast } from '#app/components/ui/toast.tsx'
import { newIdempotencyKey } from '#app/lib/idempotency-key.ts'
import { useMutation, useQueryClient, useTRPC } from '#app/lib/trpc.ts'
import { formatDay, messageOf, shortfallOf, type ChangePreview, type Plan } from './helpers.ts'

export type PendingChange = { plan: Plan; preview: ChangePreview }

/**
 * Everything the DNS plans page does: buy, switch (upgrade/downgrade with a quoted price),
 * cancel and resume, each behind a confirmation, with toasts and a refresh of every balance.
 *
 * Focus: a dialog closed without a change goes back to the button that opened it (even when
 * that was disabled while the price was being checked). After a change went through, that
 * button is usually gone, and focus goes to the plan summary's heading, which says what the
 * plan is now: `returnFocusTo` points there, and `summaryFocus` has the summary take focus
 * when it appears or changes (a first purchase renders it only once the refresh is in).
 */
export function usePlanActions() {
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const toast = useToast()
  const credits = creditsInText(useBranding())
  const opener = useRef<HTMLElement | null>(null)
  const summaryHeading = useRef<HTMLHeadingElement>(null)
  const [summaryWanted, setSummaryWanted] = useState(false)
  // Read by the dialog when it closes, after this render: a ref, not the state.
  const summaryWantedNow = useRef(false)
  const returnFocusTo = useMemo<RefObject<HTMLElement | null>>(
    () => ({
      get current() {
        return (summaryWantedNow.current ? summaryHeading.current : null) ?? opener.current
      },
    }),
    [],
  )
  const wantSummaryFocus = (wanted: boolean) => {
    summaryWantedNow.current = wanted
    setSummaryWanted(wanted)
  }

  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.dnsPlans.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.billing.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.customCredits.pathKey() }),
    ])
  /** A fresh balance whenever a charge is about to be confirmed (the dialog says if it is short). */
  const refreshBalance = () =>
    queryClient.invalidateQueries({ queryKey: trpc.customCredits.balance.queryKey() })

  const [buying, setBuying] = useState<DialogState<Plan> | null>(null)
  const [changing, setChanging] = useState<DialogState<PendingChange> | null>(null)
  const [cancelling, setCancelling] = useState<DialogState<null> | null>(null)
  const [previewingId, setPreviewingId] = useState<number | null>(null)

  const purchase = useMutation({ ...trpc.dnsPlans.purchase.mutationOptions(), onSettled: refresh })
  const change = useMutation({ ...trpc.dnsPlans.change.mutationOptions(), onSettled: refresh })
  const cancel = useMutation({ ...trpc.dnsPlans.cancel.mutationOptions(), onSettled: refresh })
  const resume = useMutation({ ...trpc.dnsPlans.resume.mutationOptions(), onSettled: refresh })

  const remember = (event?: MouseEvent<HTMLElement>) => {
    if (event) opener.current = event.currentTarget
    wantSummaryFocus(false)
  }

  function openBuy(plan: Plan, event?: MouseEvent<HTMLElement>) {
    remember(event)
    void refreshBalance()
    setBuying(opened(plan))
  }

  function confirmBuy() {
    if (!buying || purchase.isPending) return
    const plan = buying.subject
    setBuying(opened(plan))
    // A new key for each confirmation: a replay of the same request is answered, not charged again.
    purchase.mutate(
      { planId: plan.id, idempotencyKey: newIdempotencyKey() },
      {
        onSuccess: (result) => {
          wantSummaryFocus(true)
          setBuying(null)
          toast({
            tone: 'success',
            title: `${result.plan.name} DNS plan active`,
            description: `Paid ${result.pricePaid.formatted} from your ${credits}. Renews on ${formatDay(result.currentPeriodEnd)}.`,
          })
        },
        onError: (error) =>
          setBuying({ subject: plan, error: messageOf(error), shortfallCents: shortfallOf(error) }),
      },
    )
  }

  async function startSwitch(plan: Plan, event?: MouseEvent<HTMLElement>) {
    if (previewingId !== null) return
    remember(event)
    setPreviewingId(plan.id)
    try {
      const [preview] = await Promise.all([
        queryClient.fetchQuery({
          ...trpc.dnsPlans.previewChange.queryOptions({ planId: plan.id }),
          staleTime: 0,
          retry: false,
        }),
        refreshBalance(),
      ])
      setChanging(opened({ plan, preview }))
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
          wantSummaryFocus(true)
          setChanging(null)
          const title =
            result.kind === 'upgrade'
              ? `Upgraded to ${result.subscription.plan.name}`
              : result.kind === 'downgrade'
                ? 'Downgrade scheduled'
                : `Keeping ${plan.name}`
          const description =
            result.kind === 'upgrade'
              ? `Charged ${result.charged.formatted} from your ${credits}.`
              : result.kind === 'downgrade'
                ? `${plan.name} starts on ${formatDay(result.subscription.currentPeriodEnd)}. Nothing was charged.`
                : 'The scheduled plan switch was cancelled.'
          toast({ tone: 'success', title, description })
        },
        onError: (error) => {
          if (preview) {
            setChanging({
              subject: { plan, preview },
              error: messageOf(error),
              shortfallCents: shortfallOf(error),
            })
          } else {
            toast({
              tone: 'error',
              title: "Couldn't change the plan",
              description: messageOf(error),
            })
          }
        },
      },
    )
  }

  async function confirmChange() {
    if (!changing || change.isPending) return
    const { plan, preview } = changing.subject
    // An expired quote would be recomputed by the server: show the new amount first instead.
    const expiresAt = preview.quoteExpiresAt ? new Date(preview.quoteExpiresAt).getTime() : null
    if (preview.kind === 'upgrade' && expiresAt !== null && expiresAt < Date.now() + 5_000) {
      try {
        const fresh = await queryClient.fetchQuery({
          ...trpc.dnsPlans.previewChange.queryOptions({ planId: plan.id }),
          staleTime: 0,
          retry: false,
        })
        setChanging({
          subject: { plan, preview: fresh },
          error: `The price quote expired. The amount is now ${fresh.amount.formatted}; confirm again to continue.`,
          shortfallCents: null,
        })
      } catch (error) {
        setChanging({ ...changing, error: messageOf(error) })
      }
      return
    }
    setChanging(opened({ plan, preview }))
    runChange(plan, preview)
  }

  function confirmCancel() {
    if (cancel.isPending) return
    cancel.mutate(undefined, {
      onSuccess: (result) => {
        wantSummaryFocus(true)
        setCancelling(null)
        toast({
          tone: 'success',
          title: 'DNS plan cancelled',
          description: `${result.plan.name} stays active until ${formatDay(result.currentPeriodEnd)} and will not renew.`,
        })
      },
      onError: (error) => setCancelling({ ...opened(null), error: messageOf(error) }),
    })
  }

  function runResume() {
    if (resume.isPending) return
    resume.mutate(undefined, {
      onSuccess: (result) => {
        wantSummaryFocus(true)
        toast({
          tone: 'success',
          title: 'DNS plan resumed',
          description: `${result.plan.name} renews on ${formatDay(result.currentPeriodEnd)}.`,
        })
      },
      onError: (error) =>
        toast({ tone: 'error', title: "Couldn't resume the plan", description: messageOf(error) }),
    })
  }

  return {
    returnFocusTo,
    summaryFocus: {
      ref: summaryHeading,
      wanted: summaryWanted,
      /** Once focus leaves the heading, later refreshes leave it alone. */
      release: () => wantSummaryFocus(false),
    },
    previewingId,
    busy:
      purchase.isPending ||
      change.isPending ||
      cancel.isPending ||
      resume.isPending ||
      previewingId !== null,
    buy: {
      state: buying,
      open: openBuy,
      close: () => setBuying(null),
      confirm: confirmBuy,
      pending: purchase.isPending,
    },
    change: {
      state: changing,
      start: startSwitch,
      close: () => setChanging(null),
      confirm: () => void confirmChange(),
      pending: change.isPending,
      /** Drops a scheduled downgrade: keeps the live plan. */
      keepCurrent: (plan: Plan) => runChange(plan, null),
    },
    cancel: {
      state: cancelling,
      open: (event?: MouseEvent<HTMLElement>) => {
        remember(event)
        setCancelling(opened(null))
      },
      close: () => setCancelling(null),
      confirm: confirmCancel,
      pending: cancel.isPending,
    },
    resume: { run: runResume, pending: resume.isPending },
  }
}

export type PlanActions = ReturnType<typeof usePlanActions>

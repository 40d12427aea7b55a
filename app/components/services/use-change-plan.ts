import { useState, type RefObject } from 'react'
import { messageOf, shortfallOf } from '#app/components/dns/helpers.ts'
import { creditsInText, useBranding } from '#app/components/layout/use-branding.ts'
import { useToast } from '#app/components/ui/toast.tsx'
import { formatDate } from '#app/lib/format.ts'
import { keepPreviousData, useMutation, useQuery, useQueryClient, useTRPC } from '#app/lib/trpc.ts'
import type { Cycle, Service } from './helpers.ts'
import { useFocusRequest } from './use-focus-request.ts'

type Choice = { productId: number; cycle: Cycle }
type Failure = { error: string; shortfallCents: number | null }

/**
 * The customer's plan change for one service: choose a product of its family and a cycle,
 * read the server's quote for exactly that (services.quoteChange: an upgrade is charged now,
 * prorated; a downgrade or cycle change starts at the period end), then confirm with the
 * signed quote (services.change). A quote about to expire is fetched again and shown before
 * anything is charged. After a change, focus goes to `afterChange` (what the plan is now).
 */
export function useChangePlan(service: Service, afterChange: RefObject<HTMLElement | null>) {
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const toast = useToast()
  const credits = creditsInText(useBranding())
  const focusAfterChange = useFocusRequest(afterChange)
  const [choice, setChoice] = useState<Choice | null>(null)
  const [failure, setFailure] = useState<Failure | null>(null)

  const products = useQuery({
    ...trpc.services.catalog.list.queryOptions({ family: service.family }),
    enabled: choice !== null,
  })
  const quoteOptions = (target: Choice) =>
    trpc.services.quoteChange.queryOptions({ serviceId: service.id, ...target })
  const quote = useQuery({
    ...quoteOptions(choice ?? { productId: service.product.id, cycle: service.cycle }),
    enabled: choice !== null,
    staleTime: 0,
    retry: false,
    placeholderData: keepPreviousData,
  })

  const change = useMutation({
    ...trpc.services.change.mutationOptions(),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: trpc.services.pathKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.billing.pathKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.customCredits.pathKey() }),
      ]),
  })

  function open() {
    // A fresh balance: the dialog says before confirming whether it covers an upgrade.
    void queryClient.invalidateQueries({ queryKey: trpc.customCredits.balance.queryKey() })
    setFailure(null)
    setChoice({ productId: service.product.id, cycle: service.cycle })
  }

  function choose(next: Partial<Choice>) {
    if (!choice || change.isPending) return
    setFailure(null)
    setChoice({ ...choice, ...next })
  }

  async function confirm() {
    const shown = quote.data
    if (!choice || !shown || quote.isFetching || change.isPending) return
    // An expired quote would be priced afresh by the server: show the new amount first.
    const expiresAt = shown.quoteExpiresAt ? new Date(shown.quoteExpiresAt).getTime() : null
    if (expiresAt !== null && expiresAt < Date.now() + 5_000) {
      const fresh = await quote.refetch()
      setFailure({
        error: fresh.data
          ? `The price quote expired. The amount is now ${fresh.data.amount.formatted}; confirm again to continue.`
          : messageOf(fresh.error),
        shortfallCents: null,
      })
      return
    }
    setFailure(null)
    change.mutate(
      { serviceId: service.id, ...choice, quote: shown.quote ?? undefined },
      {
        onSuccess: (result) => {
          setChoice(null)
          focusAfterChange()
          const name = shown.toProduct.name
          toast(
            result.kind === 'upgrade'
              ? {
                  tone: 'success',
                  title: `Upgraded to ${name}`,
                  description: `Charged ${result.charged.formatted} from your ${credits}.`,
                }
              : result.kind === 'same'
                ? {
                    tone: 'success',
                    title: `Keeping ${name}`,
                    description: 'The scheduled switch was dropped.',
                  }
                : {
                    tone: 'success',
                    title: `Switch to ${name} scheduled`,
                    description: `It starts on ${formatDate(shown.effectiveAt)}. Nothing was charged.`,
                  },
          )
        },
        onError: (error) =>
          setFailure({ error: messageOf(error), shortfallCents: shortfallOf(error) }),
      },
    )
  }

  return {
    choice,
    products: products.data ?? null,
    quote: {
      data: choice ? (quote.data ?? null) : null,
      // A quote for another choice than the one on screen is not shown as if it were this one.
      current: !quote.isPlaceholderData && !quote.isFetching,
      error: quote.error ? messageOf(quote.error) : null,
    },
    failure,
    open,
    close: () => (change.isPending ? null : setChoice(null)),
    choose,
    confirm: () => void confirm(),
    pending: change.isPending,
  }
}

export type ChangePlan = ReturnType<typeof useChangePlan>

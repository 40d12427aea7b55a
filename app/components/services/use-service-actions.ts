import { useRef, useState } from 'react'
import { messageOf, shortfallOf } from '#app/components/dns/helpers.ts'
import { opened, type DialogState } from '#app/components/credits/dialog-state.ts'
import { useToast } from '#app/components/ui/toast.tsx'
import { formatMoney } from '#app/lib/format.ts'
import { newIdempotencyKey } from '#app/lib/idempotency-key.ts'
import { useMutation, useQueryClient, useTRPC } from '#app/lib/trpc.ts'
import type { Cycle, Product, Service } from './helpers.ts'
import { useFocusRequest } from './use-focus-request.ts'

export type PendingOrder = { product: Product; cycle: Cycle }

/**
 * Everything the services page does: order (behind a confirmation that states the charge),
 * cancel (confirmed), resume and the auto-renew switch, with toasts and a refresh of the
 * services and balances. A dialog closed without a change gives focus back to its trigger
 * (the kit dialog remembers it); after an order, focus goes to the "My services" heading.
 */
export function useServiceActions() {
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const toast = useToast()
  const servicesHeading = useRef<HTMLHeadingElement>(null)
  // After an order the Order button is still there; the new service is listed under "My
  // services", so focus goes to that heading.
  const focusServices = useFocusRequest(servicesHeading)

  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.services.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.billing.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.customCredits.pathKey() }),
    ])

  const [ordering, setOrdering] = useState<DialogState<PendingOrder> | null>(null)
  const [cancelling, setCancelling] = useState<DialogState<Service> | null>(null)

  const order = useMutation({ ...trpc.services.order.mutationOptions(), onSettled: refresh })
  const cancel = useMutation({ ...trpc.services.cancel.mutationOptions(), onSettled: refresh })
  const resume = useMutation({ ...trpc.services.resume.mutationOptions(), onSettled: refresh })
  const autoRenew = useMutation({
    ...trpc.services.setAutoRenew.mutationOptions(),
    onSettled: refresh,
  })

  function openOrder(subject: PendingOrder) {
    // A fresh balance: the dialog says before confirming whether it covers the charge.
    void queryClient.invalidateQueries({ queryKey: trpc.customCredits.balance.queryKey() })
    setOrdering(opened(subject))
  }

  function confirmOrder() {
    if (!ordering || order.isPending) return
    const subject = ordering.subject
    setOrdering(opened(subject))
    // A new key per confirmation: a replay of the same request is answered, not charged again.
    order.mutate(
      { productId: subject.product.id, cycle: subject.cycle, idempotencyKey: newIdempotencyKey() },
      {
        onSuccess: (service) => {
          setOrdering(null)
          focusServices()
          // The order charges the first period and the product's setup fee, if any.
          const setupFee = service.product.setupFee
          const paid =
            setupFee.cents > 0
              ? `${formatMoney(service.pricePaid.cents + setupFee.cents)}, including the ${setupFee.formatted} setup fee`
              : service.pricePaid.formatted
          toast({
            tone: 'success',
            title: `${service.product.name} ordered`,
            description: `Paid ${paid}. It is being set up; we will let you know when it is ready.`,
          })
        },
        onError: (error) =>
          setOrdering({ subject, error: messageOf(error), shortfallCents: shortfallOf(error) }),
      },
    )
  }

  function confirmCancel() {
    if (!cancelling || cancel.isPending) return
    const service = cancelling.subject
    cancel.mutate(
      { serviceId: service.id },
      {
        onSuccess: (result) => {
          setCancelling(null)
          toast({
            tone: 'success',
            title: `${result.product.name} cancelled`,
            description: 'It runs to the end of the paid period and will not renew.',
          })
        },
        onError: (error) => setCancelling({ ...opened(service), error: messageOf(error) }),
      },
    )
  }

  function runResume(service: Service) {
    if (resume.isPending) return
    resume.mutate(
      { serviceId: service.id },
      {
        onSuccess: (result) => toast({ tone: 'success', title: `${result.product.name} resumed` }),
        onError: (error) =>
          toast({ tone: 'error', title: "Couldn't resume", description: messageOf(error) }),
      },
    )
  }

  function runAutoRenew(service: Service, on: boolean) {
    autoRenew.mutate(
      { serviceId: service.id, autoRenew: on },
      {
        onError: (error) =>
          toast({
            tone: 'error',
            title: "Couldn't change auto-renew",
            description: messageOf(error),
          }),
      },
    )
  }

  return {
    /** Where a dialog's focus goes when its opener is gone (Cancel became Resume). */
    returnFocusTo: servicesHeading,
    servicesHeading,
    busy: order.isPending || cancel.isPending || resume.isPending || autoRenew.isPending,
    order: {
      state: ordering,
      open: openOrder,
      close: () => setOrdering(null),
      confirm: confirmOrder,
      pending: order.isPending,
    },
    cancel: {
      state: cancelling,
      open: (service: Service) => setCancelling(opened(service)),
      close: () => setCancelling(null),
      confirm: confirmCancel,
      pending: cancel.isPending,
    },
    resume: { run: runResume, pending: resume.isPending },
    autoRenew: { set: runAutoRenew, pending: autoRenew.isPending },
  }
}

export type ServiceActions = ReturnType<typeof useServiceActions>

import { confirmErrorsOf } from '#app/components/admin/confirm-errors.ts'
import type { ConfirmErrors } from '#app/components/admin/user/reason-confirm-dialog.tsx'
import { useToast } from '#app/components/ui/toast.tsx'
import { parseAppError } from '#app/lib/app-error.ts'
import { plural } from '#app/lib/format.ts'
import { useMutation, useQueryClient, useTRPC } from '#app/lib/trpc.ts'
import type { PriceChange } from './price-dialog.tsx'
import {
  errorsFrom,
  type CreateInput,
  type ProductErrors,
  type UpdateInput,
} from './product-form.ts'
import { catalogFilters, type AdminProduct } from './use-admin-catalog.ts'

const VISIBILITY_WORDS = {
  active: { title: 'shown', description: 'is offered to customers again.' },
  hidden: { title: 'hidden', description: 'is off the catalog; its services run on.' },
  retired: { title: 'retired', description: 'is closed for good; its services run to their end.' },
} as const

/**
 * The catalog page's changes. Each resolves to errors for its dialog, or null once the list
 * has refreshed (so a dialog closes on the new state); the outcome is a toast.
 */
export function useCatalogActions() {
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const toast = useToast()
  const refresh = () =>
    Promise.all(catalogFilters(trpc).map((filter) => queryClient.invalidateQueries(filter)))
  const refreshing = { onSettled: refresh }
  const catalog = trpc.services.admin.catalog
  const create = useMutation(catalog.create.mutationOptions(refreshing))
  const update = useMutation(catalog.update.mutationOptions(refreshing))
  const price = useMutation(catalog.setPrice.mutationOptions(refreshing))
  const visibility = useMutation(catalog.setVisibility.mutationOptions(refreshing))

  async function save(
    request: { create: CreateInput } | { update: UpdateInput },
  ): Promise<ProductErrors | null> {
    try {
      const saved =
        'create' in request
          ? await create.mutateAsync(request.create)
          : await update.mutateAsync(request.update)
      toast({
        tone: 'success',
        title: 'create' in request ? 'Product created' : 'Product saved',
        description: `${saved.name} (${saved.familyLabel}).`,
      })
      return null
    } catch (error) {
      const view = parseAppError(error)
      return errorsFrom(view.fieldErrors ?? {}, view.message)
    }
  }

  async function setPrice(change: PriceChange) {
    try {
      const result = await price.mutateAsync(change)
      const now = result.product.prices.find((each) => each.cycle === change.cycle)
      toast({
        tone: 'success',
        title: `${result.product.name}: ${change.cycle} price ${now?.price.formatted ?? 'changed'}`,
        description:
          result.announced > 0
            ? `Announced to ${plural(result.announced, 'subscriber')}; it applies at their next renewal.`
            : 'No live subscriber on this cycle to tell; new orders pay it at once.',
      })
      return null
    } catch (error) {
      const view = parseAppError(error)
      const fields = view.fieldErrors ?? {}
      return fields.price || fields.reason || fields.cycle
        ? { price: fields.price, reason: fields.reason, cycle: fields.cycle }
        : { other: view.message }
    }
  }

  async function setVisibility(
    product: AdminProduct,
    next: 'active' | 'hidden' | 'retired',
    reason: string,
  ): Promise<ConfirmErrors | null> {
    try {
      await visibility.mutateAsync({ productId: product.id, visibility: next, reason })
      toast({
        tone: 'success',
        title: `${product.name} ${VISIBILITY_WORDS[next].title}`,
        description: `${product.name} ${VISIBILITY_WORDS[next].description}`,
      })
      return null
    } catch (error) {
      return confirmErrorsOf(error)
    }
  }

  return { save, setPrice, setVisibility }
}

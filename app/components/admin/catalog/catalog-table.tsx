import { Badge } from '#app/components/ui/badge.tsx'
import { EmptyState } from '#app/components/ui/empty-state.tsx'
import { RowAction } from '#app/components/ui/row-action.tsx'
import { ActionsHead, DataTable, TD, TH, TR } from '#app/components/ui/table.tsx'
import { FAMILY_LABELS, limitsSummary } from './limits-summary.ts'
import { CYCLES } from './product-form.ts'
import type { AdminProduct, Family } from './use-admin-catalog.ts'

export type CatalogActions = {
  onEdit: (product: AdminProduct) => void
  onPrice: (product: AdminProduct) => void
  onVisibility: (product: AdminProduct, visibility: 'active' | 'hidden' | 'retired') => void
}

const VISIBILITY_TONES = { active: 'green', hidden: 'amber', retired: 'slate' } as const

function ProductRow({ product, actions }: { product: AdminProduct; actions: CatalogActions }) {
  const retired = product.visibility === 'retired'
  return (
    <TR data-testid="catalog-product-row" data-visibility={product.visibility}>
      <TD className="min-w-[12rem] max-w-xs">
        <p className="font-medium text-slate-900">{product.name}</p>
        <p className="font-mono text-xs text-slate-600">{product.slug}</p>
        <p className="text-xs text-slate-600">{limitsSummary(product.family, product.limits)}</p>
      </TD>
      <TD className="whitespace-nowrap">
        <dl className="grid grid-cols-[auto_auto] gap-x-3 text-xs">
          {CYCLES.map((cycle) => {
            const price = product.prices.find((each) => each.cycle === cycle)
            return (
              <div key={cycle} className="contents">
                <dt className="capitalize text-slate-600">{cycle}</dt>
                <dd className="text-right tabular-nums">{price ? price.price.formatted : '—'}</dd>
              </div>
            )
          })}
        </dl>
      </TD>
      <TD className="whitespace-nowrap text-right tabular-nums">
        {product.setupFee.cents > 0 ? product.setupFee.formatted : '—'}
      </TD>
      <TD>
        <Badge tone={VISIBILITY_TONES[product.visibility]}>{product.visibility}</Badge>
      </TD>
      <TD className="whitespace-nowrap text-right tabular-nums">
        {product.services.live} / {product.services.total}
      </TD>
      <TD className="min-w-[12rem]">
        <div className="flex flex-wrap justify-end gap-1">
          <RowAction aria-label={`Edit ${product.name}`} onClick={() => actions.onEdit(product)}>
            Edit
          </RowAction>
          {retired ? null : (
            <>
              <RowAction
                aria-label={`Change price of ${product.name}`}
                onClick={() => actions.onPrice(product)}
              >
                Change price
              </RowAction>
              <RowAction
                aria-label={`${product.visibility === 'active' ? 'Hide' : 'Show'} ${product.name}`}
                onClick={() =>
                  actions.onVisibility(
                    product,
                    product.visibility === 'active' ? 'hidden' : 'active',
                  )
                }
              >
                {product.visibility === 'active' ? 'Hide' : 'Show'}
              </RowAction>
              <RowAction
                tone="danger"
                aria-label={`Retire ${product.name}`}
                onClick={() => actions.onVisibility(product, 'retired')}
              >
                Retire
              </RowAction>
            </>
          )}
        </div>
      </TD>
    </TR>
  )
}

/** One family's products in display order; scrolls sideways inside its own region on phones. */
export function CatalogTable({
  family,
  products,
  actions,
}: {
  family: Family
  products: AdminProduct[]
  actions: CatalogActions
}) {
  if (products.length === 0)
    return (
      <EmptyState
        title={`No ${FAMILY_LABELS[family].toLowerCase()} yet`}
        description="Create the first one."
      />
    )
  return (
    <DataTable
      label={FAMILY_LABELS[family]}
      className="relative bg-white shadow-sm ring-1 ring-slate-200"
      head={
        <>
          <TH>Product</TH>
          <TH>Prices</TH>
          <TH className="text-right">Setup fee</TH>
          <TH>Visibility</TH>
          <TH className="text-right">
            Services
            <span className="block font-normal normal-case">live / total</span>
          </TH>
          <ActionsHead />
        </>
      }
    >
      {products.map((product) => (
        <ProductRow key={product.id} product={product} actions={actions} />
      ))}
    </DataTable>
  )
}

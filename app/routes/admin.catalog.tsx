import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useRef, useState } from 'react'
import { CatalogTable } from '#app/components/admin/catalog/catalog-table.tsx'
import { FAMILY_LABELS, NEW_PRODUCT_LABELS } from '#app/components/admin/catalog/limits-summary.ts'
import { PriceDialog } from '#app/components/admin/catalog/price-dialog.tsx'
import {
  ProductFormDialog,
  type ProductFormTarget,
} from '#app/components/admin/catalog/product-form-dialog.tsx'
import {
  useAdminCatalog,
  type AdminProduct,
  type Family,
} from '#app/components/admin/catalog/use-admin-catalog.ts'
import { useCatalogActions } from '#app/components/admin/catalog/use-catalog-actions.ts'
import { closingOnSuccess } from '#app/components/admin/form-dialog.tsx'
import { ReasonConfirmDialog } from '#app/components/admin/user/reason-confirm-dialog.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { plural } from '#app/lib/format.ts'
import { prefetchQueries } from '#app/lib/trpc.server.ts'

export const meta: MetaFunction = () => [{ title: 'Catalog · Admin · SkyPANEL' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const dehydrated = await prefetchQueries(request, context, (trpc) => [
    trpc.services.admin.catalog.list.queryOptions(),
  ])
  return json({ dehydrated })
}

const FAMILIES: Family[] = ['dedicated_server', 'dns']
type VisibilityChange = { product: AdminProduct; visibility: 'active' | 'hidden' | 'retired' }

export default function AdminCatalog() {
  const products = useAdminCatalog().data
  const actions = useCatalogActions()
  const [editing, setEditing] = useState<ProductFormTarget | null>(null)
  const [pricing, setPricing] = useState<AdminProduct | null>(null)
  const [changing, setChanging] = useState<VisibilityChange | null>(null)
  // Where focus goes when the button that opened a dialog is gone (a retired product's).
  const headingRef = useRef<HTMLHeadingElement>(null)

  return (
    <div className="space-y-8">
      <div>
        <h1 ref={headingRef} tabIndex={-1} className="text-2xl font-bold">
          Catalog
        </h1>
        <p className="text-sm text-slate-600">
          What customers can order, per family. Hidden products are off the catalog until shown
          again; retired ones are closed for good. Their services run on either way. Every change is
          recorded in the admin audit log with its reason.
        </p>
      </div>

      {FAMILIES.map((family) => (
        <section key={family} aria-labelledby={`family-${family}`} className="space-y-3">
          <div className="flex flex-wrap items-center justify-between gap-3">
            <h2 id={`family-${family}`} className="text-lg font-semibold">
              {FAMILY_LABELS[family]}
            </h2>
            <Button size="sm" onClick={() => setEditing({ family, product: null })}>
              {NEW_PRODUCT_LABELS[family]}
            </Button>
          </div>
          <CatalogTable
            family={family}
            products={products.filter((product) => product.family === family)}
            actions={{
              onEdit: (product) => setEditing({ family, product }),
              onPrice: setPricing,
              onVisibility: (product, visibility) => setChanging({ product, visibility }),
            }}
          />
        </section>
      ))}

      <ProductFormDialog
        target={editing}
        onClose={() => setEditing(null)}
        onSave={closingOnSuccess(actions.save, () => setEditing(null))}
      />
      <PriceDialog
        product={pricing}
        onClose={() => setPricing(null)}
        onSave={closingOnSuccess(actions.setPrice, () => setPricing(null))}
      />
      <ReasonConfirmDialog
        open={changing !== null}
        onClose={() => setChanging(null)}
        returnFocusTo={headingRef}
        tone={changing?.visibility === 'retired' ? 'danger' : 'primary'}
        title={changing ? visibilityTitle(changing) : ''}
        description={changing ? visibilityDescription(changing) : null}
        confirmLabel={changing ? visibilityTitle(changing).split(' ')[0]! : ''}
        pendingLabel="Saving…"
        reasonHint="Recorded in the admin audit log."
        onConfirm={(reason) =>
          changing
            ? actions.setVisibility(changing.product, changing.visibility, reason ?? '')
            : Promise.resolve(null)
        }
      />
    </div>
  )
}

function visibilityTitle({ product, visibility }: VisibilityChange): string {
  const verb = { active: 'Show', hidden: 'Hide', retired: 'Retire' }[visibility]
  return `${verb} ${product.name}?`
}

function visibilityDescription({ product, visibility }: VisibilityChange) {
  const live = plural(product.services.live, 'live service')
  if (visibility === 'retired')
    return (
      <p className="rounded-md bg-rose-50 p-3 font-medium text-rose-800 ring-1 ring-rose-200">
        Retiring is final: {product.name} can never be shown or ordered again (create a new product
        instead). Its {live} run on to their end.
      </p>
    )
  if (visibility === 'hidden')
    return (
      <p>
        {product.name} leaves the catalog until it is shown again; nobody can order it. Its {live}{' '}
        run on.
      </p>
    )
  return <p>{product.name} is offered to customers again.</p>
}

import { Link } from '@remix-run/react'
import { useState } from 'react'
import { creditsInText, useBranding } from '#app/components/layout/use-branding.ts'
import { Button } from '#app/components/ui/button.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { SelectField } from '#app/components/ui/field.tsx'
import { CYCLE_LABEL, CYCLE_PERIOD, type Cycle, type Product } from './helpers.ts'
import { CardGrid, ServicesSection } from './section.tsx'
import type { ServiceActions } from './use-service-actions.ts'

function ProductCard({ product, actions }: { product: Product; actions: ServiceActions }) {
  const [cycle, setCycle] = useState<Cycle>(product.prices[0]?.cycle ?? 'monthly')
  const price = product.prices.find((entry) => entry.cycle === cycle)?.price
  return (
    <Card className="flex h-full flex-col gap-3 p-4" data-testid="server-product">
      <div>
        <h3 className="break-words font-semibold">{product.name}</h3>
        {product.description ? (
          <p className="mt-1 text-sm text-slate-600">{product.description}</p>
        ) : null}
      </div>
      {product.features.length > 0 ? (
        <ul className="list-disc space-y-0.5 pl-5 text-sm text-slate-700">
          {product.features.map((feature) => (
            <li key={feature}>{feature}</li>
          ))}
        </ul>
      ) : null}
      <div className="mt-auto space-y-3">
        <SelectField
          label="Billing cycle"
          name={`cycle-${product.id}`}
          value={cycle}
          onChange={(event) => setCycle(event.currentTarget.value as Cycle)}
        >
          {product.prices.map((entry) => (
            <option key={entry.cycle} value={entry.cycle}>
              {CYCLE_LABEL[entry.cycle]}: {entry.price.formatted}
            </option>
          ))}
        </SelectField>
        <p className="text-sm">
          <span className="text-lg font-semibold tabular-nums">{price?.formatted ?? '—'}</span> per{' '}
          {CYCLE_PERIOD[cycle]}
          <br />
          <span className="text-slate-600">
            {product.setupFee.cents > 0
              ? `plus a one-time ${product.setupFee.formatted} setup fee`
              : 'no setup fee'}
          </span>
        </p>
        <Button
          className="w-full"
          disabled={actions.busy || !price}
          onClick={() => actions.order.open({ product, cycle })}
        >
          Order {product.name}
        </Button>
      </div>
    </Card>
  )
}

/** Dedicated servers for sale; DNS plans are sold on their own page. */
export function ServerCatalog(props: { products: Product[]; actions: ServiceActions }) {
  const credits = creditsInText(useBranding())
  return (
    <ServicesSection
      id="server-catalog"
      title="Dedicated servers"
      intro={
        <>
          Paid from your {credits}. Looking for DNS?{' '}
          <Link to="/dns-plans" className="font-semibold text-indigo-700 underline">
            See the DNS plans
          </Link>
          .
        </>
      }
    >
      <CardGrid
        items={props.products}
        empty="No dedicated servers are for sale right now."
        columns="sm:grid-cols-2 lg:grid-cols-3"
        card={(product) => <ProductCard product={product} actions={props.actions} />}
      />
    </ServicesSection>
  )
}

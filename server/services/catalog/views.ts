import type { BillingCycle, Product, ProductPrice } from '#db/schema/services.ts'
import { money, type Money } from '#server/lib/money.ts'
import { FAMILIES } from './families.ts'
import { CYCLE_VALUES, type Visibility } from './schemas.ts'

export type PriceView = { cycle: BillingCycle; price: Money }

export type ProductView = {
  id: number
  family: Product['family']
  familyLabel: string
  slug: string
  name: string
  description: string
  features: string[]
  /** As the family's schema describes them (DNS: maxDomains, maxRecords). */
  limits: Record<string, unknown>
  setupFee: Money
  visibility: Visibility
  displayOrder: number
  /** The cycles it is sold on, monthly first; each its own exact price. */
  prices: PriceView[]
}

export function toProductView(
  product: Product,
  prices: Pick<ProductPrice, 'cycle' | 'priceCents'>[],
): ProductView {
  return {
    id: product.id,
    family: product.family,
    familyLabel: FAMILIES[product.family].label,
    slug: product.slug,
    name: product.name,
    description: product.description,
    features: product.features,
    limits: product.limits,
    setupFee: money(product.setupFeeCents),
    visibility: product.visibility,
    displayOrder: product.displayOrder,
    prices: [...prices]
      .sort((a, b) => CYCLE_VALUES.indexOf(a.cycle) - CYCLE_VALUES.indexOf(b.cycle))
      .map((price) => ({ cycle: price.cycle, price: money(price.priceCents) })),
  }
}

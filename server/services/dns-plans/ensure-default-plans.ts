import type { DbOrTx } from '#db/client.ts'
import { productPrices, products } from '#db/schema/index.ts'

type DefaultPlan = {
  slug: string
  name: string
  description: string
  priceCents: number
  maxDomains: number
  maxRecords: number
  features: string[]
  displayOrder: number
}

/** The default plans, exactly as db/migrations/0006_default_dns_plans.sql inserted them (0017 moved them into products). */
export const DEFAULT_DNS_PLANS: readonly DefaultPlan[] = [
  {
    slug: 'basic',
    name: 'Basic',
    description: 'DNS hosting for a few personal domains.',
    priceCents: 500,
    maxDomains: 5,
    maxRecords: 100,
    features: ['Anycast DNS', 'Email support'],
    displayOrder: 1,
  },
  {
    slug: 'pro',
    name: 'Pro',
    description: 'For growing sites and small businesses.',
    priceCents: 1500,
    maxDomains: 25,
    maxRecords: 500,
    features: ['Anycast DNS', 'DNSSEC', 'Priority support'],
    displayOrder: 2,
  },
  {
    slug: 'enterprise',
    name: 'Enterprise',
    description: 'Many domains, large zones, the fastest support.',
    priceCents: 5000,
    maxDomains: 100,
    maxRecords: 2000,
    features: ['Anycast DNS', 'DNSSEC', '24/7 support'],
    displayOrder: 3,
  },
]

/**
 * Inserts whichever default plans are missing and returns their slugs (in display order).
 * A plan already there is never touched, whatever an admin has changed in it since. Like
 * the migration's ON CONFLICT (slug) DO NOTHING, but without a conflict target, so a plan
 * whose slug an admin changed (its name, also unique, still "Pro") is skipped too instead
 * of failing the insert.
 */
export async function ensureDefaultDnsPlans(db: DbOrTx): Promise<string[]> {
  const inserted = await db
    .insert(products)
    .values(
      DEFAULT_DNS_PLANS.map((plan) => ({
        family: 'dns' as const,
        slug: plan.slug,
        name: plan.name,
        description: plan.description,
        features: [...plan.features],
        limits: { maxDomains: plan.maxDomains, maxRecords: plan.maxRecords },
        displayOrder: plan.displayOrder,
      })),
    )
    .onConflictDoNothing()
    .returning({ id: products.id, slug: products.slug })
  if (inserted.length > 0) {
    await db.insert(productPrices).values(
      inserted.map((row) => ({
        productId: row.id,
        cycle: 'monthly' as const,
        priceCents: DEFAULT_DNS_PLANS.find((plan) => plan.slug === row.slug)!.priceCents,
      })),
    )
  }
  const slugs = new Set(inserted.map((row) => row.slug))
  return DEFAULT_DNS_PLANS.map((plan) => plan.slug).filter((slug) => slugs.has(slug))
}

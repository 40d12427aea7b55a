import type { DbOrTx } from '#db/client.ts'
import { productPrices, products } from '#db/schema/services.ts'
import { parseInput } from '#server/lib/validation.ts'
import { CYCLE_VALUES, ZCreateProductInput } from './schemas.ts'

/**
 * Two example dedicated servers, so a new developer can try the whole flow (order, setup fee,
 * manual provisioning, renewals). Written as an admin would type them and checked by the same
 * schema; production starts with none (the DNS plans are seeded elsewhere, in every environment).
 */
export const DEV_DEDICATED_SERVERS = [
  {
    family: 'dedicated_server',
    slug: 'ds-1-xeon-e-2388g',
    name: 'DS-1 Xeon E-2388G',
    description: 'A single-socket Xeon for web and application servers.',
    features: ['Full root access', 'IPMI console', '1 IPv4 address, /64 IPv6'],
    limits: {
      cpu: 'Intel Xeon E-2388G',
      cores: 8,
      ramGb: 64,
      disks: [
        { sizeGb: 960, kind: 'nvme' },
        { sizeGb: 960, kind: 'nvme' },
      ],
      bandwidthTb: 30,
      location: 'Amsterdam, NL',
    },
    prices: { monthly: '129.00', yearly: '1290.00' },
    setupFee: '49.00',
    displayOrder: 1,
    reason: 'Development seed',
  },
  {
    family: 'dedicated_server',
    slug: 'ds-2-epyc-7443p',
    name: 'DS-2 EPYC 7443P',
    description: 'A 24-core EPYC for databases, virtualisation and build farms.',
    features: ['Full root access', 'IPMI console', '1 IPv4 address, /64 IPv6', '10 Gbit/s port'],
    limits: {
      cpu: 'AMD EPYC 7443P',
      cores: 24,
      ramGb: 256,
      disks: [
        { sizeGb: 3840, kind: 'nvme' },
        { sizeGb: 3840, kind: 'nvme' },
        { sizeGb: 16000, kind: 'hdd' },
      ],
      bandwidthTb: 100,
      location: 'Frankfurt, DE',
    },
    prices: { monthly: '249.00', quarterly: '699.00', yearly: '2490.00' },
    setupFee: '99.00',
    displayOrder: 2,
    reason: 'Development seed',
  },
] as const

/**
 * Development only: adds the example products that are missing (by family and slug) and
 * returns their slugs; never changes existing rows, so an admin's edits survive restarts.
 */
export async function seedDevProducts(db: DbOrTx): Promise<string[]> {
  const created: string[] = []
  for (const definition of DEV_DEDICATED_SERVERS) {
    const input = parseInput(ZCreateProductInput, definition)
    const slug = await db.transaction(async (tx) => {
      const [product] = await tx
        .insert(products)
        .values({
          family: input.family,
          slug: input.slug,
          name: input.name,
          description: input.description,
          features: input.features,
          limits: input.limits,
          setupFeeCents: input.setupFee,
          visibility: input.visibility,
          displayOrder: input.displayOrder,
        })
        .onConflictDoNothing()
        .returning({ id: products.id, slug: products.slug })
      if (!product) return null
      await tx.insert(productPrices).values(
        CYCLE_VALUES.flatMap((cycle) => {
          const priceCents = input.prices[cycle]
          return priceCents === undefined ? [] : [{ productId: product.id, cycle, priceCents }]
        }),
      )
      return product.slug
    })
    if (slug) created.push(slug)
  }
  return created
}

import { createProduct } from '#server/services/catalog/create-product.ts'
import { getEntitlements } from '#server/services/catalog/get-entitlements.ts'
import {
  getProduct,
  listCatalog,
  listCatalogForAdmin,
} from '#server/services/catalog/list-catalog.ts'
import {
  ZAdminCatalogListInput,
  ZCatalogListInput,
  ZCreateProductInput,
  ZProductLookup,
  ZSetPriceInput,
  ZSetVisibilityInput,
  ZUpdateProductInput,
} from '#server/services/catalog/schemas.ts'
import { setPrice } from '#server/services/catalog/set-price.ts'
import { setVisibility } from '#server/services/catalog/set-visibility.ts'
import { updateProduct } from '#server/services/catalog/update-product.ts'
import { adminProcedure, protectedProcedure, publicProcedure, router } from '../init.ts'
import { adminServiceEngineProcedures, serviceEngineProcedures } from './services-engine.ts'

/** The catalog is public, like dnsPlans.list: prices are shown before signing up. */
const catalogRouter = router({
  list: publicProcedure
    .input(ZCatalogListInput)
    .query(({ ctx, input }) => listCatalog(ctx.db, { family: input.family })),
  get: publicProcedure
    .input(ZProductLookup)
    .query(({ ctx, input }) => getProduct(ctx.db, input.productId)),
})

const adminCatalogRouter = router({
  list: adminProcedure
    .input(ZAdminCatalogListInput)
    .query(({ ctx, input }) => listCatalogForAdmin(ctx.db, { family: input.family })),
  get: adminProcedure
    .input(ZProductLookup)
    .query(({ ctx, input }) => getProduct(ctx.db, input.productId, { includeHidden: true })),
  create: adminProcedure
    .input(ZCreateProductInput)
    .mutation(({ ctx, input }) =>
      createProduct(ctx.db, input, { adminUserId: ctx.user.id, reason: input.reason }),
    ),
  update: adminProcedure
    .input(ZUpdateProductInput)
    .mutation(({ ctx, input }) =>
      updateProduct(ctx.db, input, { adminUserId: ctx.user.id, reason: input.reason }),
    ),
  setVisibility: adminProcedure
    .input(ZSetVisibilityInput)
    .mutation(({ ctx, input }) =>
      setVisibility(ctx.db, input, { adminUserId: ctx.user.id, reason: input.reason }),
    ),
  setPrice: adminProcedure
    .input(ZSetPriceInput)
    .mutation(({ ctx, input }) =>
      setPrice(
        ctx.db,
        { productId: input.productId, cycle: input.cycle, priceCents: input.price },
        { adminUserId: ctx.user.id, reason: input.reason },
      ),
    ),
})

/**
 * The services engine's namespace (issue #13). The catalog and entitlements live here; the
 * engine's own procedures (order, renewals, plan changes) join this router.
 */
export const servicesRouter = router({
  catalog: catalogRouter,
  /** What the caller may use right now, per family (read-scoped API tokens may ask). */
  entitlements: protectedProcedure.query(({ ctx }) => getEntitlements(ctx.db, ctx.user.id)),
  // The engine: order, myServices, get, quoteChange, change, cancel, resume, setAutoRenew.
  ...serviceEngineProcedures,
  admin: router({ catalog: adminCatalogRouter, ...adminServiceEngineProcedures }),
})

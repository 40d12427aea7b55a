import {
  changeServicePriceByAdmin,
  extendServiceByAdmin,
  getServiceForAdmin,
  listServicesForAdmin,
  suspendServiceByAdmin,
  terminateServiceByAdmin,
  unsuspendServiceByAdmin,
} from '#server/services/services/admin-services.ts'
import {
  cancelService,
  resumeService,
  setAutoRenew,
} from '#server/services/services/cancel-service.ts'
import { changeService, previewServiceChange } from '#server/services/services/change-service.ts'
import { orderService } from '#server/services/services/order-service.ts'
import { getService, listMyServices } from '#server/services/services/queries.ts'
import { refundServiceCharge } from '#server/services/services/refund-service-charge.ts'
import { listServiceCharges } from '#server/services/services/service-charges.ts'
import {
  ZAdminChangeServicePriceInput,
  ZAdminRefundChargeInput,
  ZAdminExtendServiceInput,
  ZAdminServiceAction,
  ZAdminServicesListInput,
  ZChangeServiceInput,
  ZMyServicesInput,
  ZOrderServiceInput,
  ZQuoteServiceChangeInput,
  ZServiceLookup,
  ZSetAutoRenewInput,
} from '#server/services/services/schemas.ts'
import { adminProcedure, protectedProcedure } from '../init.ts'

/*
 * The services engine's procedures, mounted in the `services` namespace (routers/services.ts)
 * beside the catalog and entitlements. The caller's own services only: a service id that is
 * not theirs answers 404, like one that does not exist.
 */

export const serviceEngineProcedures = {
  order: protectedProcedure
    .input(ZOrderServiceInput)
    .mutation(({ ctx, input }) => orderService(ctx.db, { userId: ctx.user.id, ...input })),
  myServices: protectedProcedure
    .input(ZMyServicesInput)
    .query(({ ctx, input }) =>
      listMyServices(ctx.db, ctx.user.id, input.family ? { family: input.family } : {}),
    ),
  get: protectedProcedure
    .input(ZServiceLookup)
    .query(({ ctx, input }) => getService(ctx.db, input.serviceId, ctx.user.id)),
  /** What a change would cost now (upgrades: prorated, with a signed quote for `change`). */
  quoteChange: protectedProcedure
    .input(ZQuoteServiceChangeInput)
    .query(({ ctx, input }) => previewServiceChange(ctx.db, { userId: ctx.user.id, ...input })),
  change: protectedProcedure
    .input(ZChangeServiceInput)
    .mutation(({ ctx, input }) => changeService(ctx.db, { userId: ctx.user.id, ...input })),
  cancel: protectedProcedure
    .input(ZServiceLookup)
    .mutation(({ ctx, input }) => cancelService(ctx.db, { userId: ctx.user.id, ...input })),
  /** Undoes a cancel; a past-due or suspended service is paid from the credits now ("pay now"). */
  resume: protectedProcedure
    .input(ZServiceLookup)
    .mutation(({ ctx, input }) => resumeService(ctx.db, { userId: ctx.user.id, ...input })),
  setAutoRenew: protectedProcedure
    .input(ZSetAutoRenewInput)
    .mutation(({ ctx, input }) => setAutoRenew(ctx.db, { userId: ctx.user.id, ...input })),
  /** The service's charges, newest first, with what admins refunded of each. */
  charges: protectedProcedure
    .input(ZServiceLookup)
    .query(({ ctx, input }) => listServiceCharges(ctx.db, input.serviceId, ctx.user.id)),
}

/** Admin actions: each needs a reason and writes the admin audit log with the change. */
export const adminServiceEngineProcedures = {
  list: adminProcedure.input(ZAdminServicesListInput).query(({ ctx, input }) =>
    listServicesForAdmin(ctx.db, {
      ...input,
      dueBefore: input.dueBefore ? new Date(input.dueBefore) : undefined,
      dueAfter: input.dueAfter ? new Date(input.dueAfter) : undefined,
    }),
  ),
  /** The service, its owner and its charges (with what is left to refund of each). */
  get: adminProcedure
    .input(ZServiceLookup)
    .query(({ ctx, input }) => getServiceForAdmin(ctx.db, input.serviceId)),
  suspend: adminProcedure
    .input(ZAdminServiceAction)
    .mutation(({ ctx, input }) =>
      suspendServiceByAdmin(ctx.db, { ...input, adminId: ctx.user.id }),
    ),
  unsuspend: adminProcedure
    .input(ZAdminServiceAction)
    .mutation(({ ctx, input }) =>
      unsuspendServiceByAdmin(ctx.db, { ...input, adminId: ctx.user.id }),
    ),
  terminate: adminProcedure
    .input(ZAdminServiceAction)
    .mutation(({ ctx, input }) =>
      terminateServiceByAdmin(ctx.db, { ...input, adminId: ctx.user.id }),
    ),
  extend: adminProcedure
    .input(ZAdminExtendServiceInput)
    .mutation(({ ctx, input }) => extendServiceByAdmin(ctx.db, { ...input, adminId: ctx.user.id })),
  changePrice: adminProcedure.input(ZAdminChangeServicePriceInput).mutation(({ ctx, input }) =>
    changeServicePriceByAdmin(ctx.db, {
      serviceId: input.serviceId,
      reason: input.reason,
      priceCents: input.price,
      adminId: ctx.user.id,
    }),
  ),
  /** Gives back all or part of one charge as credits; the service's status is unchanged. */
  refundCharge: adminProcedure
    .input(ZAdminRefundChargeInput)
    .mutation(({ ctx, input }) => refundServiceCharge(ctx.db, { ...input, adminId: ctx.user.id })),
}

import type { Topup } from '#db/schema/index.ts'
import { publicOrigin } from '#server/auth/origin.ts'
import { ZCaptureTopupInput, ZCreateTopupInput } from '#server/services/payments/schemas.ts'
import { finishTopup, startTopup } from '#server/services/payments/topup-checkout.ts'
import { protectedProcedure } from '../init.ts'

/** `createOrder` and `captureOrder` for one balance: the same flow for credits and tokens. */
export function topupProcedures(purpose: Topup['purpose']) {
  return {
    createOrder: protectedProcedure
      .input(ZCreateTopupInput)
      .mutation(({ ctx, input }) =>
        startTopup(
          ctx.db,
          ctx.providers,
          { userId: ctx.user.id, ip: ctx.clientIp },
          { purpose, amountCents: input.amount, siteOrigin: publicOrigin(ctx.request) },
        ),
      ),
    captureOrder: protectedProcedure
      .input(ZCaptureTopupInput)
      .mutation(({ ctx, input }) =>
        finishTopup(
          ctx.db,
          ctx.providers,
          { userId: ctx.user.id, ip: ctx.clientIp },
          { purpose, orderId: input.orderId },
        ),
      ),
  }
}

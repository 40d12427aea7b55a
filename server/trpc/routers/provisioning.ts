import { listProvisioningQueue } from '#server/services/provisioning/list-provisioning-queue.ts'
import {
  listEventDeliveries,
  listServiceEvents,
} from '#server/services/provisioning/list-service-events.ts'
import { provisionService } from '#server/services/provisioning/provision-service.ts'
import { redeliverEvent } from '#server/services/provisioning/redeliver-event.ts'
import {
  ZListDeliveriesInput,
  ZListServiceEventsInput,
  ZProvisioningQueueInput,
  ZProvisionServiceInput,
  ZRedeliverEventInput,
} from '#server/services/provisioning/schemas.ts'
import { adminProcedure, router } from '../init.ts'

/** admin.provisioning: the manual provisioning queue and the webhook outbox with its attempts. */
export const provisioningRouter = router({
  queue: adminProcedure
    .input(ZProvisioningQueueInput.prefault({}))
    .query(({ ctx, input }) => listProvisioningQueue(ctx.db, input)),
  provision: adminProcedure
    .input(ZProvisionServiceInput)
    .mutation(({ ctx, input }) => provisionService(ctx.db, { ...input, adminUserId: ctx.user.id })),
  events: adminProcedure
    .input(ZListServiceEventsInput.prefault({}))
    .query(({ ctx, input }) => listServiceEvents(ctx.db, input)),
  deliveries: adminProcedure
    .input(ZListDeliveriesInput.prefault({}))
    .query(({ ctx, input }) => listEventDeliveries(ctx.db, input)),
  redeliver: adminProcedure
    .input(ZRedeliverEventInput)
    .mutation(({ ctx, input }) => redeliverEvent(ctx.db, { ...input, adminUserId: ctx.user.id })),
})

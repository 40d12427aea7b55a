// The provisioning services the REST routes call; tRPC (admin.provisioning) uses the same ones.
export { listProvisioningQueue } from '#server/services/provisioning/list-provisioning-queue.ts'
export { provisionService } from '#server/services/provisioning/provision-service.ts'
export {
  ZProvisioningQueueInput,
  ZProvisionServiceBody,
  ZServiceId,
} from '#server/services/provisioning/schemas.ts'

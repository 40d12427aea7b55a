import { requestJob } from '#server/jobs/requests.ts'
import { logError } from '#server/lib/log.ts'

/**
 * Asks the provisioning worker to deliver now. Call it after the transaction that recorded
 * events has committed; if the request is lost, the worker's minute sweep delivers anyway.
 */
export async function requestEventDelivery(): Promise<void> {
  await requestJob('deliver-service-events').catch((error: unknown) =>
    logError('could not request provisioning event delivery', error),
  )
}

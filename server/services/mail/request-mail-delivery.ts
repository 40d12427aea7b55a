import { requestJob } from '#server/jobs/requests.ts'
import { logError } from '#server/lib/log.ts'

/**
 * Asks the mail worker to deliver now. Call it after the transaction that enqueued mail has
 * committed; if the request is lost, the worker's minute sweep delivers anyway.
 */
export async function requestMailDelivery(): Promise<void> {
  await requestJob('deliver-mail').catch((error: unknown) =>
    logError('could not request mail delivery', error),
  )
}

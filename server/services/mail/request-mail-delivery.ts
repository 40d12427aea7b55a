import { requestJob } from '#server/jobs/requests.ts'
import { logError } from '#server/lib/log.ts'

/** Requests that arrive within this window after a send share one trailing send. */
const COALESCE_MS = 250

let lastSent = 0
let trailing: Promise<void> | null = null

async function send(): Promise<void> {
  lastSent = Date.now()
  await requestJob('deliver-mail').catch((error: unknown) =>
    logError('could not request mail delivery', error),
  )
}

/**
 * Asks the mail worker to deliver now. Call it after the transaction that enqueued mail has
 * committed; if the request is lost, the worker's minute sweep delivers anyway. The job
 * delivers every due message whatever the request says, so requests are coalesced: at most
 * one send per COALESCE_MS, and a request inside the window waits for one send made after it.
 */
export async function requestMailDelivery(): Promise<void> {
  const wait = lastSent + COALESCE_MS - Date.now()
  if (wait <= 0 && !trailing) return send()
  // Not awaited: the caller's answer does not wait for the window.
  trailing ??= new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, wait))).then(() => {
    trailing = null
    return send()
  })
}

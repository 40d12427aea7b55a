/**
 * Asks the job queue to run a job soon. The queue is optional here: every job also has a
 * periodic sweep over the database, so a request that cannot be sent (no queue in this
 * process, or the queue is down) only delays the work, never loses it.
 */
export const JOB_NAMES = [
  'deliver-virtfusion-tokens',
  'cancel-virtfusion-credit',
  'link-virtfusion-users',
  'reconcile-topups',
  'renew-dns-subscriptions',
  'verify-ledger',
  'reconcile-virtfusion',
  'reconcile-refunds',
  'deliver-service-events',
  'deliver-mail',
] as const
export type JobName = (typeof JOB_NAMES)[number]

export type JobSender = (name: JobName, data: Record<string, unknown>) => Promise<void>

let sender: JobSender | null = null

export function setJobSender(next: JobSender): void {
  sender = next
}

/** Forgets `stopped` unless another queue of this process has replaced it since. */
export function clearJobSender(stopped: JobSender): void {
  if (sender === stopped) sender = null
}

export async function requestJob(name: JobName, data: Record<string, unknown> = {}): Promise<void> {
  if (sender) await sender(name, data)
}

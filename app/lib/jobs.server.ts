import { db } from '#db/client.ts'
import { env } from '#server/env.ts'
import { getProviders } from '#server/integrations/providers.ts'
import { startJobQueue } from '#server/jobs/queue.ts'

/**
 * With JOBS_ENABLED this web process works the queue; without, it still sends its "run now"
 * requests for the workers (`npm run worker`) to pick up, instead of leaving the work to
 * the next sweep.
 */
export function startJobs(databaseUrl: string, signal?: AbortSignal) {
  return startJobQueue({
    signal,
    databaseUrl,
    db,
    providers: getProviders(),
    mode: env.JOBS_ENABLED ? 'worker' : 'send-only',
    processRole: 'web',
  })
}

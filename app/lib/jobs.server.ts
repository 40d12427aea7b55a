import { db } from '#db/client.ts'
import { getProviders } from '#server/integrations/providers.ts'
import { startJobQueue } from '#server/jobs/queue.ts'

export function startJobs(databaseUrl: string) {
  return startJobQueue({ databaseUrl, db, providers: getProviders() })
}

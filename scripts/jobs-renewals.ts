/**
 * `npm run jobs:renewals -- [--now 2027-03-01T00:00:00Z]`: one renewal pass of the services
 * engine (DNS plans, dedicated servers) as of that time (default: now). How operators and tests drive renewals by hand; the job queue
 * runs the same pass every hour.
 */
import { createDatabase } from '#db/connection.ts'
import { migrateDatabase, resolveDatabase } from '#server/database.ts'
import { runRenewals } from '#server/services/dns-plans/run-renewals.ts'
import { readFlags } from './lib/args.ts'

const { values } = readFlags(
  { now: { type: 'string' } },
  'npm run jobs:renewals -- [--now <ISO date-time>]',
)
const now = values.now !== undefined ? new Date(values.now) : new Date()
if (Number.isNaN(now.getTime())) {
  console.error(
    `--now must be an ISO date-time such as 2027-03-01T00:00:00Z (got "${values.now}").`,
  )
  process.exit(2)
}

const database = await resolveDatabase()
console.error(`Database: ${database.description}`)
const { db, sql } = createDatabase(database.url, { max: 3 })
try {
  await migrateDatabase(database)
  const report = await runRenewals(db, { now, workers: 2 })
  console.log(`Renewal pass as of ${now.toISOString()}:`)
  console.log(
    `  renewed ${report.renewed}, past due ${report.past_due}, expired ${report.expired}, ended ${report.cancelled}, ` +
      `skipped ${report.skipped}, reminders ${report.reminders} in-app, ${report.reminderMails} by email; suspended ${report.suspended}, failed ${report.failed}`,
  )
} finally {
  await sql.end()
  await database.stop()
}

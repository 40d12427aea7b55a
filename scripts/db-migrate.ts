/** `npm run db:migrate`: applies pending migrations to DATABASE_URL or the embedded database. */
import { runMigrations } from '#db/migrate.ts'
import { resolveDatabase } from '#server/database.ts'

const database = await resolveDatabase()
try {
  console.log(`Database: ${database.description}`)
  const result = await runMigrations(database.url)
  console.log(`Migrations: ${result.applied} applied, ${result.total} in total.`)
} finally {
  await database.stop()
}

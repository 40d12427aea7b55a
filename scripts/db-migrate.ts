/** `npm run db:migrate`: applies pending migrations to DATABASE_URL or the embedded database. */
import { migrateDatabase, resolveDatabase } from '#server/database.ts'

const database = await resolveDatabase()
try {
  console.log(`Database: ${database.description}`)
  const result = await migrateDatabase(database)
  console.log(`Migrations: ${result.applied} applied, ${result.total} in total.`)
} finally {
  await database.stop()
}

/**
 * `npm run user:create -- --email E --password P --name N [--role admin]`
 * How an operator creates the first admin. Refuses weak passwords and taken emails.
 */
import { createDatabase } from '#db/connection.ts'
import { runMigrations } from '#db/migrate.ts'
import { resolveDatabase } from '#server/database.ts'
import { isAppError } from '#server/errors.ts'
import { createUser } from '#server/services/users/create-user.ts'
import { readFlags } from './lib/args.ts'

const USAGE = 'npm run user:create -- --email E --password P --name N [--role user|admin]'
const { values } = readFlags(
  {
    email: { type: 'string' },
    password: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string' },
  },
  USAGE,
)
const role = values.role ?? 'user'
if (role !== 'user' && role !== 'admin') {
  console.error(`--role must be "user" or "admin".\nUsage: ${USAGE}`)
  process.exit(2)
}

const database = await resolveDatabase()
console.error(`Database: ${database.description}`)
const { db, sql } = createDatabase(database.url, { max: 1 })
let exitCode = 0
try {
  await runMigrations(database.url)
  const user = await createUser(
    db,
    { email: values.email, password: values.password, name: values.name },
    { role },
  )
  console.log(`Created ${user.role} ${user.email} (id ${user.id}).`)
} catch (error) {
  if (!isAppError(error)) throw error
  const details = error.fields
    ? Object.entries(error.fields).map(
        ([field, messages]) => `  --${field}: ${messages.join('; ')}`,
      )
    : []
  console.error(
    [error.code === 'ALREADY_EXISTS' ? error.message : 'Cannot create the user:', ...details].join(
      '\n',
    ),
  )
  exitCode = 1
} finally {
  await sql.end()
  await database.stop()
}
process.exit(exitCode)

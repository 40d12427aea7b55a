/**
 * `npm run token:create -- --email E --scopes read|write|admin [--name N] [--expires-days D]`
 * Prints a new API token for an existing user (bootstrap for automation). Shown once.
 */
import { eq, sql as dsql } from 'drizzle-orm'
import { createDatabase } from '#db/connection.ts'
import { users } from '#db/schema/index.ts'
import { migrateDatabase, resolveDatabase } from '#server/database.ts'
import { isAppError } from '#server/errors.ts'
import { createApiToken, ZCreateApiTokenInput } from '#server/services/api-tokens/api-tokens.ts'
import { readFlags } from './lib/args.ts'

const USAGE =
  'npm run token:create -- --email E --scopes read|write|admin [--name N] [--expires-days D]'
const { values } = readFlags(
  {
    email: { type: 'string' },
    scopes: { type: 'string' },
    name: { type: 'string' },
    'expires-days': { type: 'string' },
  },
  USAGE,
)
const parsed = ZCreateApiTokenInput.safeParse({
  name: values.name ?? 'cli',
  scope: values.scopes,
  expiresInDays: values['expires-days'],
})
if (!values.email || !parsed.success) {
  console.error(
    `${parsed.success ? '--email is required' : parsed.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join('\n')}\nUsage: ${USAGE}`,
  )
  process.exit(2)
}

const database = await resolveDatabase()
// On stderr: stdout stays the script's result (token:create prints only the token).
console.error(`Database: ${database.description}`)
const { db, sql } = createDatabase(database.url, { max: 1 })
let exitCode = 0
try {
  await migrateDatabase(database)
  const [user] = await db
    .select()
    .from(users)
    .where(eq(dsql`lower(${users.email})`, values.email.toLowerCase()))
  if (!user) {
    console.error(`No user with email ${values.email}.`)
    exitCode = 1
  } else {
    const { token, view } = await createApiToken(db, { user, ...parsed.data })
    console.error(
      `Created ${view.scope} token "${view.name}" for ${user.email}. It is shown only once:`,
    )
    console.log(token)
  }
} catch (error) {
  if (!isAppError(error)) throw error
  console.error(error.message)
  exitCode = 1
} finally {
  await sql.end()
  await database.stop()
}
process.exit(exitCode)

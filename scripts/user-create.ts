/**
 * `npm run user:create -- --email E --name N [--role admin]`: how an operator creates the
 * first admin. The password is never an argument (`ps`, shell history and npm's echo of the
 * command would show it). Refuses weak passwords and taken emails.
 */
import { createDatabase } from '#db/connection.ts'
import { migrateDatabase, resolveDatabase } from '#server/database.ts'
import { isAppError } from '#server/errors.ts'
import { createUser } from '#server/services/users/create-user.ts'
import { ZRegisterInput } from '#server/services/users/schemas.ts'
import { readFlags } from './lib/args.ts'
import { readSecret } from './lib/read-secret.ts'

const USAGE = 'npm run user:create -- --email E --name N [--role user|admin]'
const PASSWORD_SOURCES = `The password comes from USER_PASSWORD if set, else it is typed at the prompt (twice, not shown),
else it is the first line of stdin: printf '%s\\n' "$PASSWORD" | ${USAGE}`

if (process.argv.slice(2).some((arg) => arg === '--password' || arg.startsWith('--password='))) {
  console.error(
    `--password is refused: on the command line a password is visible to other users (ps), kept in shell history and echoed by npm.\n${PASSWORD_SOURCES}`,
  )
  process.exit(2)
}
const { values } = readFlags(
  { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' } },
  `${USAGE}\n${PASSWORD_SOURCES}`,
)
const role = values.role ?? 'user'
if (role !== 'user' && role !== 'admin') {
  console.error(`--role must be "user" or "admin".\nUsage: ${USAGE}`)
  process.exit(2)
}

function describeFields(fields: Record<string, string[]>): string[] {
  return Object.entries(fields).map(
    ([field, messages]) =>
      `  ${field === 'password' ? 'password' : `--${field}`}: ${messages.join('; ')}`,
  )
}

// Email and name are checked before anyone types a password for them.
const identity = ZRegisterInput.pick({ email: true, name: true }).safeParse(values)
if (!identity.success) {
  const fields: Record<string, string[]> = {}
  for (const issue of identity.error.issues)
    (fields[String(issue.path[0])] ??= []).push(issue.message)
  console.error(
    ['Cannot create the user:', ...describeFields(fields), `Usage: ${USAGE}`].join('\n'),
  )
  process.exit(2)
}

async function readPassword(): Promise<string | null> {
  if (process.env.USER_PASSWORD) return process.env.USER_PASSWORD
  const password = await readSecret('Password: ')
  if (password === null || !process.stdin.isTTY) return password
  if ((await readSecret('Repeat the password: ')) !== password) {
    console.error('The two passwords differ; nothing was created.')
    process.exit(1)
  }
  return password
}
const password = await readPassword()
if (password === null) {
  console.error(`No password given.\n${PASSWORD_SOURCES}`)
  process.exit(2)
}

const database = await resolveDatabase()
console.error(`Database: ${database.description}`)
const { db, sql } = createDatabase(database.url, { max: 1 })
let exitCode = 0
try {
  await migrateDatabase(database)
  const user = await createUser(db, { email: values.email, password, name: values.name }, { role })
  console.log(`Created ${user.role} ${user.email} (id ${user.id}).`)
} catch (error) {
  if (!isAppError(error)) throw error
  const details = error.fields ? describeFields(error.fields) : []
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

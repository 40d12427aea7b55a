import { spawn } from 'node:child_process'
import { eq } from 'drizzle-orm'
import { afterAll, describe, expect, it } from 'vitest'
import { createDatabase } from '#db/connection.ts'
import { users } from '#db/schema/index.ts'
import { verifyPassword } from '#server/auth/password.ts'

/**
 * `npm run user:create` (scripts/user-create.ts) as a child process against this file's
 * database: the password comes from stdin or USER_PASSWORD, never from argv.
 */
const databaseUrl = process.env.DATABASE_URL!
const database = createDatabase(databaseUrl, { max: 1 })
afterAll(() => database.sql.end())

type Result = { code: number | null; stdout: string; stderr: string }

function userCreate(
  args: string[],
  stdin: string,
  env: Record<string, string> = {},
): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/user-create.ts', ...args], {
      env: { ...process.env, DATABASE_URL: databaseUrl, USER_PASSWORD: '', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
    child.stdin.end(stdin)
  })
}

/**
 * The script on a real terminal (util-linux `script` runs it on a pseudo-terminal): each
 * answer is typed only once its prompt is shown, as a person would.
 */
function userCreateAtTerminal(args: string[], answers: string[]): Promise<Result> {
  const command = [process.execPath, '--import', 'tsx', 'scripts/user-create.ts', ...args]
    .map((word) => `'${word}'`)
    .join(' ')
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      env: { ...process.env, DATABASE_URL: databaseUrl, USER_PASSWORD: '' },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let screen = ''
    let prompts = 0
    child.stdout.on('data', (chunk: Buffer) => {
      screen += chunk.toString()
      const shown = screen.match(/Password: |Repeat the password: /g)?.length ?? 0
      while (prompts < shown && prompts < answers.length)
        child.stdin.write(`${answers[prompts++]}\r`)
    })
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout: screen, stderr: screen }))
  })
}

async function storedUser(email: string) {
  const [user] = await database.db.select().from(users).where(eq(users.email, email))
  return user
}

describe('npm run user:create', { timeout: 120_000 }, () => {
  it('creates an admin with the password from the first line of stdin', async () => {
    const result = await userCreate(
      ['--email', 'First.Admin@Example.test', '--name', 'First Admin', '--role', 'admin'],
      'correct horse battery 2026\nignored second line\n',
    )
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toMatch(/^Created admin first\.admin@example\.test \(id \d+\)\.$/m)
    const user = await storedUser('first.admin@example.test')
    expect(user?.role).toBe('admin')
    await expect(verifyPassword(user!.passwordHash, 'correct horse battery 2026')).resolves.toBe(
      true,
    )
  })

  it('at a terminal asks twice and never shows what is typed', async () => {
    const typed = 'typed-at-the-terminal-2026'
    const result = await userCreateAtTerminal(
      ['--email', 'tty-admin@example.test', '--name', 'Tty Admin', '--role', 'admin'],
      [typed, typed],
    )
    expect(result.code, result.stdout).toBe(0)
    expect(result.stdout).toContain('Repeat the password: ')
    expect(result.stdout).toContain('Created admin tty-admin@example.test')
    expect(result.stdout).not.toContain(typed)
    const user = await storedUser('tty-admin@example.test')
    await expect(verifyPassword(user!.passwordHash, typed)).resolves.toBe(true)

    const differing = await userCreateAtTerminal(
      ['--email', 'tty-typo@example.test', '--name', 'Tty Typo'],
      ['first-spelling-2026', 'second-spelling-2026'],
    )
    expect(differing.code).toBe(1)
    expect(differing.stdout).toContain('The two passwords differ; nothing was created.')
    expect(await storedUser('tty-typo@example.test')).toBeUndefined()
  })

  it('takes USER_PASSWORD when set, without reading stdin', async () => {
    const result = await userCreate(
      ['--email', 'env-user@example.test', '--name', 'Env User'],
      'not-this-one-from-stdin\n',
      { USER_PASSWORD: 'from-the-environment-77' },
    )
    expect(result.code, result.stderr).toBe(0)
    const user = await storedUser('env-user@example.test')
    expect(user?.role).toBe('user')
    await expect(verifyPassword(user!.passwordHash, 'from-the-environment-77')).resolves.toBe(true)
  })

  it('refuses --password in either form, says where the password goes, creates nothing', async () => {
    for (const args of [
      ['--password', 'on-the-command-line-1'],
      ['--password=on-the-command-line-1'],
    ]) {
      const result = await userCreate(
        ['--email', 'argv-user@example.test', '--name', 'Argv', ...args],
        'a-fine-password-2026\n',
      )
      expect(result.code).toBe(2)
      expect(result.stderr).toContain('--password is refused')
      expect(result.stderr).toContain('USER_PASSWORD')
      expect(result.stderr).toContain('stdin')
    }
    expect(await storedUser('argv-user@example.test')).toBeUndefined()
  })

  it('says so when no password came, and names a weak one, creating nothing', async () => {
    const none = await userCreate(['--email', 'no-pass@example.test', '--name', 'No Pass'], '')
    expect(none.code).toBe(2)
    expect(none.stderr).toContain('No password given.')

    const weak = await userCreate(['--email', 'weak@example.test', '--name', 'Weak'], 'short\n')
    expect(weak.code).toBe(1)
    expect(weak.stderr).toMatch(/^ {2}password: .*10/m)
    expect(await storedUser('no-pass@example.test')).toBeUndefined()
    expect(await storedUser('weak@example.test')).toBeUndefined()
  })

  it('checks email and name before asking for the password', async () => {
    const result = await userCreate(['--email', 'not-an-email', '--name', 'X'], '')
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--email: Enter a valid email address')
    expect(result.stderr).not.toContain('No password given')
  })
})

import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createDatabase } from '#db/connection.ts'
import type { ApiTokenScope } from '#db/schema/index.ts'
import { createApiToken } from '#server/services/api-tokens/api-tokens.ts'
import type { PublicUser } from '#server/services/users/public-user.ts'
import { seedUser } from './helpers.ts'

/**
 * `npm run cli` (scripts/cli.ts) as a child process against the production build, with
 * API tokens minted straight into the app's database: the same path any automation takes.
 */
const run = promisify(execFile)
const baseUrl = inject('e2eBaseUrl')
const database = createDatabase(inject('e2eDatabaseUrl'), { max: 1 })

type Result = { code: number; stdout: string; stderr: string }

async function cli(args: string[], token: string | undefined): Promise<Result> {
  const env: NodeJS.ProcessEnv = { ...process.env, API_URL: baseUrl, API_TOKEN: token }
  if (token === undefined) delete env.API_TOKEN
  try {
    const { stdout, stderr } = await run('npx', ['tsx', 'scripts/cli.ts', ...args], {
      env,
      timeout: 60_000,
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string }
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' }
  }
}

async function tokenFor(user: PublicUser, scope: ApiTokenScope): Promise<string> {
  const { token } = await createApiToken(database.db, { user, name: `cli-${scope}`, scope })
  return token
}

let admin: PublicUser
let customer: PublicUser
let adminToken: string
let adminReadToken: string
let customerToken: string

beforeAll(async () => {
  admin = await seedUser('admin', 'Cli Admin')
  customer = await seedUser('user', 'Cli Customer')
  adminToken = await tokenFor(admin, 'admin')
  adminReadToken = await tokenFor(admin, 'read')
  customerToken = await tokenFor(customer, 'read')
})
afterAll(async () => {
  await database.sql.end()
})

describe('npm run cli', () => {
  it('prints both balances in a table', async () => {
    const result = await cli(['balance'], customerToken)
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toMatch(/^Custom credits\s+\$0\.00$/m)
    expect(result.stdout).toMatch(/^VirtFusion tokens\s+\S/m)
  })

  it('adds credits by email with the amount as typed; the user sees 1250 cents', async () => {
    const added = await cli(
      [
        'credits:add',
        '--user',
        customer.email.toUpperCase(),
        '--amount',
        '12.50',
        '--reason',
        'cli test',
      ],
      adminToken,
    )
    expect(added.code, added.stderr).toBe(0)
    expect(added.stdout).toContain(`Added $12.50 to ${customer.email} (user ${customer.id}`)
    expect(added.stdout).toContain('New balance: $12.50')

    const balance = await cli(['balance', '--json'], customerToken)
    expect(balance.code, balance.stderr).toBe(0)
    const parsed = JSON.parse(balance.stdout) as {
      customCredits: { balance: { cents: number; formatted: string }; owed: boolean }
      virtfusionTokens: { status: string }
    }
    expect(parsed.customCredits).toEqual({
      balance: { cents: 1250, formatted: '$12.50' },
      owed: false,
    })
    expect(parsed.virtfusionTokens.status).toEqual(expect.any(String))

    const history = await cli(['history', '--type', 'admin_add', '--search', 'cli'], customerToken)
    expect(history.code, history.stderr).toBe(0)
    expect(history.stdout).toMatch(/Added by admin\s+\+\$12\.50\s+\$12\.50\s+.*Reason: cli test/)

    const json = await cli(['history', '--json', '--limit', '5'], customerToken)
    expect(json.code, json.stderr).toBe(0)
    const page = JSON.parse(json.stdout) as {
      items: { amount: { cents: number }; reason: string }[]
    }
    expect(page.items).toHaveLength(1)
    expect(page.items[0]).toMatchObject({ amount: { cents: 1250 }, reason: 'cli test' })
  })

  it("prints the server's validation message and exits 1 (reason too short)", async () => {
    const result = await cli(
      ['credits:remove', '--user', customer.email, '--amount', '1.00', '--reason', 'no'],
      adminToken,
    )
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('Reason must be at least 3 characters')
    expect(result.stdout).toBe('')
  })

  it('removes credits into a negative balance and says so', async () => {
    const result = await cli(
      [
        'credits:remove',
        '--user',
        customer.email,
        '--amount',
        '20',
        '--reason',
        'cli chargeback',
        '--json',
      ],
      adminToken,
    )
    expect(result.code, result.stderr).toBe(0)
    const parsed = JSON.parse(result.stdout) as {
      balance: { cents: number }
      warning: string | null
    }
    expect(parsed.balance.cents).toBe(1250 - 2000)
    expect(parsed.warning).toMatch(/negative/)
    const balance = await cli(['balance'], customerToken)
    expect(balance.stdout).toMatch(/^Custom credits\s+-\$7\.50 \(owed\)$/m)
  })

  it('refuses credits:add with a read token (exit 1, scope message)', async () => {
    const result = await cli(
      ['credits:add', '--user', customer.email, '--amount', '5', '--reason', 'not allowed'],
      adminReadToken,
    )
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/scope does not allow this; it needs "(admin|write)"/)
  })

  it('names an unknown user, and an invalid token, with exit 1', async () => {
    const unknown = await cli(
      ['credits:add', '--user', 'nobody@e2e.test', '--amount', '5', '--reason', 'who is this'],
      adminToken,
    )
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toContain('No user with email nobody@e2e.test.')

    const invalid = await cli(['balance'], 'spk_not-a-real-token')
    expect(invalid.code).toBe(1)
    expect(invalid.stderr).toContain('Invalid or revoked API token.')
  })

  it('grants VirtFusion tokens once per idempotency key; another request under it is refused', async () => {
    const args = [
      'tokens:grant',
      '--user',
      customer.email,
      '--tokens',
      '250',
      '--reason',
      'cli grant',
      '--idempotency-key',
      'cli-e2e-grant-0001',
    ]
    const first = await cli(args, adminToken)
    expect(first.code, first.stderr).toBe(0)
    expect(first.stdout).toMatch(
      new RegExp(
        `^Granted 250 tokens to ${customer.email} \\(user ${customer.id}, entry \\d+, VirtFusion credit \\d+\\)\\.$`,
        'm',
      ),
    )
    const again = await cli([...args, '--json'], adminToken)
    expect(again.code, again.stderr).toBe(0)
    const entry = (JSON.parse(again.stdout) as { entry: { id: number; tokens: number } }).entry
    expect(first.stdout).toContain(`entry ${entry.id},`)
    const rows = await database.sql`
      select count(*)::int as n from token_transactions where user_id = ${customer.id}`
    expect(rows[0]!.n).toBe(1)

    const conflict = await cli(
      args.map((arg) => (arg === '250' ? '251' : arg)),
      adminToken,
    )
    expect(conflict.code).toBe(1)
    expect(conflict.stderr).toContain('already used for a different request')
    expect(conflict.stderr).toContain('Idempotency key: cli-e2e-grant-0001')
  })

  it('lists the DNS plans as a table and as JSON', async () => {
    const table = await cli(['plans:list'], customerToken)
    expect(table.code, table.stderr).toBe(0)
    expect(table.stdout).toMatch(/^Basic\s+basic\s+\$5\.00\s+monthly\s+5\s+100\s/m)
    expect(table.stdout).toMatch(/^Pro\s+pro\s+\$15\.00\s/m)
    expect(table.stdout).toMatch(/^Enterprise\s+enterprise\s+\$50\.00\s/m)

    const json = await cli(['plans:list', '--json'], customerToken)
    expect(json.code, json.stderr).toBe(0)
    const plans = JSON.parse(json.stdout) as { slug: string; price: { cents: number } }[]
    expect(plans.map((plan) => [plan.slug, plan.price.cents])).toEqual(
      expect.arrayContaining([
        ['basic', 500],
        ['pro', 1500],
        ['enterprise', 5000],
      ]),
    )
  })

  it('answers wrong usage with the usage text and exit 2, before calling the server', async () => {
    const unknown = await cli(['refunds'], customerToken)
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('Unknown command "refunds"')
    expect(unknown.stderr).toContain('Usage: npm run cli')

    const badFlag = await cli(['balance', '--colour'], customerToken)
    expect(badFlag.code).toBe(2)
    expect(badFlag.stderr).toContain('Usage: npm run cli')

    const missing = await cli(
      ['credits:add', '--user', customer.email, '--reason', 'no amount'],
      adminToken,
    )
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('--amount is required.')

    const noToken = await cli(['balance'], undefined)
    expect(noToken.code).toBe(2)
    expect(noToken.stderr).toContain('API_TOKEN is not set')
  })
})

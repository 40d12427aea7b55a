/**
 * `npm run cli -- <command> [flags]`: the billing API from a terminal, over HTTP with an
 * API token, exactly as any outside automation would call it (see scripts/lib/client.ts).
 *
 *   API_URL   the panel's base URL (default http://localhost:3000)
 *   API_TOKEN an API token (settings page, or `npm run token:create`)
 *
 * Exit codes: 0 done, 1 the server (or the network) refused, 2 wrong usage or setup.
 * Amounts go to the server as the decimal text typed: the server parses them into cents.
 */
import { randomUUID } from 'node:crypto'
import { isTRPCClientError } from '@trpc/client'
import type { ProductFamily } from '#db/schema/services.ts'
import { readFlags } from './lib/args.ts'
import {
  ApiClientConfigError,
  createApiClient,
  DEFAULT_API_URL,
  type ApiClient,
} from './lib/client.ts'

const USAGE = `Usage: npm run cli -- <command> [flags]

Commands:
  balance                          your custom credits and VirtFusion token balances
  history [--type T] [--from D] [--to D] [--search S] [--limit N] [--cursor C]
                                   your custom credit history, newest first
                                   (--type may repeat or list types separated by commas)
  credits:add --user EMAIL --amount A --reason R [--idempotency-key K]
  credits:remove --user EMAIL --amount A --reason R [--idempotency-key K]
                                   adjust a user's custom credits (admin token); A is
                                   decimal dollars such as 12.50
  tokens:grant --user EMAIL --tokens N --reason R [--idempotency-key K]
                                   add N VirtFusion tokens to a user (admin token;
                                   100 tokens = $1); the same key never grants twice
  plans:list                       the DNS plans on sale
  catalog [--family F]             the services on sale (F: dns or dedicated_server),
                                   with their price per billing cycle and setup fee
  entitlements                     what your services let you use right now (your DNS
                                   plan's limits, your dedicated servers); a read token will do

Every command takes --json (machine-readable output) and --help.
Environment: API_URL (default ${DEFAULT_API_URL}), API_TOKEN (required).`

/* Output ------------------------------------------------------------------------------- */

function printJson(value: unknown): void {
  console.log(JSON.stringify(value, null, 2))
}

type Column = { header: string; align?: 'left' | 'right' }

/** An aligned plain-text table; the last column is left ragged so long text can run on. */
function printTable(columns: Column[], rows: string[][]): void {
  const widths = columns.map((column, i) =>
    Math.max(column.header.length, ...rows.map((row) => (row[i] ?? '').length)),
  )
  const line = (cells: string[]) =>
    cells
      .map((cell, i) =>
        columns[i]?.align === 'right' ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!),
      )
      .join('  ')
      .trimEnd()
  console.log(line(columns.map((column) => column.header)))
  console.log(line(widths.map((width) => '-'.repeat(width))))
  for (const row of rows) console.log(line(row))
}

function formatDate(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`
}

/* Flags -------------------------------------------------------------------------------- */

class UsageError extends Error {}

function requireFlag(value: string | undefined, flag: string): string {
  if (value === undefined || value.trim() === '') throw new UsageError(`--${flag} is required.`)
  return value
}

function positiveInteger(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined
  if (!/^[1-9]\d{0,8}$/.test(value)) {
    throw new UsageError(`--${flag} must be a positive whole number (got "${value}").`)
  }
  return Number(value)
}

type FlagSpec = Record<string, { type: 'string' } | { type: 'string'; multiple: true }>
type FlagValues<T extends FlagSpec> = {
  [K in keyof T]?: T[K] extends { multiple: true } ? string[] : string
} & { json?: boolean }

/** The command's flags plus --json and --help; anything else is a usage error (exit 2). */
function parse<const T extends FlagSpec>(options: T, argv: string[]): FlagValues<T> {
  const { values, positionals } = readFlags(
    {
      ...(options as FlagSpec),
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    USAGE,
    argv,
  )
  if (values.help) {
    console.log(USAGE)
    process.exit(0)
  }
  if (positionals.length > 0) throw new UsageError(`Unexpected argument "${positionals[0]}".`)
  return values as FlagValues<T>
}

/* Commands ----------------------------------------------------------------------------- */

/** Each command reads its flags first (so a typo is reported before anything is sent). */
type Run = (client: ApiClient) => Promise<void>

function balance(argv: string[]): Run {
  const flags = parse({}, argv)
  return async (client) => {
    const result = await client.billing.balance.query()
    if (flags.json) return printJson(result)
    const credits = result.customCredits
    const tokens = result.virtfusionTokens
    let tokensText: string
    switch (tokens.status) {
      case 'ok':
        tokensText = `${tokens.tokens.toLocaleString('en-US')} tokens (${tokens.value.formatted})`
        break
      case 'stale':
        tokensText = `${tokens.tokens.toLocaleString('en-US')} tokens (${tokens.value.formatted}) as of ${formatDate(tokens.fetchedAt)}: ${tokens.message}`
        break
      case 'not_linked':
      case 'unavailable':
        tokensText = tokens.message
        break
    }
    printTable(
      [{ header: 'Balance' }, { header: 'Amount' }],
      [
        ['Custom credits', `${credits.balance.formatted}${credits.owed ? ' (owed)' : ''}`],
        ['VirtFusion tokens', tokensText],
      ],
    )
  }
}

function history(argv: string[]): Run {
  const flags = parse(
    {
      type: { type: 'string', multiple: true },
      from: { type: 'string' },
      to: { type: 'string' },
      search: { type: 'string' },
      limit: { type: 'string' },
      cursor: { type: 'string' },
    },
    argv,
  )
  const types = (flags.type ?? [])
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter(Boolean)
  const query = {
    type: types.length > 0 ? types : undefined,
    from: flags.from,
    to: flags.to,
    search: flags.search,
    limit: positiveInteger(flags.limit, 'limit'),
    cursor: positiveInteger(flags.cursor, 'cursor'),
  }
  return async (client) => {
    const page = await client.customCredits.transactions.query(query)
    if (flags.json) return printJson(page)
    if (page.items.length === 0) {
      console.log('No transactions.')
      return
    }
    printTable(
      [
        { header: 'ID', align: 'right' },
        { header: 'Date' },
        { header: 'Type' },
        { header: 'Amount', align: 'right' },
        { header: 'Balance', align: 'right' },
        { header: 'Description' },
      ],
      page.items.map((entry) => [
        String(entry.id),
        formatDate(entry.createdAt),
        entry.typeLabel,
        entry.amount.cents > 0 ? `+${entry.amount.formatted}` : entry.amount.formatted,
        entry.balanceAfter.formatted,
        [
          entry.description,
          entry.reason ? `Reason: ${entry.reason}` : null,
          entry.adminName ? `by ${entry.adminName}` : null,
        ]
          .filter(Boolean)
          .join(' | '),
      ]),
    )
    if (page.nextCursor !== null) console.log(`\nOlder entries: add --cursor ${page.nextCursor}`)
  }
}

/** The user whose email is exactly `email` (case-insensitive); the search matches substrings. */
async function findUser(client: ApiClient, email: string): Promise<{ id: number; email: string }> {
  const wanted = email.trim().toLowerCase()
  let cursor: number | null = null
  do {
    const page = await client.admin.users.list.query({ search: wanted, limit: 100, cursor })
    const match = page.items.find((user) => user.email.toLowerCase() === wanted)
    if (match) return { id: match.id, email: match.email }
    cursor = page.nextCursor
  } while (cursor !== null)
  throw new Error(`No user with email ${email.trim()}.`)
}

function adjustCredits(direction: 'add' | 'remove') {
  return (argv: string[]): Run => {
    const flags = parse(
      {
        user: { type: 'string' },
        amount: { type: 'string' },
        reason: { type: 'string' },
        'idempotency-key': { type: 'string' },
      },
      argv,
    )
    const email = requireFlag(flags.user, 'user')
    // The decimal text exactly as typed: the server turns it into cents (or says why not).
    const amount = requireFlag(flags.amount, 'amount').trim()
    const reason = requireFlag(flags.reason, 'reason')
    // Repeating a call with the same key applies it once; each invocation gets its own.
    const idempotencyKey = flags['idempotency-key'] ?? `cli:${randomUUID()}`
    return async (client) => {
      const user = await findUser(client, email)
      const input = { userId: user.id, amount, reason, idempotencyKey }
      const result =
        direction === 'add'
          ? await client.admin.customCredits.add.mutate(input)
          : await client.admin.customCredits.remove.mutate(input)
      if (flags.json) return printJson({ user, ...result })
      const amountText = result.entry.amount.formatted.replace(/^-/, '')
      console.log(
        direction === 'add'
          ? `Added ${amountText} to ${user.email} (user ${user.id}, entry ${result.entry.id}).`
          : `Removed ${amountText} from ${user.email} (user ${user.id}, entry ${result.entry.id}).`,
      )
      console.log(`New balance: ${result.balance.formatted}`)
      if (result.warning) console.log(`Warning: ${result.warning}`)
    }
  }
}

function grantTokens(argv: string[]): Run {
  const flags = parse(
    {
      user: { type: 'string' },
      tokens: { type: 'string' },
      reason: { type: 'string' },
      'idempotency-key': { type: 'string' },
    },
    argv,
  )
  const email = requireFlag(flags.user, 'user')
  const tokens = positiveInteger(requireFlag(flags.tokens, 'tokens').trim(), 'tokens')!
  const reason = requireFlag(flags.reason, 'reason')
  // VirtFusion has no idempotency of its own: repeating with the same key grants once.
  const idempotencyKey = flags['idempotency-key'] ?? `cli:${randomUUID()}`
  return async (client) => {
    const user = await findUser(client, email)
    const entry = await client.admin.virtfusion.addTokens
      .mutate({ userId: user.id, tokens, reason, idempotencyKey })
      .catch((error: unknown) => {
        // After an unknown outcome the same key is the only safe way to ask again.
        console.error(`Idempotency key: ${idempotencyKey}`)
        throw error
      })
    if (flags.json) return printJson({ user, idempotencyKey, entry })
    console.log(
      `Granted ${entry.tokens.toLocaleString('en-US')} tokens to ${user.email} (user ${user.id}, entry ${entry.id}, VirtFusion credit ${entry.virtfusionCreditId ?? 'pending'}).`,
    )
    console.log(
      `Idempotency key: ${idempotencyKey} (repeat with --idempotency-key to retry safely)`,
    )
  }
}

function listPlans(argv: string[]): Run {
  const flags = parse({}, argv)
  return async (client) => {
    const plans = await client.dnsPlans.list.query()
    if (flags.json) return printJson(plans)
    if (plans.length === 0) {
      console.log('No DNS plans on sale.')
      return
    }
    printTable(
      [
        { header: 'Plan' },
        { header: 'Slug' },
        { header: 'Price', align: 'right' },
        { header: 'Period' },
        { header: 'Domains', align: 'right' },
        { header: 'Records', align: 'right' },
        { header: 'Features' },
      ],
      plans.map((plan) => [
        plan.name,
        plan.slug,
        plan.price.formatted,
        plan.billingPeriod,
        plan.maxDomains.toLocaleString('en-US'),
        plan.maxRecords.toLocaleString('en-US'),
        plan.features.join(', '),
      ]),
    )
  }
}

function catalog(argv: string[]): Run {
  const flags = parse({ family: { type: 'string' } }, argv)
  return async (client) => {
    const products = await client.services.catalog.list.query(
      // The server checks the family; a wrong one is refused naming the families there are.
      flags.family === undefined ? undefined : { family: flags.family as ProductFamily },
    )
    if (flags.json) return printJson(products)
    if (products.length === 0) {
      console.log('Nothing on sale.')
      return
    }
    printTable(
      [
        { header: 'Family' },
        { header: 'Product' },
        { header: 'Id', align: 'right' },
        { header: 'Setup fee', align: 'right' },
        { header: 'Prices' },
      ],
      products.map((product) => [
        product.familyLabel,
        product.name,
        String(product.id),
        product.setupFee.cents === 0 ? '-' : product.setupFee.formatted,
        product.prices.map((price) => `${price.price.formatted} ${price.cycle}`).join(', '),
      ]),
    )
  }
}

function entitlements(argv: string[]): Run {
  const flags = parse({}, argv)
  return async (client) => {
    const result = await client.services.entitlements.query()
    if (flags.json) return printJson(result)
    const { dns, dedicated_server: servers } = result
    console.log(
      dns.hasPlan
        ? `DNS plan: ${dns.planName} (${dns.status}): up to ${dns.maxDomains.toLocaleString('en-US')} domains, ${dns.maxRecords.toLocaleString('en-US')} records per domain`
        : `DNS plan: none${dns.status ? ` (your plan is ${dns.status})` : ''}`,
    )
    console.log(`Dedicated servers: ${servers.count}`)
    if (servers.count === 0) return
    printTable(
      [
        { header: 'Id', align: 'right' },
        { header: 'Server' },
        { header: 'Status' },
        { header: 'Hostname' },
        { header: 'IP' },
      ],
      servers.servers.map((server) => [
        String(server.id),
        server.productName,
        server.status,
        server.hostname ?? '-',
        server.ipAddress ?? '-',
      ]),
    )
  }
}

const COMMANDS: Record<string, (argv: string[]) => Run> = {
  balance,
  history,
  'credits:add': adjustCredits('add'),
  'credits:remove': adjustCredits('remove'),
  'tokens:grant': grantTokens,
  'plans:list': listPlans,
  catalog,
  entitlements,
}

/* Main --------------------------------------------------------------------------------- */

function describeError(error: unknown, apiUrl: string): string {
  if (isTRPCClientError(error)) {
    // The server answered with its error shape: its message is the one to show.
    if (error.shape) return error.message
    // No tRPC answer: nothing listening (connection refused, DNS), or a page that is not
    // the API (wrong API_URL, a proxy's error page).
    const status = (error.meta?.response as Response | undefined)?.status
    if (status) {
      return `${apiUrl} answered HTTP ${status} without a SkyPanel API response; is API_URL right? (${error.message})`
    }
    const inner = error.cause?.cause as { code?: unknown; message?: unknown } | undefined
    const detail = typeof inner?.code === 'string' ? inner.code : inner?.message
    return `Cannot reach ${apiUrl}: ${error.message}${typeof detail === 'string' ? ` (${detail})` : ''}`
  }
  return error instanceof Error ? error.message : String(error)
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    if (command === undefined) {
      console.error(USAGE)
      return 2
    }
    console.log(USAGE)
    return 0
  }
  const prepare = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined
  if (!prepare) {
    console.error(`Unknown command "${command}".\n${USAGE}`)
    return 2
  }
  const apiUrl = (process.env.API_URL ?? DEFAULT_API_URL).replace(/\/+$/, '')
  let run: Run
  let client: ApiClient
  try {
    run = prepare(rest)
    client = createApiClient()
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n${USAGE}`)
      return 2
    }
    if (error instanceof ApiClientConfigError) {
      console.error(error.message)
      return 2
    }
    throw error
  }
  try {
    await run(client)
    return 0
  } catch (error) {
    console.error(describeError(error, apiUrl))
    return 1
  }
}

process.exitCode = await main(process.argv.slice(2))

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
import { writeFile } from 'node:fs/promises'
import { isTRPCClientError } from '@trpc/client'
import type { ProductFamily } from '#db/schema/services.ts'
import { formatCents } from '#server/lib/money.ts'
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
  services [--family F]            your services with status, price and next renewal
  service ID                       one service and its charges
  order --product SLUG|ID --cycle monthly|quarterly|yearly [--idempotency-key K]
                                   order a service, paid from your credits now
  quote-change ID --product SLUG|ID [--cycle C]
                                   what a plan change would cost now (nothing is changed)
  change ID --product SLUG|ID [--cycle C] [--quote Q]
                                   upgrade now (prorated) or schedule a downgrade or cycle
                                   change for the period end; --quote holds quote-change's price
  cancel ID                        cancel at the end of the paid period
  resume ID                        undo a cancel, or pay a past-due service now
  auto-renew ID on|off             renew from credits at the period end, or not
  refund SERVICE_ID CHARGE_ID --reason R [--amount A] [--idempotency-key K]
                                   give back A (decimal dollars; default all that is left)
                                   of one charge as credits (admin token); the same key
                                   never refunds twice
  documents [--kind receipt|invoice|credit_note] [--limit N] [--cursor C]
                                   your receipts, invoices and credit notes, newest first
  document ID --out FILE           save one of your documents as a PDF (a read token will do)
  statement YYYY-MM --out FILE     save your custom-credit statement of that UTC month as a PDF

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
    const name = flag === flag.toUpperCase() ? flag : `--${flag}`
    throw new UsageError(`${name} must be a positive whole number (got "${value}").`)
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

/** The leading arguments before the flags (a command's ids), each required. */
function leading(argv: string[], names: string[]): { args: string[]; rest: string[] } {
  const args = argv.slice(0, names.length)
  names.forEach((name, i) => {
    const arg = args[i]
    if (arg === undefined || arg.startsWith('-')) {
      if (argv.includes('--help') || argv.includes('-h')) {
        console.log(USAGE)
        process.exit(0)
      }
      throw new UsageError(`${name} is required.`)
    }
  })
  return { args, rest: argv.slice(names.length) }
}

/** A service or charge id given as an argument. */
const idArg = (value: string, name: string): number => positiveInteger(value, name)!

const CYCLES = ['monthly', 'quarterly', 'yearly'] as const
type Cycle = (typeof CYCLES)[number]

function cycleFlag(value: string | undefined): Cycle | undefined {
  if (value === undefined) return undefined
  if (!(CYCLES as readonly string[]).includes(value))
    throw new UsageError(`--cycle must be one of ${CYCLES.join(', ')} (got "${value}").`)
  return value as Cycle
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

/* Services ----------------------------------------------------------------------------- */

type ServiceRow = Awaited<ReturnType<ApiClient['services']['get']['query']>>

function serviceSummary(service: ServiceRow): string[] {
  const renewal = service.cancelAtPeriodEnd
    ? `ends ${formatDate(service.currentPeriodEnd)}`
    : service.autoRenew
      ? `renews ${formatDate(service.currentPeriodEnd)}`
      : `auto-renew off, ends ${formatDate(service.currentPeriodEnd)}`
  return [
    String(service.id),
    service.product.name,
    service.status.replace('_', ' '),
    `${service.recurringPrice.formatted} ${service.cycle}`,
    ['pending', 'active', 'past_due', 'suspended'].includes(service.status)
      ? renewal
      : `ended ${service.endedAt ? formatDate(service.endedAt) : ''}`.trim(),
  ]
}

const SERVICE_COLUMNS: Column[] = [
  { header: 'Id', align: 'right' },
  { header: 'Product' },
  { header: 'Status' },
  { header: 'Price', align: 'right' },
  { header: 'Period' },
]

function myServices(argv: string[]): Run {
  const flags = parse({ family: { type: 'string' } }, argv)
  return async (client) => {
    const list = await client.services.myServices.query(
      flags.family === undefined ? undefined : { family: flags.family as ProductFamily },
    )
    if (flags.json) return printJson(list)
    if (list.length === 0) return console.log('No services.')
    printTable(SERVICE_COLUMNS, list.map(serviceSummary))
  }
}

function showService(argv: string[]): Run {
  const { args, rest } = leading(argv, ['ID'])
  const serviceId = idArg(args[0]!, 'ID')
  const flags = parse({}, rest)
  return async (client) => {
    const [service, charges] = await Promise.all([
      client.services.get.query({ serviceId }),
      client.services.charges.query({ serviceId }),
    ])
    if (flags.json) return printJson({ ...service, charges })
    printTable(SERVICE_COLUMNS, [serviceSummary(service)])
    if (service.scheduledProduct)
      console.log(
        `\nFrom ${formatDate(service.currentPeriodEnd)}: ${service.scheduledProduct.name} ${service.scheduledCycle ?? service.cycle}`,
      )
    if (service.hostname) console.log(`Hostname: ${service.hostname} ${service.ipAddress ?? ''}`)
    if (charges.length === 0) return
    console.log('')
    printTable(
      [
        { header: 'Charge', align: 'right' },
        { header: 'Date' },
        { header: 'Kind' },
        { header: 'Amount', align: 'right' },
        { header: 'Refunded', align: 'right' },
        { header: 'Period' },
      ],
      charges.map((charge) => [
        String(charge.id),
        formatDate(charge.createdAt),
        charge.kind.replace('_', ' '),
        charge.amount.formatted,
        charge.refunded.cents === 0 ? '-' : charge.refunded.formatted,
        `${charge.productName}, ${charge.periodStart.toISOString().slice(0, 10)} to ${charge.periodEnd.toISOString().slice(0, 10)}`,
      ]),
    )
  }
}

/** A product by id or slug, from the catalog on sale. */
async function findProduct(
  client: ApiClient,
  wanted: string,
): Promise<{ id: number; name: string }> {
  const products = await client.services.catalog.list.query()
  const match = products.find((p) => String(p.id) === wanted || p.slug === wanted)
  if (!match) throw new Error(`No product "${wanted}" on sale (see \`catalog\`).`)
  return match
}

function order(argv: string[]): Run {
  const flags = parse(
    {
      product: { type: 'string' },
      cycle: { type: 'string' },
      'idempotency-key': { type: 'string' },
    },
    argv,
  )
  const product = requireFlag(flags.product, 'product').trim()
  const cycle = cycleFlag(requireFlag(flags.cycle, 'cycle'))!
  const idempotencyKey = flags['idempotency-key'] ?? `cli:${randomUUID()}`
  return async (client) => {
    const { id: productId } = await findProduct(client, product)
    const service = await client.services.order.mutate({ productId, cycle, idempotencyKey })
    if (flags.json) return printJson(service)
    console.log(
      `Ordered ${service.product.name} (service ${service.id}, ${service.status}): ${service.pricePaid.formatted} paid, renews at ${service.recurringPrice.formatted} ${service.cycle}.`,
    )
  }
}

function planChange(kind: 'quote' | 'change') {
  return (argv: string[]): Run => {
    const { args, rest } = leading(argv, ['ID'])
    const serviceId = idArg(args[0]!, 'ID')
    const flags = parse(
      {
        product: { type: 'string' },
        cycle: { type: 'string' },
        ...(kind === 'change' ? { quote: { type: 'string' as const } } : {}),
      },
      rest,
    )
    const product = requireFlag(flags.product, 'product').trim()
    const cycle = cycleFlag(flags.cycle)
    const quote = (flags as { quote?: string }).quote
    return async (client) => {
      const { id: productId } = await findProduct(client, product)
      if (kind === 'quote') {
        const preview = await client.services.quoteChange.query({ serviceId, productId, cycle })
        if (flags.json) return printJson(preview)
        console.log(preview.message)
        if (preview.quote)
          console.log(`Charged now: ${preview.amount.formatted} (--quote ${preview.quote})`)
        return
      }
      const changed = await client.services.change.mutate({ serviceId, productId, cycle, quote })
      if (flags.json) return printJson(changed)
      console.log(
        changed.kind === 'upgrade'
          ? `Upgraded service ${serviceId} to ${changed.service.product.name}: ${changed.charged.formatted} charged.`
          : changed.service.scheduledProduct
            ? `Service ${serviceId} changes to ${changed.service.scheduledProduct.name} ${changed.service.scheduledCycle ?? changed.service.cycle} on ${formatDate(changed.service.currentPeriodEnd)}.`
            : `Service ${serviceId}: no change scheduled.`,
      )
    }
  }
}

function serviceAction(action: 'cancel' | 'resume') {
  return (argv: string[]): Run => {
    const { args, rest } = leading(argv, ['ID'])
    const serviceId = idArg(args[0]!, 'ID')
    const flags = parse({}, rest)
    return async (client) => {
      const service =
        action === 'cancel'
          ? await client.services.cancel.mutate({ serviceId })
          : await client.services.resume.mutate({ serviceId })
      if (flags.json) return printJson(service)
      printTable(SERVICE_COLUMNS, [serviceSummary(service)])
    }
  }
}

function autoRenew(argv: string[]): Run {
  const { args, rest } = leading(argv, ['ID', 'on|off'])
  const serviceId = idArg(args[0]!, 'ID')
  if (args[1] !== 'on' && args[1] !== 'off')
    throw new UsageError(`auto-renew takes on or off (got "${args[1]}").`)
  const on = args[1] === 'on'
  const flags = parse({}, rest)
  return async (client) => {
    const service = await client.services.setAutoRenew.mutate({ serviceId, autoRenew: on })
    if (flags.json) return printJson(service)
    printTable(SERVICE_COLUMNS, [serviceSummary(service)])
  }
}

type RefundAnswer = {
  refund: { id: number; chargeId: number; amountCents: number; creditEntryId: number }
  balanceAfterCents: number
}

/** The admin refund over REST (POST …/charges/:chargeId/refunds): the amount goes as typed. */
function refund(argv: string[]): Run {
  const { args, rest } = leading(argv, ['SERVICE_ID', 'CHARGE_ID'])
  const serviceId = idArg(args[0]!, 'SERVICE_ID')
  const chargeId = idArg(args[1]!, 'CHARGE_ID')
  const flags = parse(
    {
      amount: { type: 'string' },
      reason: { type: 'string' },
      'idempotency-key': { type: 'string' },
    },
    rest,
  )
  const reason = requireFlag(flags.reason, 'reason')
  const amount = flags.amount?.trim()
  const idempotencyKey = flags['idempotency-key'] ?? `cli:${randomUUID()}`
  return async () => {
    const apiUrl = (process.env.API_URL ?? DEFAULT_API_URL).replace(/\/+$/, '')
    const response = await fetch(
      `${apiUrl}/api/admin/services/${serviceId}/charges/${chargeId}/refunds`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${process.env.API_TOKEN?.trim() ?? ''}`,
          'content-type': 'application/json',
          'idempotency-key': idempotencyKey,
        },
        body: JSON.stringify({ amount, reason }),
      },
    ).catch((error: unknown) => {
      throw new Error(
        `Cannot reach ${apiUrl}: ${error instanceof Error ? error.message : String(error)}`,
      )
    })
    const body = (await response.json().catch(() => null)) as
      | (RefundAnswer & { error?: { message?: string } })
      | null
    if (!response.ok || !body?.refund) {
      console.error(`Idempotency key: ${idempotencyKey}`)
      throw new Error(body?.error?.message ?? `${apiUrl} answered HTTP ${response.status}`)
    }
    if (flags.json) return printJson({ idempotencyKey, ...body })
    console.log(
      `Refunded ${formatCents(body.refund.amountCents)} of charge ${chargeId} (refund ${body.refund.id}, entry ${body.refund.creditEntryId}). Customer balance: ${formatCents(body.balanceAfterCents)}.`,
    )
    console.log(
      `Idempotency key: ${idempotencyKey} (repeat with --idempotency-key to retry safely)`,
    )
  }
}

/* Documents ---------------------------------------------------------------------------- */

const DOCUMENT_KINDS = ['receipt', 'invoice', 'credit_note'] as const

function listDocuments(argv: string[]): Run {
  const flags = parse(
    { kind: { type: 'string' }, limit: { type: 'string' }, cursor: { type: 'string' } },
    argv,
  )
  const kind = flags.kind as (typeof DOCUMENT_KINDS)[number] | undefined
  if (kind !== undefined && !DOCUMENT_KINDS.includes(kind))
    throw new UsageError(`--kind must be one of ${DOCUMENT_KINDS.join(', ')} (got "${kind}").`)
  const limit = positiveInteger(flags.limit, 'limit')
  const cursor = positiveInteger(flags.cursor, 'cursor')
  return async (client) => {
    const page = await client.documents.list.query({ kind, limit, cursor })
    if (flags.json) return printJson(page)
    printTable(
      [
        { header: 'ID', align: 'right' },
        { header: 'Number' },
        { header: 'Kind' },
        { header: 'Issued' },
        { header: 'Total', align: 'right' },
        { header: 'Summary' },
      ],
      page.items.map((d) => [
        String(d.id),
        d.number,
        d.kind,
        formatDate(d.issuedAt),
        d.currency === null
          ? formatCents(d.totalCents)
          : `${formatCents(d.totalCents)} ${d.currency}`,
        d.summary,
      ]),
    )
    if (page.nextCursor) console.log(`More: --cursor ${page.nextCursor}`)
  }
}

/** GET a PDF over REST with the token and write it to --out. */
function savePdf(path: string, out: string, json: boolean | undefined): Run {
  return async () => {
    const apiUrl = (process.env.API_URL ?? DEFAULT_API_URL).replace(/\/+$/, '')
    const response = await fetch(`${apiUrl}${path}`, {
      headers: { authorization: `Bearer ${process.env.API_TOKEN?.trim() ?? ''}` },
    }).catch((error: unknown) => {
      throw new Error(
        `Cannot reach ${apiUrl}: ${error instanceof Error ? error.message : String(error)}`,
      )
    })
    if (!response.ok || response.headers.get('content-type') !== 'application/pdf') {
      const body = (await response.json().catch(() => null)) as {
        error?: { message?: string }
      } | null
      throw new Error(body?.error?.message ?? `${apiUrl} answered HTTP ${response.status}`)
    }
    const bytes = Buffer.from(await response.arrayBuffer())
    await writeFile(out, bytes)
    if (json) return printJson({ file: out, bytes: bytes.byteLength })
    console.log(`Saved ${out} (${bytes.byteLength.toLocaleString('en-US')} bytes).`)
  }
}

function saveDocument(argv: string[]): Run {
  const { args, rest } = leading(argv, ['ID'])
  const documentId = idArg(args[0]!, 'ID')
  const flags = parse({ out: { type: 'string' } }, rest)
  return savePdf(`/api/documents/${documentId}.pdf`, requireFlag(flags.out, 'out'), flags.json)
}

function saveStatement(argv: string[]): Run {
  const { args, rest } = leading(argv, ['YYYY-MM'])
  const month = args[0]!
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month))
    throw new UsageError(`The month must be written YYYY-MM, e.g. 2026-11 (got "${month}").`)
  const flags = parse({ out: { type: 'string' } }, rest)
  return savePdf(`/api/statements/${month}.pdf`, requireFlag(flags.out, 'out'), flags.json)
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
  services: myServices,
  service: showService,
  order,
  'quote-change': planChange('quote'),
  change: planChange('change'),
  cancel: serviceAction('cancel'),
  resume: serviceAction('resume'),
  'auto-renew': autoRenew,
  refund,
  documents: listDocuments,
  document: saveDocument,
  statement: saveStatement,
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

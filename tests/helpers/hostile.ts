import { readdirSync } from 'node:fs'
import path from 'node:path'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { sql } from 'drizzle-orm'
import * as trpcRoute from '#app/routes/api.trpc.$.ts'
import { db } from '#db/client.ts'
import {
  apiTokens,
  creditTransactions,
  productPrices,
  products,
  services,
  tokenTransactions,
  topups,
  userCredits,
  users,
} from '#db/schema/index.ts'
import { appRouter } from '#server/trpc/root.ts'
import { BASE_URL } from './http.ts'

/**
 * Plumbing for the hostile-input, security and fault suites (tests/integration/hostile,
 * tests/integration/faults): the router's procedures, the REST route modules, raw calls
 * that never throw (a thrown non-Response is what Remix answers with a 500), and a
 * fingerprint of every row that holds money or rights.
 */

// ---------------------------------------------------------------- procedures

export type ProcedureType = 'query' | 'mutation' | 'subscription'
export type ProcedureInfo = { path: string; type: ProcedureType; hasInput: boolean }

/** Every tRPC procedure, from the router itself (new procedures are covered automatically). */
export function listProcedures(): ProcedureInfo[] {
  const procedures = appRouter._def.procedures as unknown as Record<
    string,
    { _def: { type: ProcedureType; inputs: unknown[] } }
  >
  return Object.entries(procedures)
    .map(([procedurePath, procedure]) => ({
      path: procedurePath,
      type: procedure._def.type,
      hasInput: procedure._def.inputs.length > 0,
    }))
    .sort((a, b) => a.path.localeCompare(b.path))
}

/** The zod (or other) input parsers of one procedure. */
export function procedureInputs(procedurePath: string): unknown[] {
  const procedures = appRouter._def.procedures as unknown as Record<
    string,
    { _def: { inputs: unknown[] } }
  >
  return procedures[procedurePath]?._def.inputs ?? []
}

/** Admin procedures live under an `admin` segment: `admin.*`, or a namespace's `services.admin.*`. */
export const isAdminProcedure = (procedurePath: string) =>
  procedurePath.split('.').includes('admin')

/**
 * The procedures anyone may call without signing in: the price lists, and the one-click
 * unsubscribe, which authenticates by its signed token instead (a bad token is a 403).
 */
export const PUBLIC_PROCEDURES: readonly string[] = [
  'dnsPlans.list',
  'services.catalog.list',
  'services.catalog.get',
  'account.mail.unsubscribeTarget',
  'account.mail.unsubscribe',
]

export type InputField = { path: string[]; isArray: boolean }

type SchemaNode = { _zod?: { def: Record<string, unknown> & { type: string } } }

/**
 * Every field (nested ones too) an input schema declares, read from the zod schema itself,
 * so fields added later, optional ones and nested filters are fuzzed without a list here.
 */
export function inputFields(schema: unknown, prefix: string[] = []): InputField[] {
  const def = (schema as SchemaNode)._zod?.def
  if (!def) return []
  switch (def.type) {
    case 'object':
      return Object.entries(def.shape as Record<string, unknown>).flatMap(([key, field]) => [
        { path: [...prefix, key], isArray: unwrapsTo(field, 'array') },
        ...inputFields(field, [...prefix, key]),
      ])
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'nonoptional':
    case 'readonly':
    case 'catch':
      return inputFields(def.innerType, prefix)
    case 'pipe':
      return dedupeFields([...inputFields(def.in, prefix), ...inputFields(def.out, prefix)])
    case 'union':
      return dedupeFields((def.options as unknown[]).flatMap((o) => inputFields(o, prefix)))
    default:
      return []
  }
}

function unwrapsTo(schema: unknown, type: string): boolean {
  const def = (schema as SchemaNode)._zod?.def
  if (!def) return false
  if (def.type === type) return true
  if (def.type === 'pipe') return unwrapsTo(def.in, type) || unwrapsTo(def.out, type)
  if (def.type === 'union') return (def.options as unknown[]).some((o) => unwrapsTo(o, type))
  return 'innerType' in def && unwrapsTo(def.innerType, type)
}

function dedupeFields(fields: InputField[]): InputField[] {
  const seen = new Map<string, InputField>()
  for (const field of fields) {
    const key = field.path.join('.')
    const known = seen.get(key)
    seen.set(key, { path: field.path, isArray: field.isArray || (known?.isArray ?? false) })
  }
  return [...seen.values()]
}

// ---------------------------------------------------------------- raw calls

export type RawResult = { status: number; text: string; headers: Headers; threw?: unknown }

type Handler = (args: LoaderFunctionArgs & ActionFunctionArgs) => unknown

/**
 * Calls a loader or action like the server would. A thrown Response is that response; any
 * other throw is what Remix turns into a 500, so it is reported as status 500 (with the error).
 */
export async function callRoute(
  handler: Handler,
  urlPath: string,
  init: RequestInit & { params?: Record<string, string>; cookie?: string } = {},
): Promise<RawResult> {
  let request: Request
  try {
    const headers = new Headers(init.headers)
    if (init.cookie) headers.set('Cookie', init.cookie)
    request = new Request(`${BASE_URL}${urlPath}`, { ...init, headers })
  } catch (error) {
    // A URL or header no HTTP server would have passed on: not the app's business.
    return { status: 400, text: String(error), headers: new Headers() }
  }
  let result: unknown
  try {
    result = await handler({
      request,
      params: init.params ?? {},
      context: { clientIp: '127.0.0.1' },
    })
  } catch (thrown) {
    if (thrown instanceof Response) result = thrown
    else return { status: 500, text: String(thrown), headers: new Headers(), threw: thrown }
  }
  if (result instanceof Response) {
    // Read the whole body, as a server would: a streamed body that fails counts too.
    try {
      return { status: result.status, text: await result.text(), headers: result.headers }
    } catch (error) {
      return { status: 500, text: String(error), headers: result.headers, threw: error }
    }
  }
  return { status: 200, text: JSON.stringify(result ?? null), headers: new Headers() }
}

/** A tRPC query with the raw `input` query-string value. */
export function rawTrpcQuery(
  procedurePath: string,
  rawInput: string | null,
  headers: Record<string, string> = {},
  cookie?: string,
) {
  const query = rawInput === null ? '' : `?input=${encodeURIComponent(rawInput)}`
  return callRoute(trpcRoute.loader, `/api/trpc/${procedurePath}${query}`, { headers, cookie })
}

/** A tRPC mutation whose body is the raw text given (superjson wire format or garbage). */
export function rawTrpcMutation(
  procedurePath: string,
  rawBody: string,
  headers: Record<string, string> = { 'Content-Type': 'application/json' },
  cookie?: string,
) {
  return callRoute(trpcRoute.action, `/api/trpc/${procedurePath}`, {
    method: 'POST',
    body: rawBody,
    headers,
    cookie,
  })
}

/** Calls a procedure the way the browser client does (GET for queries, POST for mutations). */
export function trpcCall(
  procedure: Pick<ProcedureInfo, 'path' | 'type'>,
  input: unknown,
  options: { cookie?: string; headers?: Record<string, string> } = {},
) {
  const wire = input === undefined ? null : JSON.stringify({ json: input })
  if (procedure.type === 'query')
    return rawTrpcQuery(procedure.path, wire, options.headers, options.cookie)
  return rawTrpcMutation(
    procedure.path,
    wire ?? '',
    { 'Content-Type': 'application/json', ...options.headers },
    options.cookie,
  )
}

/** The appCode of a tRPC error body (null when the body is not one). */
export function trpcAppCode(result: RawResult): string | null {
  try {
    const body = JSON.parse(result.text) as { error?: { json?: { data?: { appCode?: string } } } }
    return body.error?.json?.data?.appCode ?? null
  } catch {
    return null
  }
}

/** The code of a REST error body (null when the body is not one). */
export function restCode(result: RawResult): string | null {
  try {
    const body = JSON.parse(result.text) as { error?: { code?: string } }
    return body.error?.code ?? null
  } catch {
    return null
  }
}

// ---------------------------------------------------------------- REST routes

export type RouteModule = {
  file: string
  /** The URL path with params filled in from `params`. */
  urlFor: (params: Record<string, string>) => string
  paramNames: string[]
  loader?: Handler
  action?: Handler
  /** Set when the module could not be imported (the route's tests fail with it). */
  importError?: unknown
}

/** `api.admin.users.$userId.custom-credits.ts` → segments, `[.]` is a literal dot. */
function routeSegments(file: string): string[] {
  const base = file.replace(/\.(tsx?|jsx?)$/, '')
  const segments: string[] = []
  let current = ''
  for (let i = 0; i < base.length; i++) {
    if (base.startsWith('[.]', i)) {
      current += '.'
      i += 2
    } else if (base[i] === '.') {
      segments.push(current)
      current = ''
    } else current += base[i]
  }
  segments.push(current)
  return segments.filter((s) => !s.startsWith('_'))
}

/**
 * Every route module in app/routes whose file name matches `include`, imported for real.
 * Pathless layout segments (`_x`) are dropped; `$name` becomes a param.
 */
export async function loadRoutes(include: (file: string) => boolean): Promise<RouteModule[]> {
  const dir = path.resolve('app/routes')
  const files = readdirSync(dir).filter(include).sort()
  const modules: RouteModule[] = []
  for (const file of files) {
    let mod: { loader?: Handler; action?: Handler } = {}
    let importError: unknown
    try {
      mod = (await import(/* @vite-ignore */ path.join(dir, file))) as typeof mod
    } catch (error) {
      importError = error
    }
    const segments = routeSegments(file)
    // `$name` is a param; a lone `$` is the splat, which Remix names `*`.
    const paramOf = (segment: string) => (segment === '$' ? '*' : segment.slice(1))
    const paramNames = segments.filter((s) => s.startsWith('$')).map(paramOf)
    modules.push({
      file,
      paramNames,
      urlFor: (params) =>
        '/' +
        segments
          .map((s) => (s.startsWith('$') ? encodeURIComponent(params[paramOf(s)] ?? '') : s))
          .join('/'),
      loader: mod.loader,
      action: mod.action,
      importError,
    })
  }
  return modules
}

// ---------------------------------------------------------------- state fingerprint

export type StateFingerprint = Record<string, string>

/**
 * Counts and digests of every table that holds money or rights: a mutation that answered
 * with an error must leave all of them exactly as they were.
 */
export async function fingerprint(): Promise<StateFingerprint> {
  const [row] = await db.execute<Record<string, string>>(sql`
    select
      (select count(*) from ${creditTransactions})::text as credit_transactions,
      (select coalesce(sum(balance_cents), 0) from ${userCredits})::text as balance_sum,
      (select md5(coalesce(string_agg(user_id || ':' || balance_cents, ',' order by user_id), '')) from ${userCredits}) as balances,
      (select count(*) from ${topups})::text as topups,
      (select md5(coalesce(string_agg(id || ':' || status || ':' || refunded_cents || ':' || capture_attempt, ',' order by id), '')) from ${topups}) as topup_states,
      (select count(*) from ${services})::text as services,
      (select md5(coalesce(string_agg(id || ':' || status || ':' || auto_renew || ':' || current_period_end || ':' || product_id || ':' || coalesce(scheduled_product_id, 0), ',' order by id), '')) from ${services}) as subscription_states,
      (select count(*) from ${apiTokens})::text as api_tokens,
      (select count(*) from ${apiTokens} where revoked_at is null)::text as live_api_tokens,
      (select count(*) from ${users})::text as users,
      (select md5(coalesce(string_agg(id || ':' || role || ':' || is_active, ',' order by id), '')) from ${users}) as user_rights,
      (select count(*) from ${tokenTransactions})::text as token_transactions,
      (select md5(coalesce(string_agg(p.id || ':' || p.slug || ':' || p.name || ':' || p.visibility || ':' || p.display_order || ':' || p.limits::text || ':' || p.setup_fee_cents || ':' || coalesce((select string_agg(cycle || '=' || price_cents, ',' order by cycle) from ${productPrices} pp where pp.product_id = p.id), ''), ',' order by p.id), '')) from ${products} p) as products
  `)
  return row!
}

// ---------------------------------------------------------------- leaks

/** Text no error body may carry: stack frames, file paths, SQL. */
export function leaksInternals(text: string): boolean {
  return (
    /node_modules|\/work\/|\bat [\w.<>]+ \(|\.ts:\d+:\d+/.test(text) ||
    /\b(select|insert into|update) [\w".]+ (from|set|values)\b/i.test(text) ||
    /violates (check|unique|foreign key) constraint/i.test(text)
  )
}

// ---------------------------------------------------------------- valid inputs

export type InputFixtures = {
  /** The user admin procedures act on. */
  userId: number
  orderId: string
  topupId: number
  planId: number
  apiTokenId: number
  tokenTransactionId?: number
}

/**
 * A valid input for every procedure that takes one (procedures added later fall back to
 * `{}`): the fuzzer corrupts one field at a time; the security suite sends them whole, so
 * a check that failed to refuse would really change something.
 */
export function validInputs(f: InputFixtures): Record<string, Record<string, unknown>> {
  const reason = 'security and fuzz reason'
  return {
    'billing.notifications.markRead': { ids: [1, 2] },
    'billing.tokens.createOrder': { amount: '10.00' },
    'billing.tokens.captureOrder': { orderId: f.orderId },
    'billing.tokens.transactions': { limit: 10 },
    'customCredits.transactions': {
      limit: 10,
      type: ['admin_add'],
      from: '2020-01-01',
      to: '2030-01-01',
      minAmount: '1.00',
      search: 'fuzz',
    },
    'customCredits.createOrder': { amount: '10.00' },
    'customCredits.captureOrder': { orderId: f.orderId },
    'admin.dnsPlans.create': {
      slug: 'fuzz-plan',
      name: 'Fuzz Plan',
      price: '5.00',
      maxDomains: 1,
      maxRecords: 1,
    },
    'admin.dnsPlans.update': { planId: f.planId, price: '5.00' },
    'admin.dnsPlans.reorder': { planIds: [f.planId] },
    'admin.dnsPlans.delete': { planId: f.planId },
    'admin.dnsPlans.subscription': { userId: f.userId },
    'admin.dnsPlans.cancelSubscription': { userId: f.userId, reason },
    'admin.dnsPlans.extendSubscription': { userId: f.userId, reason, days: 1 },
    'admin.users.list': { search: 'fuzz', limit: 5 },
    'admin.users.get': { userId: f.userId },
    'admin.users.setRole': { userId: f.userId, role: 'admin', reason },
    'admin.users.setActive': { userId: f.userId, isActive: false, reason },
    'admin.auditLog.list': { targetUserId: f.userId, limit: 5 },
    'admin.customCredits.get': { userId: f.userId, history: { limit: 5 } },
    'admin.customCredits.add': { userId: f.userId, amount: '1.00', reason },
    'admin.customCredits.remove': { userId: f.userId, amount: '1.00', reason },
    'admin.customCredits.bulkAdjust': {
      csv: 'email,amount,reason\nnobody@example.test,1.00,fuzz reason',
      dryRun: true,
    },
    'admin.payments.list': { statuses: ['created'], limit: 5 },
    'admin.payments.retry': { topupId: f.topupId },
    'admin.virtfusion.get': { userId: f.userId },
    'admin.virtfusion.link': { userId: f.userId },
    'admin.virtfusion.addTokens': { userId: f.userId, tokens: 1, reason },
    'admin.virtfusion.cancelCredit': {
      userId: f.userId,
      tokenTransactionId: f.tokenTransactionId ?? 1,
      reason,
    },
    'admin.reports.get': { from: '2026-01-01', to: '2026-02-01' },
    'services.catalog.get': { productId: f.planId },
    'services.admin.catalog.get': { productId: f.planId },
    'services.admin.catalog.update': { productId: f.planId, name: 'Fuzz Product', reason },
    'services.admin.catalog.setVisibility': {
      productId: 2147483647,
      visibility: 'hidden',
      reason,
    },
    'services.admin.catalog.setPrice': {
      productId: 2147483647,
      cycle: 'monthly',
      price: '5.00',
      reason,
    },
    'services.admin.catalog.create': {
      family: 'dns',
      slug: 'fuzz-product',
      name: 'Fuzz Product',
      limits: { maxDomains: 1, maxRecords: 1 },
      prices: { monthly: '5.00' },
      reason,
    },
    'admin.provisioning.queue': { limit: 5 },
    'admin.provisioning.provision': {
      serviceId: 2147483647,
      hostname: 'srv1.example.test',
      ipAddress: '203.0.113.10',
      notes: 'fuzz',
      reason,
    },
    'admin.provisioning.events': { family: 'dedicated_server', state: 'pending', limit: 5 },
    'admin.provisioning.deliveries': { limit: 5 },
    'admin.provisioning.redeliver': { eventId: '3f1c2a4e-9b7d-4c1e-8f00-000000000000', reason },
    'services.order': { productId: f.planId, cycle: 'monthly', idempotencyKey: 'fuzz-key-0002' },
    'services.myServices': { family: 'dns' },
    'services.get': { serviceId: 2147483647 },
    'services.quoteChange': { serviceId: 2147483647, productId: f.planId, cycle: 'monthly' },
    'services.change': { serviceId: 2147483647, productId: f.planId, cycle: 'monthly' },
    'services.cancel': { serviceId: 2147483647 },
    'services.resume': { serviceId: 2147483647 },
    'services.setAutoRenew': { serviceId: 2147483647, autoRenew: false },
    'services.admin.list': {
      family: 'dedicated_server',
      status: 'active',
      dueBefore: '2030-01-01T00:00:00Z',
      userId: f.userId,
      limit: 5,
    },
    'services.admin.get': { serviceId: 2147483647 },
    'services.admin.suspend': { serviceId: 2147483647, reason },
    'services.admin.unsuspend': { serviceId: 2147483647, reason },
    'services.admin.terminate': { serviceId: 2147483647, reason },
    'services.admin.extend': { serviceId: 2147483647, days: 3, reason },
    'services.admin.changePrice': { serviceId: 2147483647, price: '12.00', reason },
    'services.admin.refundCharge': {
      serviceId: 2147483647,
      chargeId: 2147483647,
      amountCents: 100,
      reason,
      idempotencyKey: 'fuzz-key-0003',
    },
    'services.charges': { serviceId: 2147483647 },
    'admin.mail.list': { status: 'failed', limit: 10 },
    'admin.mail.get': { id: 2147483647 },
    'admin.mail.retry': { id: 2147483647 },
    'admin.settings.update': {
      companyName: 'Acme Hosting',
      lowBalanceDefault: '5.00',
      reason: 'Rebrand to Acme',
    },
    'account.mail.updatePreferences': { enabled: ['low_balance'], lowBalanceThreshold: '10.00' },
    'account.mail.unsubscribeTarget': { token: 'not-a-signed-token' },
    'account.mail.unsubscribe': { token: 'not-a-signed-token' },
    'documents.list': { kind: 'receipt', limit: 10 },
    'documents.get': { documentId: 1 },
    'documents.links': { creditEntryIds: [1], tokenTransactionIds: [1], serviceChargeIds: [1] },
    'documents.statement': { month: '2026-01' },
    'documents.admin.list': { userId: f.userId, kind: 'invoice', limit: 10 },
    'documents.admin.get': { documentId: 1 },
    'documents.admin.links': { userId: f.userId, creditEntryIds: [1] },
    'documents.admin.statement': { userId: f.userId, month: '2026-01' },
    'dnsPlans.purchase': { planId: f.planId, idempotencyKey: 'fuzz-key-0001' },
    'dnsPlans.previewChange': { planId: f.planId },
    'dnsPlans.change': { planId: f.planId },
    'account.apiTokens.create': { name: 'fuzz', scope: 'read' },
    'account.apiTokens.revoke': { tokenId: f.apiTokenId },
  }
}

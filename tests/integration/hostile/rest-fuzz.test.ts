import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '#db/client.ts'
import { adjustCreditsByAdmin } from '#server/services/credits/adjust-credits-by-admin.ts'
import { verifyLedger } from '#server/services/credits/verify-ledger.ts'
import {
  callRoute,
  fingerprint,
  leaksInternals,
  loadRoutes,
  type RawResult,
  type RouteModule,
  type StateFingerprint,
} from '#tests/helpers/hostile.ts'
import {
  EDGE_STRING_EXAMPLES,
  edgeString,
  HOSTILE_RUNS,
  HOSTILE_SEED,
  hostileBody,
  hostileString,
  hostileText,
  MEGABYTE,
  restBodyWithField,
} from '#tests/helpers/hostile-inputs.ts'
import { clearRateLimits, resetPaymentFakes, resetVirtFusionFake } from '#tests/helpers/payments.ts'
import { createTestUser, type TestUser } from '#tests/helpers/users.ts'
import { paypalFake } from '#tests/mocks/paypal.ts'

/**
 * Every route module in app/routes (REST resource routes, /api/trpc, health and metrics,
 * login/register/logout, and the page loaders), found on disk so new routes are covered:
 * GET with hostile params and query strings; POST/PUT/PATCH/DELETE with random bodies,
 * invalid JSON, 1 MB bodies and wrong content types. Never a 500 (a thrown error that is
 * not a Response is what Remix answers with 500), never internal text, and a request that
 * failed changed no money or rights.
 */

fc.configureGlobal({ seed: HOSTILE_SEED, numRuns: HOSTILE_RUNS })

const routes = await loadRoutes((file) => /\.(ts|tsx)$/.test(file) && !file.endsWith('.test.ts'))
const withLoader = routes.filter((r) => r.loader || r.importError)
const withAction = routes.filter((r) => r.action || r.importError)

let admin: TestUser
let leaver: TestUser
let victim: TestUser
let baseline: StateFingerprint

beforeAll(async () => {
  resetVirtFusionFake()
  resetPaymentFakes()
  await clearRateLimits()
  admin = await createTestUser({ role: 'admin', name: 'REST Fuzz Admin' })
  // Logout is fuzzed with its own session, so the admin stays signed in.
  leaver = await createTestUser({ name: 'Leaver' })
  victim = await createTestUser({ name: 'REST Victim' })
  await adjustCreditsByAdmin(db, {
    userId: victim.id,
    amount: 2500,
    reason: 'rest fuzz opening balance',
    direction: 'add',
    admin,
  })
  baseline = await fingerprint()
})

afterAll(async () => {
  expect((await verifyLedger(db)).problems).toEqual([])
})

const cookieFor = (route: RouteModule) => (route.file.startsWith('logout') ? leaver : admin).cookie

const QUERY_KEYS = [
  'limit',
  'cursor',
  'page',
  'type',
  'from',
  'to',
  'minAmount',
  'maxAmount',
  'search',
  'q',
  'status',
  'tab',
  'amount',
  'redirectTo',
  'input',
  'batch',
  'table',
  'userId',
]

const paramValue = fc.oneof(
  hostileString,
  fc.constantFrom('1', '0', '-1', '2147483647', '2147483648', '99999999999999999999', 'NaN'),
  fc.constant('__victim__'),
)

function paramsArb(route: RouteModule) {
  return fc.record(Object.fromEntries(route.paramNames.map((name) => [name, paramValue])))
}

const queryString = fc.oneof(
  fc
    .array(fc.tuple(fc.oneof(fc.constantFrom(...QUERY_KEYS), hostileString), hostileString), {
      maxLength: 6,
    })
    .map((pairs) =>
      pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'),
    ),
  fc.constantFrom('%', '%E0%A4%A', '&&==&', 'a[]=1&a[b]=2', 'limit=1&limit=2&limit=3', '=', '?'),
)

function fill(params: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(params).map(([k, v]) => [k, v === '__victim__' ? String(victim.id) : v]),
  )
}

/** The header sets a caller may send: the admin cookie, or a broken/odd Authorization. */
const authVariant = fc.constantFrom<'cookie' | 'none' | 'garbage-bearer' | 'basic'>(
  'cookie',
  'cookie',
  'cookie',
  'none',
  'garbage-bearer',
  'basic',
)

function headersFor(variant: string, extra: Record<string, string> = {}) {
  const headers: Record<string, string> = { ...extra }
  if (variant === 'garbage-bearer') headers.Authorization = 'Bearer spk_not-a-token'
  if (variant === 'basic') headers.Authorization = 'Basic YWRtaW46YWRtaW4='
  return headers
}

/** < 500 and no internal text; false when the answer is /readyz's designed 503. */
function checkAnswer(label: string, result: RawResult): boolean {
  // /readyz answers 503 by design while a dependency is not ready (here: no job queue).
  if (label.includes('/readyz') && result.status === 503) {
    expect(JSON.parse(result.text)).toMatchObject({ ready: false })
    return false
  }
  expect(
    result.status,
    `${label}\n→ ${result.status} ${result.text.slice(0, 600)}${result.threw instanceof Error ? `\n${result.threw.stack}` : ''}`,
  ).toBeLessThan(500)
  expect(leaksInternals(result.text), `${label}\n→ ${result.text.slice(0, 600)}`).toBe(false)
  return true
}

async function check(label: string, result: RawResult): Promise<void> {
  if (!checkAnswer(label, result)) return
  const after = await fingerprint()
  if (result.status < 400) {
    baseline = after
    return
  }
  expect(after, `${label}\n→ ${result.status}: state changed although it failed`).toEqual(baseline)
}

describe('REST routes under hostile input', () => {
  it('found the route modules (and every one imports)', () => {
    expect(routes.length).toBeGreaterThan(20)
    expect(routes.filter((r) => r.importError).map((r) => [r.file, String(r.importError)])).toEqual(
      [],
    )
  })

  it.each(withLoader.map((r) => [r.file, r] as const))(
    'GET %s with hostile params and query strings → < 500',
    async (_file, route) => {
      expect(route.importError).toBeUndefined()
      await clearRateLimits()
      await fc.assert(
        fc.asyncProperty(
          paramsArb(route),
          queryString,
          authVariant,
          async (params, query, auth) => {
            const filled = fill(params)
            const url = `${route.urlFor(filled)}?${query}`
            const result = await callRoute(route.loader!, url, {
              params: filled,
              headers: headersFor(auth),
              cookie: auth === 'cookie' ? cookieFor(route) : undefined,
            })
            await check(`GET ${url} (${auth})`, result)
          },
        ),
      )
    },
  )

  const CONTENT_TYPES = [
    'application/json',
    'application/json',
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=----fuzz',
    'multipart/form-data',
    'application/octet-stream',
    'application/json; charset=latin1',
    null,
  ] as const

  const REST_TEMPLATE = {
    amount: '1.00',
    reason: 'fuzz reason',
    orderId: 'ORDER-1',
    planId: 1,
    quote: 'q',
    on: true,
    idempotencyKey: 'fuzz-key-0001',
    email: 'x@example.test',
    password: 'fuzz-password-123',
    name: 'Fuzz',
  }

  const actionBody = fc.oneof(
    hostileBody,
    fc
      .tuple(fc.constantFrom(...Object.keys(REST_TEMPLATE), 'userId', '__proto__'), hostileText)
      .map(([field, value]) => restBodyWithField(REST_TEMPLATE, field, value)),
    fc
      .array(
        fc.tuple(
          fc.oneof(
            fc.constantFrom('email', 'password', 'name', 'redirectTo', 'role'),
            hostileString,
          ),
          hostileString,
        ),
        { maxLength: 5 },
      )
      .map((pairs) => new URLSearchParams(pairs).toString()),
  )

  it.each(withAction.map((r) => [r.file, r] as const))(
    'POST/PUT/PATCH/DELETE %s with random bodies and content types → < 500',
    async (_file, route) => {
      expect(route.importError).toBeUndefined()
      await clearRateLimits()
      await fc.assert(
        fc.asyncProperty(
          paramsArb(route),
          fc.constantFrom('POST', 'POST', 'PUT', 'PATCH', 'DELETE'),
          fc.constantFrom(...CONTENT_TYPES),
          actionBody,
          authVariant,
          fc.boolean(),
          async (params, method, contentType, body, auth, signed) => {
            const filled = fill(params)
            const url = route.urlFor(filled)
            const extra: Record<string, string> = contentType ? { 'Content-Type': contentType } : {}
            // The webhook sometimes gets headers the fake PayPal verifies as genuine.
            if (route.file.includes('webhook') && signed)
              Object.assign(extra, paypalFake.webhookHeaders(true))
            const result = await callRoute(route.action!, url, {
              method,
              body,
              params: filled,
              headers: headersFor(auth, extra),
              cookie: auth === 'cookie' ? cookieFor(route) : undefined,
            })
            await check(
              `${method} ${url} [${contentType ?? 'no content type'}] (${auth}) ${body.slice(0, 200)}`,
              result,
            )
          },
        ),
      )
    },
  )

  it.each(withAction.map((r) => [r.file, r] as const))(
    '%s: invalid JSON, 1 MB bodies (JSON, form, text) and a body with no content type → < 500',
    async (_file, route) => {
      expect(route.importError).toBeUndefined()
      await clearRateLimits()
      const params = Object.fromEntries(route.paramNames.map((n) => [n, String(victim.id)]))
      const url = route.urlFor(params)
      const big = 'a'.repeat(MEGABYTE)
      const cases: [string, string, string | null][] = [
        ['invalid JSON', '{"amount": "1.00",', 'application/json'],
        ['1 MB JSON string', JSON.stringify({ amount: '1.00', reason: big }), 'application/json'],
        ['1 MB JSON array', `[${'0,'.repeat(MEGABYTE / 2)}0]`, 'application/json'],
        ['1 MB form', `email=${big}&password=${big}&name=x`, 'application/x-www-form-urlencoded'],
        ['1 MB text', big, 'text/plain'],
        ['JSON with no content type', '{"amount":"1.00","reason":"fuzz reason"}', null],
        ['64 KiB + 1', `"${'b'.repeat(64 * 1024 - 1)}"`, 'application/json'],
        [
          'garbage multipart',
          '------fuzz\r\nContent-Disposition: form-data\r\n\r\n',
          'multipart/form-data; boundary=----fuzz',
        ],
      ]
      for (const [label, body, contentType] of cases) {
        const result = await callRoute(route.action!, url, {
          method: 'POST',
          body,
          params,
          headers: contentType ? { 'Content-Type': contentType } : {},
          cookie: cookieFor(route),
        })
        await check(`POST ${url} ${label}`, result)
      }
    },
  )
})

describe('REST routes and pages at the edges of what PostgreSQL stores', () => {
  type EdgeClass = keyof typeof EDGE_STRING_EXAMPLES
  type Edge = { where: 'query' | 'param'; key: string; edgeClass: EdgeClass; value: string }

  /** Which values each query key gets: ids, dates, or text with control characters. */
  const QUERY_KEYS_BY_CLASS: Record<EdgeClass, string[]> = {
    ids: ['cursor', 'page', 'limit'],
    dates: ['from', 'to'],
    texts: ['search', 'q', 'type', 'status', 'tab', 'amount'],
  }
  const CLASSES = Object.keys(QUERY_KEYS_BY_CLASS) as EdgeClass[]

  function edgeSlots(route: RouteModule): Omit<Edge, 'value'>[] {
    return [
      ...CLASSES.flatMap((edgeClass) =>
        QUERY_KEYS_BY_CLASS[edgeClass].map((key) => ({ where: 'query' as const, key, edgeClass })),
      ),
      ...route.paramNames.flatMap((key) =>
        (['ids', 'texts'] as const).map((edgeClass) => ({
          where: 'param' as const,
          key,
          edgeClass,
        })),
      ),
    ]
  }

  function requestFor(route: RouteModule, edge: Edge) {
    const params = Object.fromEntries(route.paramNames.map((n) => [n, String(victim.id)]))
    if (edge.where === 'param') params[edge.key] = edge.value
    const query =
      edge.where === 'query' ? `?${new URLSearchParams({ [edge.key]: edge.value }).toString()}` : ''
    return { url: `${route.urlFor(params)}${query}`, params }
  }

  it.each(withLoader.map((r) => [r.file, r] as const))(
    'GET %s: ids ≥ 2^31−1 and ≥ 2^53, impossible dates and control characters in every query key and param → < 500',
    async (_file, route) => {
      await clearRateLimits()
      const slots = edgeSlots(route)
      const examples = slots.flatMap((slot) =>
        EDGE_STRING_EXAMPLES[slot.edgeClass].map((value) => [{ ...slot, value }] as [Edge]),
      )
      const edge = fc
        .constantFrom(...slots)
        .chain((slot) => edgeString[slot.edgeClass].map((value): Edge => ({ ...slot, value })))
      await fc.assert(
        fc.asyncProperty(edge, async (edgeCase) => {
          const { url, params } = requestFor(route, edgeCase)
          const result = await callRoute(route.loader!, url, { params, cookie: cookieFor(route) })
          checkAnswer(`GET ${url}`, result)
        }),
        { examples, numRuns: examples.length + HOSTILE_RUNS },
      )
      // A GET changes nothing, whatever it was sent (one look at the end keeps this fast).
      expect(await fingerprint()).toEqual(baseline)
    },
  )

  /** JSON fields by class, and the form fields of the login and register pages. */
  const BODY_FIELDS_BY_CLASS: Partial<Record<EdgeClass, string[]>> = {
    ids: ['planId', 'userId'],
    texts: ['reason', 'name', 'email', 'password', 'orderId', 'quote', 'idempotencyKey'],
  }
  const REST_TEMPLATE_FOR_EDGES = {
    amount: '1.00',
    reason: 'fuzz reason',
    orderId: 'ORDER-1',
    planId: 1,
    idempotencyKey: 'fuzz-key-0001',
  }
  const FORM_FIELDS = ['email', 'password', 'name', 'reason']
  const FORM_TEMPLATE = {
    email: 'x@example.test',
    password: 'fuzz-password-123',
    name: 'Fuzz',
    reason: 'fuzz reason',
  }

  type BodyEdge = {
    kind: 'json' | 'form'
    field: string
    edgeClass: EdgeClass
    value: string
    /** An id sent as a JSON string rather than a number. */
    quoted?: boolean
  }

  function bodyOf(edge: BodyEdge): { body: string; contentType: string } {
    if (edge.kind === 'form')
      return {
        body: new URLSearchParams({ ...FORM_TEMPLATE, [edge.field]: edge.value }).toString(),
        contentType: 'application/x-www-form-urlencoded',
      }
    // Ids go as JSON numbers (as written) or strings; text as JSON strings.
    const asNumber = edge.edgeClass === 'ids' && !edge.quoted
    return {
      body: restBodyWithField(REST_TEMPLATE_FOR_EDGES, edge.field, {
        text: asNumber ? edge.value : JSON.stringify(edge.value),
      }),
      contentType: 'application/json',
    }
  }

  it.each(withAction.map((r) => [r.file, r] as const))(
    'POST %s: ids ≥ 2^31−1 and ≥ 2^53 and control characters in every JSON and form field → < 500',
    async (_file, route) => {
      await clearRateLimits()
      const slots: Omit<BodyEdge, 'value'>[] = [
        ...(Object.entries(BODY_FIELDS_BY_CLASS) as [EdgeClass, string[]][]).flatMap(
          ([edgeClass, fields]) =>
            fields.map((field) => ({ kind: 'json' as const, field, edgeClass })),
        ),
        ...FORM_FIELDS.map((field) => ({
          kind: 'form' as const,
          field,
          edgeClass: 'texts' as const,
        })),
      ]
      const examples = slots.flatMap((slot) =>
        EDGE_STRING_EXAMPLES[slot.edgeClass].flatMap((value) =>
          [false, ...(slot.edgeClass === 'ids' ? [true] : [])].map(
            (quoted) => [{ ...slot, value, quoted }] as [BodyEdge],
          ),
        ),
      )
      const edge = fc
        .tuple(fc.constantFrom(...slots), fc.boolean())
        .chain(([slot, quoted]) =>
          edgeString[slot.edgeClass].map((value): BodyEdge => ({ ...slot, value, quoted })),
        )
      const params = Object.fromEntries(route.paramNames.map((n) => [n, String(victim.id)]))
      const url = route.urlFor(params)
      await fc.assert(
        fc.asyncProperty(edge, async (edgeCase) => {
          const { body, contentType } = bodyOf(edgeCase)
          const result = await callRoute(route.action!, url, {
            method: 'POST',
            body,
            params,
            headers: { 'Content-Type': contentType },
            cookie: cookieFor(route),
          })
          await check(`POST ${url} [${contentType}] ${body.slice(0, 200)}`, result)
        }),
        { examples, numRuns: examples.length + HOSTILE_RUNS },
      )
    },
  )
})

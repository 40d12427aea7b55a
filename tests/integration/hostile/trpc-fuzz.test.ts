import { and, asc, eq, isNull } from 'drizzle-orm'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '#db/client.ts'
import { notifications } from '#db/schema/index.ts'
import { createApiToken } from '#server/services/api-tokens/api-tokens.ts'
import { adjustCreditsByAdmin } from '#server/services/credits/adjust-credits-by-admin.ts'
import { verifyLedger } from '#server/services/credits/verify-ledger.ts'
import { notify } from '#server/services/notifications/notify.ts'
import { planId } from '#tests/helpers/dns.ts'
import {
  fingerprint,
  inputFields,
  leaksInternals,
  listProcedures,
  procedureInputs,
  rawTrpcMutation,
  rawTrpcQuery,
  validInputs,
  type InputField,
  type ProcedureInfo,
  type RawResult,
  type StateFingerprint,
} from '#tests/helpers/hostile.ts'
import {
  anythingSerializable,
  bodyWithField,
  bodyWithPath,
  bodyWithRoot,
  EDGE_WIRE_EXAMPLES,
  edgeWireValue,
  HOSTILE_RUNS,
  HOSTILE_SEED,
  hostileBody,
  hostileText,
  MEGABYTE,
  serialize,
  type WireValue,
} from '#tests/helpers/hostile-inputs.ts'
import {
  approvedOrder,
  clearRateLimits,
  resetPaymentFakes,
  resetVirtFusionFake,
} from '#tests/helpers/payments.ts'
import { createTestUser, type TestUser } from '#tests/helpers/users.ts'

/**
 * Every tRPC procedure (enumerated from the router, so new ones are covered), called as an
 * admin over the real HTTP handler with hostile wire input: random JSON and superjson
 * values, one field of a valid-shaped input corrupted, numbers at the edges as the text
 * an attacker writes, NaN/Infinity/BigInt/invalid Dates/unknown classes through superjson
 * annotations, deep nesting, raw garbage. The answer is always < 500, never carries
 * internal text, and a mutation that answered with an error changed nothing.
 *
 * Replay a failure with HOSTILE_SEED=<seed printed by fast-check>; HOSTILE_RUNS sets runs.
 */

fc.configureGlobal({ seed: HOSTILE_SEED, numRuns: HOSTILE_RUNS })

const procedures = listProcedures()

let admin: TestUser
let victim: TestUser
let templates: Record<string, Record<string, unknown>>
let baseline: StateFingerprint

beforeAll(async () => {
  resetVirtFusionFake()
  resetPaymentFakes()
  await clearRateLimits()
  admin = await createTestUser({ role: 'admin', name: 'Fuzz Admin' })
  victim = await createTestUser({ name: 'Fuzz Victim' })
  await adjustCreditsByAdmin(db, {
    userId: victim.id,
    amount: 5000,
    reason: 'fuzz opening balance',
    direction: 'add',
    admin,
  })
  const { orderId, topupId } = await approvedOrder(victim.id, 'custom_credits', 1500)
  const basic = await planId('basic')
  const { view: token } = await createApiToken(db, { user: admin, name: 'fuzz', scope: 'read' })
  // Valid-shaped inputs: the fuzzer corrupts one field at a time, so the rest passes
  // validation and the hostile value reaches as deep as it can.
  templates = validInputs({
    userId: victim.id,
    orderId,
    topupId,
    planId: basic,
    apiTokenId: token.id,
  })
  // Keep the fuzzer's "valid" calls harmless to its own admin and the default plans.
  templates['admin.users.setRole'] = { userId: victim.id, role: 'user', reason: 'fuzz baseline' }
  templates['admin.users.setActive'] = {
    userId: victim.id,
    isActive: true,
    reason: 'fuzz baseline',
  }
  templates['admin.dnsPlans.delete'] = { planId: 2147483647 }
  baseline = await fingerprint()
})

afterAll(async () => {
  // Nothing the fuzzer sent broke the ledger, and no body polluted Object.prototype.
  expect((await verifyLedger(db)).problems).toEqual([])
  const probe = {} as Record<string, unknown>
  expect([probe.polluted, probe.role, probe.isAdmin]).toEqual([undefined, undefined, undefined])
})

function inputFieldsOf(procedurePath: string): InputField[] {
  const fields = procedureInputs(procedurePath).flatMap((schema) => inputFields(schema))
  return [...new Map(fields.map((field) => [field.path.join('.'), field])).values()]
}

function call(procedure: ProcedureInfo, wire: string): Promise<RawResult> {
  return procedure.type === 'query'
    ? rawTrpcQuery(procedure.path, wire, {}, admin.cookie)
    : rawTrpcMutation(procedure.path, wire, { 'Content-Type': 'application/json' }, admin.cookie)
}

/** < 500, no internal text; a mutation that failed left every money/rights row as it was. */
async function check(procedure: ProcedureInfo, wire: string, result: RawResult): Promise<void> {
  const shown = `${procedure.path} ← ${wire.slice(0, 300)}${wire.length > 300 ? '…' : ''}`
  expect(result.status, `${shown}\n→ ${result.status} ${result.text.slice(0, 600)}`).toBeLessThan(
    500,
  )
  expect(leaksInternals(result.text), `${shown}\n→ ${result.text.slice(0, 600)}`).toBe(false)
  if (procedure.type !== 'mutation') return
  const after = await fingerprint()
  if (result.status >= 200 && result.status < 300) {
    // A valid input may legitimately change state; it becomes the new baseline.
    baseline = after
    return
  }
  expect(after, `${shown}\n→ ${result.status}: changed state although it failed`).toEqual(baseline)
}

function wireInputs(procedure: ProcedureInfo): fc.Arbitrary<string> {
  const whole = [
    { weight: 1, arbitrary: anythingSerializable.map(serialize) },
    { weight: 1, arbitrary: hostileText.map(bodyWithRoot) },
    { weight: 1, arbitrary: hostileBody },
  ]
  const template = templates[procedure.path]
  if (!template) return fc.oneof(...whole)
  // One field replaced (or added: userId smuggling, __proto__), the rest valid.
  const field = fc.constantFrom(...Object.keys(template), 'userId', '__proto__', 'id')
  const corrupted = fc
    .tuple(field, hostileText)
    .map(([name, value]) => bodyWithField(template, name, value))
  const corruptedAnything = fc
    .tuple(field, anythingSerializable)
    .map(([name, value]) => serialize({ ...template, [name]: value }))
  return fc.oneof(
    { weight: 4, arbitrary: corrupted },
    { weight: 2, arbitrary: corruptedAnything },
    ...whole,
  )
}

describe('tRPC procedures under hostile input (as an admin)', () => {
  it('the router has procedures to fuzz, and every one has a test below', () => {
    expect(procedures.length).toBeGreaterThan(30)
    expect(procedures.every((p) => p.type === 'query' || p.type === 'mutation')).toBe(true)
  })

  it.each(procedures.map((p) => [p.path, p] as const))(
    '%s: random and corrupted inputs → < 500, and no change unless 2xx',
    async (_path, procedure) => {
      await clearRateLimits()
      await fc.assert(
        fc.asyncProperty(wireInputs(procedure), async (wire) => {
          await check(procedure, wire, await call(procedure, wire))
        }),
      )
    },
  )

  it.each(procedures.map((p, index) => [p.path, p, index] as const))(
    '%s: a ~1 MB string and one huge shape (deep nesting, 1 MB unicode, long meta path) → < 500',
    async (_path, procedure, index) => {
      const huge = JSON.stringify('a'.repeat(MEGABYTE))
      const deep = 100_000
      const template = templates[procedure.path]
      const fields = Object.keys(template ?? {})
      // Each procedure gets a 1 MB string (at the root or in one of its fields, in turn)
      // and one of the other huge shapes, in turn: every shape hits many procedures.
      const bodies = [
        template && index % 2 === 0
          ? bodyWithField(template, fields[index % fields.length]!, { text: huge })
          : bodyWithRoot({ text: huge }),
      ]
      const shapes = [
        () => bodyWithRoot({ text: '['.repeat(deep) + ']'.repeat(deep) }),
        () => bodyWithRoot({ text: '{"a":'.repeat(deep) + '1' + '}'.repeat(deep) }),
        () => bodyWithRoot({ text: JSON.stringify('é\u0000🙂'.repeat(MEGABYTE / 8)) }),
        () => `{"json":{},"meta":{"values":{"${'a.'.repeat(20_000)}a":["number"]}}}`,
        () =>
          template
            ? bodyWithField(template, fields[0]!, { text: '['.repeat(deep) + ']'.repeat(deep) })
            : bodyWithRoot({ text: '[' + '0,'.repeat(200_000) + '0]' }),
      ]
      bodies.push(shapes[index % shapes.length]!())
      for (const wire of bodies) await check(procedure, wire, await call(procedure, wire))
    },
  )
})

describe('tRPC inputs at the edges of what PostgreSQL stores (as an admin)', () => {
  const withInput = procedures.filter((p) => p.hasInput)

  it('finds the fields of every input, nested ones too', () => {
    const fieldsOf = (path: string) => inputFieldsOf(path).map((f) => f.path.join('.'))
    expect(fieldsOf('billing.notifications.markRead')).toEqual(['ids'])
    expect(fieldsOf('admin.customCredits.get')).toEqual(
      expect.arrayContaining(['userId', 'history.cursor', 'history.from', 'history.search']),
    )
  })

  it.each(withInput.map((p) => [p.path, p] as const))(
    '%s: every field given ids ≥ 2^31−1 and ≥ 2^53, dates PostgreSQL cannot store or that do not exist, text with NUL and control characters → < 500',
    async (_path, procedure) => {
      await clearRateLimits()
      const fields = inputFieldsOf(procedure.path)
      expect(fields.length).toBeGreaterThan(0)
      const template = templates[procedure.path] ?? {}
      // Every field meets every example value, then random ones (examples count as runs).
      const examples = fields.flatMap((field) =>
        EDGE_WIRE_EXAMPLES.map((value) => [[field, value]] as [[InputField, WireValue]]),
      )
      await fc.assert(
        fc.asyncProperty(
          fc.tuple(fc.constantFrom(...fields), edgeWireValue),
          async ([field, value]) => {
            const wire = bodyWithPath(template, field.path, value, field.isArray)
            await check(procedure, wire, await call(procedure, wire))
          },
        ),
        { examples, numRuns: examples.length + HOSTILE_RUNS },
      )
    },
  )
})

describe('the tRPC endpoint itself', () => {
  it('a query sent as POST and a mutation sent as GET: 4xx, nothing changed', async () => {
    for (const procedure of procedures) {
      const wrongWay: ProcedureInfo = {
        ...procedure,
        type: procedure.type === 'query' ? 'mutation' : 'query',
      }
      const wire = serialize(templates[procedure.path] ?? {})
      const result = await call(wrongWay, wire)
      expect(
        result.status,
        `${procedure.path}: ${result.text.slice(0, 300)}`,
      ).toBeGreaterThanOrEqual(400)
      await check({ ...procedure, type: 'mutation' }, wire, result)
    }
  })

  it('unknown paths, batches of random paths and inputs, and hostile query strings: < 500', async () => {
    const paths = [
      ...procedures.map((p) => p.path),
      'nope',
      'admin',
      'admin.users',
      '__proto__',
      '',
    ]
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(fc.constantFrom(...paths), fc.string({ maxLength: 20 })), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.oneof(hostileBody, anythingSerializable.map(serialize)),
        fc.boolean(),
        async (batchPaths, body, asMutation) => {
          const joined = batchPaths.map(encodeURIComponent).join(',')
          const input = `{"0":${body || 'null'},"1":{"json":{}}}`
          const result = asMutation
            ? await rawTrpcMutation(`${joined}?batch=1`, input, {}, admin.cookie)
            : await rawTrpcQuery(`${joined}?batch=1&x=1`, input, {}, admin.cookie)
          expect(
            result.status,
            `${joined} ${input.slice(0, 200)} → ${result.text.slice(0, 400)}`,
          ).toBeLessThan(500)
          expect(leaksInternals(result.text)).toBe(false)
        },
      ),
      { numRuns: HOSTILE_RUNS * 3 },
    )
    expect(await fingerprint()).toEqual(baseline)
  })

  it('wrong content types and undecodable bytes on a mutation: < 500, nothing changed', async () => {
    const procedure = procedures.find((p) => p.path === 'admin.customCredits.add')!
    const body = serialize(templates[procedure.path])
    for (const contentType of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'multipart/form-data',
      'application/octet-stream',
      'application/json; charset=utf-16',
      'application/xml',
    ]) {
      const altered = contentType.startsWith('multipart') ? '--x\r\ngarbage' : `${body}\u0000`
      const result = await rawTrpcMutation(
        procedure.path,
        altered,
        { 'Content-Type': contentType },
        admin.cookie,
      )
      await check(procedure, altered, result)
    }
    const bytes = new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d])
    const { callRoute } = await import('#tests/helpers/hostile.ts')
    const trpcRoute = await import('#app/routes/api.trpc.$.ts')
    const result = await callRoute(trpcRoute.action, `/api/trpc/${procedure.path}`, {
      method: 'POST',
      body: bytes,
      headers: { 'Content-Type': 'application/json' },
      cookie: admin.cookie,
    })
    await check(procedure, '<invalid UTF-8>', result)
  })
})

describe('what the fuzzer found, as plain examples', () => {
  it('billing.notifications.markRead with one id and with two ids marks exactly those (own) notifications', async () => {
    const reader = await createTestUser({ name: 'Reader' })
    for (const title of ['one', 'two', 'three', 'four'])
      await notify(db, { userId: reader.id, kind: 'test', title, body: title })
    const mine = await db
      .select({ id: notifications.id })
      .from(notifications)
      .where(eq(notifications.userId, reader.id))
      .orderBy(asc(notifications.id))
    const ids = mine.map((n) => n.id)
    const unread = async () =>
      (
        await db
          .select({ id: notifications.id })
          .from(notifications)
          .where(and(eq(notifications.userId, reader.id), isNull(notifications.readAt)))
          .orderBy(asc(notifications.id))
      ).map((n) => n.id)

    const one = await rawTrpcMutation(
      'billing.notifications.markRead',
      JSON.stringify({ json: { ids: [ids[0]] } }),
      { 'Content-Type': 'application/json' },
      reader.cookie,
    )
    expect(one.status, one.text).toBe(200)
    expect(await unread()).toEqual(ids.slice(1))

    // The notification menu marks everything it shows: several ids in one call.
    const two = await rawTrpcMutation(
      'billing.notifications.markRead',
      JSON.stringify({ json: { ids: [ids[1], ids[2]] } }),
      { 'Content-Type': 'application/json' },
      reader.cookie,
    )
    expect(two.status, two.text).toBe(200)
    expect(await unread()).toEqual([ids[3]])
  })
})

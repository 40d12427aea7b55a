import fc from 'fast-check'
import superjson from 'superjson'

/**
 * Hostile input for the fuzz suites, at the wire level: JSON text (so -0, 1e309,
 * 2**53+1 keep the text the attacker wrote), raw non-JSON (NaN, Infinity, truncated
 * bodies), and superjson annotations (NaN, Infinity, BigInt, invalid Dates, Maps,
 * unknown classes, __proto__ paths, cyclic references) that only exist on the wire.
 */

/** One value as wire text, plus the superjson annotation that makes it what it is (if any). */
export type WireValue = { text: string; meta?: unknown }

/** The seed of every fuzz run: HOSTILE_SEED=<n> replays a failure exactly. */
export const HOSTILE_SEED = Number(process.env.HOSTILE_SEED ?? 20261124)
export const HOSTILE_RUNS = Number(process.env.HOSTILE_RUNS ?? 30)

export const MEGABYTE = 1024 * 1024

const EDGE_NUMBER_TEXTS = [
  '-0',
  '0',
  '-1',
  '1e308',
  '-1e308',
  '1e309',
  '-1e309',
  '1e-400',
  '5e-324',
  '9007199254740993',
  '-9007199254740993',
  '2147483647',
  '2147483648',
  '-2147483648',
  '-2147483649',
  '123456789012345678901234567890',
  '0.1',
  '1.005',
  '10.001',
  '0.00',
  '1E2',
  '-0.0',
]

/** Raw tokens that are not JSON at all (the parser must refuse them, not crash). */
const NOT_JSON = ['NaN', 'Infinity', '-Infinity', 'undefined', "'x'", '0x10', '01', '+1', '.5']

const CONTROL_CHARS = fc.string({
  unit: fc.integer({ min: 0, max: 0x1f }).map((code) => String.fromCharCode(code)),
  maxLength: 20,
})

const UNICODE_STRINGS = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  CONTROL_CHARS,
  fc.constantFrom(
    '\ud800',
    '\udfff\ud800',
    '\u202e\u0000admin',
    '\ufeff',
    'ＡＤＭＩＮ',
    'a\u0301',
    '🙂'.repeat(50),
    '%00',
    "'; drop table users; --",
    '${7*7}',
    '<script>alert(1)</script>',
    '../../etc/passwd',
    '\\u0000',
    ' ',
    '',
  ),
)

/** superjson annotations: values JSON cannot carry, and annotations that name nonsense. */
const ANNOTATED: WireValue[] = [
  { text: '"NaN"', meta: ['number'] },
  { text: '"Infinity"', meta: ['number'] },
  { text: '"-Infinity"', meta: ['number'] },
  { text: '"-0"', meta: ['number'] },
  { text: '"99999999999999999999999999"', meta: ['bigint'] },
  { text: '"-1"', meta: ['bigint'] },
  { text: '"zz"', meta: ['bigint'] },
  { text: '"not a date"', meta: ['Date'] },
  { text: '"2026-11-24T00:00:00.000Z"', meta: ['Date'] },
  { text: 'null', meta: ['undefined'] },
  { text: '[[1,2],["a",{}]]', meta: ['map'] },
  { text: '[1,1,2]', meta: ['set'] },
  { text: '"/(a+)+$/"', meta: ['regexp'] },
  { text: '"x"', meta: ['symbol', 'x'] },
  { text: '{}', meta: ['class', 'NotRegistered'] },
  { text: '{}', meta: ['custom', 'NotRegistered'] },
  { text: '1', meta: ['bogus-annotation'] },
  { text: '[1,2]', meta: ['typed-array', 'Float64Array'] },
  { text: '"1"', meta: ['number'] },
  { text: '{"a":1}', meta: { a: ['number'] } },
]

const STRUCTURAL: string[] = [
  '{"__proto__":{"role":"admin","isAdmin":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '[' + '1,'.repeat(5000) + '1]',
  '['.repeat(2000) + ']'.repeat(2000),
  '{"a":'.repeat(2000) + '1' + '}'.repeat(2000),
  '{"a":1,"a":2}',
  '"' + 'x'.repeat(70_000) + '"',
]

/** One hostile value as wire text (no annotation). */
export const hostileText: fc.Arbitrary<WireValue> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((v) => ({ text: JSON.stringify(v) ?? 'null' })),
  UNICODE_STRINGS.map((s) => ({ text: JSON.stringify(s) })),
  fc.constantFrom(...EDGE_NUMBER_TEXTS).map((text) => ({ text })),
  fc.integer().map((n) => ({ text: String(n) })),
  fc.double().map((n) => ({ text: Number.isFinite(n) ? JSON.stringify(n) : '1e999' })),
  fc.constantFrom(...STRUCTURAL).map((text) => ({ text })),
  fc.constantFrom(...ANNOTATED),
  fc.constantFrom(...NOT_JSON).map((text) => ({ text })),
)

/** A value superjson itself can serialize (Dates, Maps, Sets, BigInts, undefined, -0...). */
export const anythingSerializable = fc.anything({
  maxDepth: 3,
  maxKeys: 5,
  withBigInt: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
})

/** A whole request body: `{"json":…,"meta":…}` from a serialized value, or garbage. */
export function serialize(value: unknown): string {
  try {
    return JSON.stringify(superjson.serialize(value))
  } catch {
    return JSON.stringify({ json: null })
  }
}

const HOSTILE_META = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom<unknown>(
    { values: { '__proto__.polluted': ['undefined'] } },
    { values: { 'constructor.prototype.polluted': ['undefined'] } },
    { values: ['class', 'Nope'] },
    { values: ['custom', 'Nope'] },
    { values: { 'a.b.c.d.e': ['number'] } },
    { referentialEqualities: { '': ['a', 'b'] } },
    { referentialEqualities: { a: ['a.b', 'a.b.c'] } },
    { values: 'not-an-object' },
    { v: 999 },
  ),
)

/** Raw bodies: not JSON, truncated, empty, an envelope with a hostile meta, and the like. */
export const hostileBody: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.constantFrom(
    '',
    'null',
    '[]',
    '{}',
    '{"json":',
    '{"json":NaN}',
    '{"json":Infinity}',
    '{"json":-Infinity}',
    '{"json":undefined}',
    '{"json":{"a":1}',
    '{"json":{"amount":1e309}}',
    '{"json":{}}garbage',
    '\u0000',
    '\ufeff{"json":{}}',
    '{"0":{"json":{}}}',
  ),
  fc
    .tuple(fc.jsonValue({ maxDepth: 2 }), HOSTILE_META)
    .map(([json, meta]) => JSON.stringify({ json, meta })),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null'),
)

/** `{"json":{...template, [field]: value}, "meta": …}` built as text. */
export function bodyWithField(
  template: Record<string, unknown>,
  field: string,
  value: WireValue,
): string {
  const parts = Object.entries({ ...template, [field]: null }).map(([key, v]) =>
    key === field
      ? `${JSON.stringify(key)}:${value.text}`
      : `${JSON.stringify(key)}:${JSON.stringify(v)}`,
  )
  const meta =
    value.meta === undefined
      ? ''
      : `,"meta":${JSON.stringify({
          values: Array.isArray(value.meta)
            ? { [field]: value.meta }
            : Object.fromEntries(
                Object.entries(value.meta as Record<string, unknown>).map(([k, v]) => [
                  `${field}.${k}`,
                  v,
                ]),
              ),
        })}`
  return `{"json":{${parts.join(',')}}${meta}}`
}

/** `{"json": value}` built as text, with the value's annotation at the root. */
export function bodyWithRoot(value: WireValue): string {
  const meta = value.meta === undefined ? '' : `,"meta":${JSON.stringify({ values: value.meta })}`
  return `{"json":${value.text}${meta}}`
}

/** A REST JSON body: the template object with one field's value replaced by wire text. */
export function restBodyWithField(
  template: Record<string, unknown>,
  field: string,
  value: WireValue,
): string {
  const parts = Object.entries({ ...template, [field]: null }).map(([key, v]) =>
    key === field
      ? `${JSON.stringify(key)}:${value.text}`
      : `${JSON.stringify(key)}:${JSON.stringify(v)}`,
  )
  return `{${parts.join(',')}}`
}

/** Hostile strings for params, query values and form fields. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  UNICODE_STRINGS,
  fc.constantFrom(...EDGE_NUMBER_TEXTS, ...NOT_JSON),
  fc.integer().map(String),
  fc.constantFrom('%', '%E0%A4%A', '%00', '%ZZ', '..', '/', '\\', 'x'.repeat(5000), '[]', '{}'),
)

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

// ---------------------------------------------------------------- edges of what PostgreSQL stores

/**
 * Values a validator has to bound because PostgreSQL refuses them (a 500 if they reach it):
 * whole numbers at and above the largest `integer` (2^31−1) and the largest id a JS number
 * holds exactly (2^53−1); dates outside the supported years or not on the calendar; text
 * with NUL and other control characters. Each class is a fixed list (the suites try every
 * entry on every field) and a generator (random further cases).
 */
const ID_EDGES = [
  '2147483647',
  '2147483648',
  '4294967296',
  '9007199254740991',
  '9007199254740992',
  '9007199254740993',
  '18446744073709551616',
  '1e20',
]

const DATE_EDGES = [
  '0000-01-01',
  '0001-01-01',
  '1969-12-31',
  '9999-12-31',
  '10000-01-01',
  '+010000-01-01',
  '-000001-01-01',
  '2026-02-30',
  '2025-02-29',
  '2026-04-31',
  '2026-13-01',
  '2026-00-10',
  '0000-01-01T00:00:00Z',
  '10000-01-01T00:00:00Z',
  '+275760-09-13T00:00:00.000Z',
  '2026-02-30T12:00:00Z',
]

/** Dates superjson revives as Date objects: valid JS dates PostgreSQL cannot store. */
const ANNOTATED_DATE_EDGES: WireValue[] = [
  '0000-01-01T00:00:00.000Z',
  '-000001-01-01T00:00:00.000Z',
  '+010000-01-01T00:00:00.000Z',
  '+275760-09-13T00:00:00.000Z',
].map((iso) => ({ text: JSON.stringify(iso), meta: ['Date'] }))

/** Long enough for every min length, so the control character is what a check must catch. */
const CONTROL_TEXT_EDGES = [
  '\u0000',
  'fuzz\u0000reason',
  'fuzz\u0000@example.test',
  '\u0000admin',
  'fuzz bell\u0007 text',
  'fuzz \u001b[31m red',
  'fuzz del\u007f text',
  'fuzz c1\u0085 text',
  'fuzz csi\u009b text',
  'fuzz line\nbreak',
  'fuzz cr\r\nlf',
  'fuzz\ttab',
]

const CONTROL_CODE = fc.oneof(
  fc.integer({ min: 0, max: 0x1f }),
  fc.integer({ min: 0x7f, max: 0x9f }),
)

const generatedId = fc
  .bigInt({ min: 2n ** 31n - 1n, max: 2n ** 64n })
  .chain((n) => fc.constantFrom(String(n), JSON.stringify(String(n))))

const generatedDate = fc
  .tuple(
    fc.oneof(fc.integer({ min: 0, max: 1969 }), fc.integer({ min: 9990, max: 99999 })),
    fc.integer({ min: 0, max: 13 }),
    fc.integer({ min: 0, max: 32 }),
  )
  .map(([year, month, day]) => {
    const pad = (n: number, width: number) => String(n).padStart(width, '0')
    return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`
  })

const generatedControlText = fc
  .tuple(fc.string({ maxLength: 8 }), CONTROL_CODE, fc.string({ maxLength: 8 }))
  .map(([before, code, after]) => `fuzz ${before}${String.fromCharCode(code)}${after} text`)

/** Every fixed edge value as wire text: ids as JSON numbers and as strings, dates, text. */
export const EDGE_WIRE_VALUES: WireValue[] = [
  ...ID_EDGES.map((text) => ({ text })),
  ...ID_EDGES.map((text) => ({ text: JSON.stringify(text) })),
  ...DATE_EDGES.map((text) => ({ text: JSON.stringify(text) })),
  ...ANNOTATED_DATE_EDGES,
  ...CONTROL_TEXT_EDGES.map((text) => ({ text: JSON.stringify(text) })),
]

/** A few of each class, tried on every field of every input (the rest come at random). */
export const EDGE_WIRE_EXAMPLES: WireValue[] = [
  { text: '2147483648' },
  { text: '9007199254740993' },
  { text: '"2147483648"' },
  ...['0000-01-01', '10000-01-01', '2026-02-30', '9999-12-31'].map((date) => ({
    text: JSON.stringify(date),
  })),
  ANNOTATED_DATE_EDGES[0]!,
  ANNOTATED_DATE_EDGES[2]!,
  ...['\u0000', 'fuzz\u0000reason', 'fuzz\u0000@example.test', 'fuzz bell\u0007 text'].map(
    (text) => ({ text: JSON.stringify(text) }),
  ),
  { text: JSON.stringify('fuzz line\nbreak') },
]

/** An edge value as wire text: the fixed ones and generated ones of each class. */
export const edgeWireValue: fc.Arbitrary<WireValue> = fc.oneof(
  fc.constantFrom(...EDGE_WIRE_VALUES),
  generatedId.map((text) => ({ text })),
  generatedDate.map((date) => ({ text: JSON.stringify(date) })),
  generatedControlText.map((text) => ({ text: JSON.stringify(text) })),
)

/** The same classes as raw strings, for URL params, query values and form fields. */
export const EDGE_STRINGS = {
  ids: ID_EDGES,
  dates: DATE_EDGES,
  texts: CONTROL_TEXT_EDGES,
} as const

/** A few of each class, tried on every query key, param and form field (the rest at random). */
export const EDGE_STRING_EXAMPLES = {
  ids: ['2147483648', '9007199254740992', '9007199254740993', '18446744073709551616'],
  dates: [
    '0000-01-01',
    '10000-01-01',
    '+010000-01-01',
    '2026-02-30',
    '9999-12-31',
    '1969-12-31',
    '0000-01-01T00:00:00Z',
    '2026-02-30T12:00:00Z',
  ],
  texts: ['\u0000', 'fuzz\u0000reason', 'fuzz\u0000@example.test', 'fuzz bell\u0007 text'],
} as const

export const edgeString = {
  ids: fc.oneof(
    fc.constantFrom(...ID_EDGES),
    fc.bigInt({ min: 2n ** 31n - 1n, max: 2n ** 64n }).map(String),
  ),
  dates: fc.oneof(fc.constantFrom(...DATE_EDGES), generatedDate),
  texts: fc.oneof(fc.constantFrom(...CONTROL_TEXT_EDGES), generatedControlText),
}

/**
 * `{"json": template with `value` at `path`}` as text. Nested objects are created as
 * needed; `inArray` puts the value inside a one-element array (for fields like `ids`).
 */
export function bodyWithPath(
  template: Record<string, unknown>,
  path: readonly string[],
  value: WireValue,
  inArray = false,
): string {
  const PLACEHOLDER = '\u0001hostile-value\u0001'
  const copy = structuredClone(template)
  let target: Record<string, unknown> = copy
  for (const key of path.slice(0, -1)) {
    const next = target[key]
    const nested: Record<string, unknown> =
      next && typeof next === 'object' && !Array.isArray(next) ? { ...next } : {}
    target = target[key] = nested
  }
  target[path.at(-1)!] = inArray ? [PLACEHOLDER] : PLACEHOLDER
  const json = JSON.stringify(copy).replace(JSON.stringify(PLACEHOLDER), value.text)
  if (value.meta === undefined) return `{"json":${json}}`
  const metaPath = [...path, ...(inArray ? ['0'] : [])].join('.')
  return `{"json":${json},"meta":${JSON.stringify({ values: { [metaPath]: value.meta } })}}`
}

import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { isIP } from 'node:net'
import path from 'node:path'
import { z } from 'zod'
import { parseDecimalToCents } from './lib/money.ts'

/**
 * The one place that reads process.env. Parsed once at import; a bad value stops the
 * process at boot with every problem listed, never later in a request.
 */
const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value)
const optionalString = z.preprocess(emptyAsUndefined, z.string().optional())
const flag = (fallback: boolean) =>
  z.preprocess(
    emptyAsUndefined,
    z
      .enum(['true', 'false', '1', '0'])
      .optional()
      .transform((value) => (value === undefined ? fallback : value === 'true' || value === '1')),
  )

const amountInCents = (fallback: string) =>
  z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .default(fallback)
      .transform((text, ctx) => {
        const parsed = parseDecimalToCents(text)
        if (parsed.ok) return parsed.cents
        ctx.addIssue({ code: 'custom', message: `${parsed.message} (got "${text}")` })
        return z.NEVER
      }),
  )

const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal'])

/** An address, a CIDR (`10.0.0.0/8`, `10.0.0.0/255.0.0.0`) or a range name Express knows. */
function isProxyAddress(entry: string): boolean {
  if (PROXY_RANGE_NAMES.has(entry)) return true
  const [address = '', prefix, ...rest] = entry.split('/')
  const version = isIP(address)
  if (version === 0 || rest.length > 0) return false
  if (prefix === undefined || isIP(prefix) === version) return true
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128)
}

/**
 * Express's `trust proxy` in the forms that cannot be spoofed: how many proxies stand in
 * front of the app, or which addresses they have. `true` would trust every
 * X-Forwarded-For entry, so any client could name its own IP (and dodge per-IP limits).
 */
const trustProxy = z.preprocess(
  emptyAsUndefined,
  z
    .string()
    .optional()
    .transform((text, ctx): false | number | string[] => {
      if (text === undefined || text === 'false' || text === '0') return false
      if (/^\d{1,2}$/.test(text)) return Number(text)
      const entries = text.split(',').map((entry) => entry.trim())
      const wrong = entries.filter((entry) => !isProxyAddress(entry))
      if (wrong.length === 0) return entries
      ctx.addIssue({
        code: 'custom',
        message:
          text === 'true'
            ? '"true" would trust every X-Forwarded-For hop, letting any client choose its own IP. ' +
              'Give the number of proxies in front of the app (e.g. 1) or their addresses (e.g. loopback or 10.0.0.0/8).'
            : `expected a number of proxies (e.g. 1) or proxy addresses/CIDRs separated by commas (loopback, linklocal and uniquelocal allowed); not ${wrong.map((w) => `"${w}"`).join(', ')}`,
      })
      return z.NEVER
    }),
)

const provisionerName = z.preprocess(
  emptyAsUndefined,
  z.enum(['none', 'manual', 'webhook']).optional(),
)

/** HTTPS, except on loopback (a receiver on the same host, as in development and tests). */
const webhookUrl = z.preprocess(
  emptyAsUndefined,
  z
    .url()
    .optional()
    .refine(
      (text) => {
        if (text === undefined) return true
        const url = new URL(text)
        const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)
        return url.protocol === 'https:' || (url.protocol === 'http:' && loopback)
      },
      { message: 'a provisioning webhook must be an https:// URL (http:// only on loopback)' },
    ),
)
const webhookSecret = z.preprocess(
  emptyAsUndefined,
  z.string().min(32, 'a provisioning webhook secret must be at least 32 characters').optional(),
)

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.preprocess(emptyAsUndefined, z.string().default('0.0.0.0')),
  PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(65535).default(3000)),
  APP_URL: z.preprocess(emptyAsUndefined, z.url().optional()),
  TRUST_PROXY: trustProxy,
  DATABASE_URL: optionalString,
  // The schema owner's connection, for migrations only; DATABASE_URL is then the application
  // role, which may not alter tables or rewrite the journal (ADR 017).
  MIGRATION_DATABASE_URL: optionalString,
  DATABASE_POOL_MAX: z.preprocess(
    emptyAsUndefined,
    z.coerce.number().int().min(1).max(200).default(10),
  ),
  // false behind a transaction pooler (PgBouncer pool_mode=transaction): no named prepared
  // statements and no pipelining on any connection (ADR 008).
  DATABASE_PREPARE: flag(true),
  // A read replica for reports, CSV exports and history listings (unset: the primary's pool).
  // Opened read-only, so nothing can write through it; never read from it what a money
  // decision depends on, it lags.
  DATABASE_READ_URL: optionalString,
  EMBEDDED_PG_PORT: z.preprocess(
    emptyAsUndefined,
    z.coerce.number().int().min(1).max(65535).default(54329),
  ),
  EMBEDDED_PG_DIR: z.preprocess(emptyAsUndefined, z.string().default('.data/postgres')),
  SESSION_SECRET: optionalString,
  SESSION_TTL_DAYS: z.preprocess(
    emptyAsUndefined,
    z.coerce.number().int().min(1).max(365).default(30),
  ),
  // How long a verified API token is reused without asking the database: a token revoked,
  // expired or whose owner was deactivated elsewhere stops working on every process within
  // this many seconds (a revocation in the same process: at once). 0 turns the cache off.
  API_TOKEN_CACHE_SECONDS: z.preprocess(
    emptyAsUndefined,
    z.coerce.number().int().min(0).max(60).default(5),
  ),
  DEMO_PASSWORD: z.preprocess(emptyAsUndefined, z.string().min(10).default('demo-password-2026')),
  LOGIN_MAX_FAILURES: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).default(5)),
  LOGIN_FAILURE_WINDOW_MINUTES: z.preprocess(
    emptyAsUndefined,
    z.coerce.number().int().min(1).default(15),
  ),
  // Amount limits, as decimal dollars; parsed into integer cents.
  CREDITS_PURCHASE_MIN: amountInCents('1.00'),
  CREDITS_PURCHASE_MAX: amountInCents('1000.00'),
  ADMIN_ADJUSTMENT_MIN: amountInCents('0.01'),
  ADMIN_ADJUSTMENT_MAX: amountInCents('10000.00'),
  // PayPal and VirtFusion. Without credentials the app runs in offline mode: the same msw
  // fakes the tests use stand in for both (never in production).
  ALLOW_OFFLINE_PAYMENTS: flag(false),
  JOBS_ENABLED: flag(true),
  // pg-boss's own pool (its driver, not postgres.js), beside DATABASE_POOL_MAX: see the
  // connection budget in README.
  JOBS_POOL_MAX: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(100).default(4)),
  // `npm run worker` answers /healthz and /readyz here (it serves nothing else).
  WORKER_HEALTH_PORT: z.preprocess(
    emptyAsUndefined,
    z.coerce.number().int().min(1).max(65535).default(3001),
  ),
  // false: migrations are a release step (`npm run db:migrate`); a process only checks at
  // start that the database has every migration it needs, and refuses to start if not (ADR 018).
  MIGRATE_ON_START: flag(true),
  // Web workers (node:cluster, ADR 031): 1 = one process, as without it; N > 1 = a primary that
  // prepares the database and N workers serving the same port.
  WEB_CONCURRENCY: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .default('1')
      .transform((text, ctx) => {
        if (/^\d{1,2}$/.test(text) && Number(text) >= 1 && Number(text) <= 64) return Number(text)
        ctx.addIssue({
          code: 'custom',
          message: `WEB_CONCURRENCY: the number of web workers, a whole number from 1 to 64 (got "${text}")`,
        })
        return z.NEVER
      }),
  ),
  // On SIGTERM: how long requests in flight (and jobs in progress) may take to finish.
  SHUTDOWN_DRAIN_MS: z.preprocess(
    emptyAsUndefined,
    z.coerce.number().int().min(0).max(600_000).default(25_000),
  ),
  LOG_LEVEL: z.preprocess(
    emptyAsUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  ),
  // Names this process in every log line; unset: host name and process id.
  INSTANCE_ID: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^[\w.:@-]{1,100}$/, 'INSTANCE_ID: up to 100 letters, digits and . _ : @ -')
      .optional(),
  ),
  METRICS_TOKEN: z.preprocess(
    emptyAsUndefined,
    z.string().min(16, 'METRICS_TOKEN must be at least 16 characters').optional(),
  ),
  DNS_GRACE_DAYS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(60).default(7)),
  /** Days a suspended (unpaid after grace) service is kept before it is terminated (ADR 024). */
  SERVICES_TERMINATE_AFTER_DAYS: z.preprocess(
    emptyAsUndefined,
    z.coerce.number().int().min(0).max(365).default(14),
  ),
  PAYPAL_ENVIRONMENT: z.preprocess(
    emptyAsUndefined,
    z.enum(['sandbox', 'live']).default('sandbox'),
  ),
  PAYPAL_CLIENT_ID: optionalString,
  PAYPAL_CLIENT_SECRET: optionalString,
  PAYPAL_WEBHOOK_ID: optionalString,
  PAYPAL_TIMEOUT_MS: z.preprocess(
    emptyAsUndefined,
    z.coerce.number().int().min(1000).max(60000).default(15000),
  ),
  VIRTFUSION_API_URL: z.preprocess(emptyAsUndefined, z.url().optional()),
  VIRTFUSION_API_TOKEN: optionalString,
  VIRTFUSION_TIMEOUT_MS: z.preprocess(
    emptyAsUndefined,
    z.coerce.number().int().min(1000).max(60000).default(10000),
  ),
  // Provisioning (docs/provisioning-webhooks.md): who provisions each product family, overriding
  // the family's default (none | manual | webhook), and each family's signed webhook.
  PROVISIONER_DNS: provisionerName,
  PROVISIONER_DEDICATED_SERVER: provisionerName,
  PROVISIONING_WEBHOOK_URL_DNS: webhookUrl,
  PROVISIONING_WEBHOOK_SECRET_DNS: webhookSecret,
  PROVISIONING_WEBHOOK_URL_DEDICATED_SERVER: webhookUrl,
  PROVISIONING_WEBHOOK_SECRET_DEDICATED_SERVER: webhookSecret,
  // Mail (ADR 026). Unset SMTP_URL: messages are kept in the local mailbox (/admin/mail).
  SMTP_URL: z.preprocess(
    emptyAsUndefined,
    z
      .url()
      .optional()
      .refine((text) => text === undefined || /^smtps?:$/.test(new URL(text).protocol), {
        message: 'SMTP_URL must be an smtp:// or smtps:// URL',
      }),
  ),
  MAIL_FROM: z.preprocess(emptyAsUndefined, z.string().default('SkyPANEL <no-reply@localhost>')),
  // Production without SMTP_URL: only with this set, and every message stays in the local mailbox.
  MAIL_DISCARD: flag(false),
  // The name emails are signed with, until the branding settings exist.
  APP_NAME: z.preprocess(emptyAsUndefined, z.string().max(100).default('SkyPANEL')),
})

/**
 * SESSION_SECRET may list several secrets, comma-separated: the first signs, every one
 * verifies, so a rotation (new first, old second) signs nobody out.
 */
export type Env = z.infer<typeof EnvSchema> & { SESSION_SECRET: string; SESSION_SECRETS: string[] }

function developmentSessionSecret(): string {
  const file = path.resolve('.data', 'session-secret')
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  const secret = randomBytes(32).toString('base64url')
  mkdirSync(path.dirname(file), { recursive: true })
  writeFileSync(file, secret, { mode: 0o600 })
  return secret
}

export function parseEnv(source: NodeJS.ProcessEnv): Env {
  const result = EnvSchema.safeParse(source)
  if (!result.success) {
    const problems = result.error.issues
      .map((i) => `  ${i.path.join('.')}: ${i.message}`)
      .join('\n')
    throw new Error(`Invalid environment:\n${problems}`)
  }
  const parsed = result.data
  let secrets = (parsed.SESSION_SECRET ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
  if (secrets.length === 0) {
    if (parsed.NODE_ENV === 'production') {
      throw new Error('SESSION_SECRET is required in production (at least 32 random characters).')
    }
    secrets = [
      parsed.NODE_ENV === 'test'
        ? 'test-session-secret-not-for-production'
        : developmentSessionSecret(),
    ]
  }
  if (parsed.MIGRATION_DATABASE_URL && !parsed.DATABASE_URL) {
    throw new Error(
      'Invalid environment:\n  MIGRATION_DATABASE_URL needs DATABASE_URL (the application role)',
    )
  }
  for (const [min, max] of [
    ['CREDITS_PURCHASE_MIN', 'CREDITS_PURCHASE_MAX'],
    ['ADMIN_ADJUSTMENT_MIN', 'ADMIN_ADJUSTMENT_MAX'],
  ] as const) {
    if (parsed[min] > parsed[max])
      throw new Error(`Invalid environment:\n  ${min} must not exceed ${max}`)
  }
  for (const family of ['DNS', 'DEDICATED_SERVER'] as const) {
    const url = parsed[`PROVISIONING_WEBHOOK_URL_${family}`]
    const secret = parsed[`PROVISIONING_WEBHOOK_SECRET_${family}`]
    if (Boolean(url) !== Boolean(secret) || (parsed[`PROVISIONER_${family}`] === 'webhook' && !url))
      throw new Error(
        `Invalid environment:\n  PROVISIONING_WEBHOOK_URL_${family} and PROVISIONING_WEBHOOK_SECRET_${family} go together` +
          (parsed[`PROVISIONER_${family}`] === 'webhook'
            ? ` (PROVISIONER_${family}=webhook needs both)`
            : ''),
      )
  }
  if (parsed.NODE_ENV === 'production' && secrets.some((secret) => secret.length < 32)) {
    throw new Error(
      'SESSION_SECRET must be at least 32 characters in production (each of them, when it lists several).',
    )
  }
  if (
    parsed.NODE_ENV === 'production' &&
    (!parsed.PAYPAL_CLIENT_ID ||
      !parsed.PAYPAL_CLIENT_SECRET ||
      !parsed.PAYPAL_WEBHOOK_ID ||
      !parsed.VIRTFUSION_API_URL ||
      !parsed.VIRTFUSION_API_TOKEN) &&
    !parsed.ALLOW_OFFLINE_PAYMENTS
  ) {
    throw new Error(
      'Production needs PAYPAL_CLIENT_ID, PAYPAL_CLIENT_SECRET, PAYPAL_WEBHOOK_ID, VIRTFUSION_API_URL and VIRTFUSION_API_TOKEN ' +
        '(ALLOW_OFFLINE_PAYMENTS=true runs the simulated providers instead, for demos and tests only).',
    )
  }
  // Offline demos (simulated providers) keep their mail local like development does.
  if (
    parsed.NODE_ENV === 'production' &&
    !parsed.SMTP_URL &&
    !parsed.MAIL_DISCARD &&
    !parsed.ALLOW_OFFLINE_PAYMENTS
  ) {
    throw new Error(
      'Production needs SMTP_URL (e.g. smtps://user:password@smtp.example.com:465) to send mail; ' +
        'MAIL_DISCARD=true starts without it and keeps every message in the local mailbox, unsent.',
    )
  }
  // Mail is read elsewhere: every link in it (top-up, unsubscribe, logo) needs the public URL.
  if (parsed.NODE_ENV === 'production' && parsed.SMTP_URL && !parsed.APP_URL) {
    throw new Error(
      'Production with SMTP_URL needs APP_URL (e.g. https://panel.example.com): links in mail must name the public address.',
    )
  }
  return { ...parsed, SESSION_SECRET: secrets[0]!, SESSION_SECRETS: secrets }
}

// A local .env is a convenience for development; real environment variables win.
if (process.env.NODE_ENV !== 'test' && existsSync('.env')) process.loadEnvFile('.env')

export const env: Env = parseEnv(process.env)

export const isProduction = env.NODE_ENV === 'production'

/** PayPal endpoints for the configured environment (msw intercepts these in offline mode). */
export const PAYPAL_API_BASE =
  env.PAYPAL_ENVIRONMENT === 'live'
    ? 'https://api-m.paypal.com'
    : 'https://api-m.sandbox.paypal.com'

/** Used when VIRTFUSION_API_URL is unset (offline mode): a host only the fake answers. */
export const OFFLINE_VIRTFUSION_API_URL = 'https://virtfusion.offline.invalid/api/v1'

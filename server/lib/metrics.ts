import client from 'prom-client'

// Every metric is named skypanel_<short>.
const name = (short: string) => `skypanel_${short}`
const counter = <L extends string>(short: string, help: string, labelNames: readonly L[] = []) =>
  new client.Counter<L>({ name: name(short), help, labelNames })
const gauge = <L extends string>(short: string, help: string, labelNames: readonly L[] = []) =>
  new client.Gauge<L>({ name: name(short), help, labelNames })
const histogram = <L extends string>(
  short: string,
  help: string,
  labelNames: readonly L[],
  buckets: number[],
) => new client.Histogram<L>({ name: name(short), help, labelNames, buckets })

/**
 * Prometheus metrics. prom-client's default registry is one per process (the package is
 * loaded once even though server/main.ts and the Remix build are separate bundles), so
 * metrics are registered once, guarded on globalThis.
 */
function create() {
  const registry = client.register
  client.collectDefaultMetrics({ register: registry })
  return {
    registry,
    topupAttempts: counter(
      'topup_attempts_total',
      'Top-up steps attempted (create or capture), by provider and purpose',
      ['provider', 'purpose', 'stage'] as const,
    ),
    topupSuccesses: counter(
      'topup_successes_total',
      'Top-ups credited or delivered, by provider and purpose',
      ['provider', 'purpose'] as const,
    ),
    topupFailures: counter(
      'topup_failures_total',
      'Top-up steps that failed, by provider, purpose and error code',
      ['provider', 'purpose', 'code'] as const,
    ),
    captureDuration: histogram(
      'paypal_capture_duration_seconds',
      'Time to capture and verify a PayPal order',
      ['purpose'] as const,
      [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20],
    ),
    deliveryDuration: histogram(
      'virtfusion_delivery_duration_seconds',
      'Time to deliver tokens to VirtFusion, by outcome',
      ['outcome'] as const,
      [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20],
    ),
    ledgerEntries: counter(
      'ledger_entries_total',
      'Custom-credit journal entries posted, by type',
      ['type'] as const,
    ),
    renewals: counter('dns_renewals_total', 'DNS plan renewal steps, by outcome', [
      'outcome',
    ] as const),
    jobFailures: counter('job_failures_total', 'Background jobs that threw, by queue', [
      'queue',
    ] as const),
    jobQueueDepth: gauge('job_queue_depth', 'Jobs waiting, by queue (read at scrape time)', [
      'queue',
    ] as const),
    topupsInReview: gauge(
      'topups_in_review',
      'Token top-ups whose VirtFusion delivery outcome is unknown, waiting for an admin (read at scrape time)',
    ),
    topupsStuck: gauge(
      'topups_stuck',
      'Top-ups a dead process left mid-way, by state: created_without_order (no PayPal order id after 15 minutes) or capturing_beyond_timeout (capture claim past its timeout); reconciliation clears both (read at scrape time)',
      ['state'] as const,
    ),
    ledgerCheckOk: gauge(
      'ledger_check_ok',
      'The last ledger check: 1 no drift and no orphans, 0 findings or no check yet (read at scrape time)',
    ),
    ledgerCheckTimestamp: gauge(
      'ledger_check_timestamp_seconds',
      'When the last ledger check ran, Unix time; 0 before the first (read at scrape time)',
    ),
    httpDuration: histogram(
      'http_request_duration_seconds',
      'HTTP request duration by method, route and status',
      ['method', 'route', 'status'] as const,
      [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    ),
    authLookups: counter(
      'auth_lookups_total',
      'Credentials looked up in the database (session row or API token), at most one per HTTP request and credential, by kind',
      ['via'] as const,
    ),
    httpErrors: counter('http_errors_total', 'HTTP responses with status >= 500, by route', [
      'route',
      'status',
    ] as const),
  }
}

const holder = globalThis as unknown as { __skypanelMetrics?: ReturnType<typeof create> }
export const metrics = (holder.__skypanelMetrics ??= create())

type RouteDefinition = { path?: string; parentId?: string }

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** A React Router path pattern as a regular expression, matched as Remix matches it. */
function patternRegExp(pattern: string): RegExp {
  const body = pattern
    .split('/')
    .filter(Boolean)
    .map((segment) => {
      if (segment === '*') return '(?:/.*)?'
      const param = /^:[\w-]+(\?)?(.*)$/.exec(segment)
      if (!param) return `/${escapeRegExp(segment)}`
      const value = `/[^/]+${escapeRegExp(param[2] ?? '')}`
      return param[1] ? `(?:${value})?` : value
    })
    .join('')
  return new RegExp(`^${body}/*$`, 'i')
}

// Literal segments outrank parameters, which outrank a splat, as in Remix's own ranking.
const specificity = (pattern: string) =>
  pattern
    .split('/')
    .filter(Boolean)
    .reduce((sum, s) => sum + (s === '*' ? -2 : s.startsWith(':') ? 3 : 10), 0)

/**
 * Request paths → the pattern of the Remix route that serves them ("/admin/users/:userId",
 * "/api/trpc/*"), so the label set is the route table's size whatever paths callers send;
 * anything no route matches shares the label "unmatched".
 */
export function createRouteLabeler(
  routes: Record<string, RouteDefinition | undefined>,
): (path: string) => string {
  const fullPattern = (route: RouteDefinition | undefined): string => {
    if (!route) return ''
    const parent = route.parentId ? fullPattern(routes[route.parentId]) : ''
    return route.path ? `${parent}/${route.path}` : parent
  }
  const patterns = [
    ...new Set(Object.values(routes).map((route) => fullPattern(route).replace(/^$/, '/'))),
  ]
    .sort((a, b) => specificity(b) - specificity(a))
    .map((label) => ({ label, regExp: patternRegExp(label) }))
  return (path) => {
    if (path.startsWith('/build/')) return '/build/*'
    return patterns.find((p) => p.regExp.test(path))?.label ?? 'unmatched'
  }
}

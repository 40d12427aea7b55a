import client from 'prom-client'

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
    topupAttempts: new client.Counter({
      name: 'skypanel_topup_attempts_total',
      help: 'Top-up steps attempted (create or capture), by provider and purpose',
      labelNames: ['provider', 'purpose', 'stage'] as const,
    }),
    topupSuccesses: new client.Counter({
      name: 'skypanel_topup_successes_total',
      help: 'Top-ups credited or delivered, by provider and purpose',
      labelNames: ['provider', 'purpose'] as const,
    }),
    topupFailures: new client.Counter({
      name: 'skypanel_topup_failures_total',
      help: 'Top-up steps that failed, by provider, purpose and error code',
      labelNames: ['provider', 'purpose', 'code'] as const,
    }),
    captureDuration: new client.Histogram({
      name: 'skypanel_paypal_capture_duration_seconds',
      help: 'Time to capture and verify a PayPal order',
      labelNames: ['purpose'] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20],
    }),
    deliveryDuration: new client.Histogram({
      name: 'skypanel_virtfusion_delivery_duration_seconds',
      help: 'Time to deliver tokens to VirtFusion, by outcome',
      labelNames: ['outcome'] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20],
    }),
    ledgerEntries: new client.Counter({
      name: 'skypanel_ledger_entries_total',
      help: 'Custom-credit journal entries posted, by type',
      labelNames: ['type'] as const,
    }),
    renewals: new client.Counter({
      name: 'skypanel_dns_renewals_total',
      help: 'DNS plan renewal steps, by outcome',
      labelNames: ['outcome'] as const,
    }),
    jobFailures: new client.Counter({
      name: 'skypanel_job_failures_total',
      help: 'Background jobs that threw, by queue',
      labelNames: ['queue'] as const,
    }),
    jobQueueDepth: new client.Gauge({
      name: 'skypanel_job_queue_depth',
      help: 'Jobs waiting, by queue (read at scrape time)',
      labelNames: ['queue'] as const,
    }),
    topupsInReview: new client.Gauge({
      name: 'skypanel_topups_in_review',
      help: 'Token top-ups whose VirtFusion delivery outcome is unknown, waiting for an admin (read at scrape time)',
    }),
    topupsStuck: new client.Gauge({
      name: 'skypanel_topups_stuck',
      help: 'Top-ups a dead process left mid-way, by state: created_without_order (no PayPal order id after 15 minutes) or capturing_beyond_timeout (capture claim past its timeout); reconciliation clears both (read at scrape time)',
      labelNames: ['state'] as const,
    }),
    ledgerCheckOk: new client.Gauge({
      name: 'skypanel_ledger_check_ok',
      help: 'The last ledger check: 1 no drift and no orphans, 0 findings or no check yet (read at scrape time)',
    }),
    ledgerCheckTimestamp: new client.Gauge({
      name: 'skypanel_ledger_check_timestamp_seconds',
      help: 'When the last ledger check ran, Unix time; 0 before the first (read at scrape time)',
    }),
    httpDuration: new client.Histogram({
      name: 'skypanel_http_request_duration_seconds',
      help: 'HTTP request duration by method, route and status',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    }),
    authLookups: new client.Counter({
      name: 'skypanel_auth_lookups_total',
      help: 'Credentials looked up in the database (session row or API token), at most one per HTTP request and credential, by kind',
      labelNames: ['via'] as const,
    }),
    httpErrors: new client.Counter({
      name: 'skypanel_http_errors_total',
      help: 'HTTP responses with status >= 500, by route',
      labelNames: ['route', 'status'] as const,
    }),
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

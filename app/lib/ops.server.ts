export { checkReadiness } from '#server/services/health/readiness.ts'
export { authorizeMetrics, renderMetrics } from '#server/services/health/metrics-endpoint.ts'
export { latestChecks } from '#server/services/health/system-checks.ts'

export { checkReadiness } from '#server/services/health/readiness.ts'
export { authorizeMetrics, renderMetrics } from '#server/services/health/metrics-endpoint.ts'

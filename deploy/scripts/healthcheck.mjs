/* global console, process, fetch, AbortSignal */
// `node deploy/scripts/healthcheck.mjs [port]`: exits 0 when /healthz on this host answers 200
// (port: the argument, else PORT, else 3000). The image's HEALTHCHECK; it has no curl.
const port = process.argv[2] ?? process.env.PORT ?? '3000'
try {
  const response = await fetch(`http://127.0.0.1:${port}/healthz`, {
    signal: AbortSignal.timeout(4000),
  })
  if (!response.ok) console.error(`/healthz answered ${response.status}`)
  process.exit(response.ok ? 0 : 1)
} catch (error) {
  console.error(
    `/healthz on port ${port}: ${error instanceof Error ? error.message : String(error)}`,
  )
  process.exit(1)
}

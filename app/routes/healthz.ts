/** GET /healthz: the process is alive (no dependencies checked; see /readyz). */
export function loader() {
  return new Response(JSON.stringify({ status: 'ok' }), {
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
  })
}

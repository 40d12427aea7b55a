/**
 * A reference for finding 1: what a bare `node:http` exchange of the bench's credit request
 * costs, with no framework and no database. A child server parses the same POST body and
 * answers a ~400-byte JSON; the bench's own client loads it in a closed loop, and the child's
 * CPU per request comes from /proc, as the app's does in the bench.
 *
 *   npx tsx bench/tools/bare-http.ts
 */
import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { callText } from '../lib/http.ts'
import { readCpuSeconds } from '../lib/proc.ts'
import { closedLoop } from '../lib/stats.ts'

const REQUESTS = 10_000

if (process.argv[2] === 'serve') {
  const { createServer } = await import('node:http')
  const answer = JSON.stringify({
    entry: {
      id: 123456,
      userId: 42,
      type: 'admin_add',
      amount: { cents: 100, formatted: '$1.00' },
      balanceAfter: { cents: 1000, formatted: '$10.00' },
      description: 'Credits added by an administrator',
      reason: 'bench',
      createdAt: new Date().toISOString(),
    },
    balance: { cents: 1000, formatted: '$10.00' },
    warning: null,
    pad: 'x'.repeat(120),
  })
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      JSON.parse(Buffer.concat(chunks).toString() || '{}')
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(answer),
      })
      res.end(answer)
    })
  })
  server.listen(0, '127.0.0.1', () => {
    const address = server.address()
    process.send!(typeof address === 'object' && address ? address.port : 0)
  })
} else {
  const child = fork(fileURLToPath(import.meta.url), ['serve'], { execArgv: process.execArgv })
  const port = await new Promise<number>((resolve) =>
    child.once('message', (p) => resolve(p as number)),
  )
  const baseUrl = `http://127.0.0.1:${port}`
  const operation = async (_client: number, index: number) => {
    await callText(baseUrl, '/api/admin/users/7/custom-credits', {
      method: index % 2 === 0 ? 'POST' : 'DELETE',
      token: 'x'.repeat(40),
      body: { amount: '1.00', reason: 'bench' },
    })
  }
  for (const clients of [8, 32, 64]) {
    await closedLoop(clients, 2_000, operation)
    const before = readCpuSeconds(child.pid!)
    const load = await closedLoop(clients, REQUESTS, operation)
    const cpuMs = ((readCpuSeconds(child.pid!) - before) * 1000) / REQUESTS
    console.log(
      `${clients} clients: ${Math.round(load.opsPerSecond)} req/s, server CPU ${cpuMs.toFixed(3)} ms per request`,
    )
  }
  child.kill()
}

import type postgres from 'postgres'
import { callJson, trpcMutation } from '../lib/http.ts'
import { nowMs, summarize, type LatencySummary } from '../lib/stats.ts'

export type TopupResult = {
  runs: number
  completed: number
  errors: number
  firstError: string | null
  total: LatencySummary
  createOrder: LatencySummary
  approve: LatencySummary
  captureOrder: LatencySummary
}

/**
 * createOrder → simulated buyer approval → captureOrder through tRPC, with write tokens,
 * sequentially, round-robin over several users. The app allows 10 creates per user and 30
 * per IP per minute; every run comes from 127.0.0.1, so the per-IP hits are cleared
 * (untimed) before each run. Per-user limits are respected by spreading over the users.
 */
export async function runTopups(input: {
  baseUrl: string
  sql: postgres.Sql
  tokens: string[]
  runs: number
}): Promise<TopupResult> {
  const total: number[] = []
  const create: number[] = []
  const approve: number[] = []
  const capture: number[] = []
  let completed = 0
  let errors = 0
  let firstError: string | null = null
  for (let run = -3; run < input.runs; run++) {
    // Negative runs are the warm-up.
    const token = input.tokens[(run + input.tokens.length) % input.tokens.length]!
    await input.sql`delete from rate_limit_hits where key like 'paypal-%:ip:%'`
    try {
      const t0 = nowMs()
      const { orderId } = await trpcMutation<{ orderId: string }>(
        input.baseUrl,
        'customCredits.createOrder',
        { amount: '10.00' },
        { token },
      )
      const t1 = nowMs()
      await callJson(input.baseUrl, `/api/dev/paypal/orders/${orderId}/approve`, {
        method: 'POST',
        token,
      })
      const t2 = nowMs()
      const result = await trpcMutation<{ status: string }>(
        input.baseUrl,
        'customCredits.captureOrder',
        { orderId },
        { token },
      )
      const t3 = nowMs()
      if (result.status !== 'completed') throw new Error(`capture ended ${result.status}`)
      if (run < 0) continue
      completed++
      create.push(t1 - t0)
      approve.push(t2 - t1)
      capture.push(t3 - t2)
      total.push(t3 - t0)
    } catch (error) {
      if (run < 0) throw error
      errors++
      firstError ??= error instanceof Error ? error.message : String(error)
    }
  }
  return {
    runs: input.runs,
    completed,
    errors,
    firstError,
    total: summarize(total),
    createOrder: summarize(create),
    approve: summarize(approve),
    captureOrder: summarize(capture),
  }
}

import type postgres from 'postgres'
import { callJson, callText } from '../lib/http.ts'
import { cpuWindow } from '../lib/proc.ts'
import { HISTORY_FILTER_TYPE, HISTORY_SEARCH_WORD } from '../lib/seed.ts'
import { closedLoop, pacedLoop, sequential, type LatencySummary } from '../lib/stats.ts'

/** GET /api/billing/balance with a read token, `concurrency` clients in a closed loop. */
export async function runBalanceReads(input: {
  baseUrl: string
  appPid: number
  token: string
  requests: number
  concurrency: number
  warmup: number
  /** Offered load of the paced run, as a share of the closed-loop throughput. */
  pacedLoad: number
  pacedSeconds: number
}) {
  const operation = async () => {
    await callText(input.baseUrl, '/api/billing/balance', { token: input.token })
  }
  await closedLoop(input.concurrency, Math.max(input.warmup, input.concurrency), operation)
  const done = cpuWindow(input.appPid)
  const result = await closedLoop(input.concurrency, input.requests, operation)
  const cpu = done()
  // The same clients, paced at a share of the throughput just measured.
  const rate = Math.max(1, result.opsPerSecond * input.pacedLoad)
  const pacedDone = cpuWindow(input.appPid)
  const paced = await pacedLoop(
    input.concurrency,
    rate,
    Math.min(input.requests, Math.ceil(rate * input.pacedSeconds)),
    operation,
  )
  return { ...result, cpu, paced: { ...paced, load: input.pacedLoad, cpu: pacedDone() } }
}

export type HistoryQueryResult = {
  name: string
  path: string
  items: number
  latency: LatencySummary
  /** The same query straight from postgres.js (one client): the database's share. */
  sqlLatency: LatencySummary
  errors: number
  firstError: string | null
  /** EXPLAIN ANALYZE of the SQL the app runs for this page (reconstructed), for the findings. */
  plan: string[]
  planMs: number | null
}

type Page = { items: Array<{ id: number }>; nextCursor: number | null }

type Filter = { cursor?: number; type?: string; search?: string }

/**
 * The SQL listCreditTransactions issues through drizzle (same shape, parameters and
 * prepared statement), rebuilt here to time the database alone and EXPLAIN it (for a search,
 * its first statement, which answers when the newest 4,000 entries hold the page).
 */
function historySql(
  userId: number,
  filter: Filter,
): { text: string; params: Array<string | number> } {
  const params: Array<string | number> = [userId]
  const conditions = ['ct.user_id = $1']
  if (filter.type) {
    params.push(filter.type)
    conditions.push(`ct.type in ($${params.length}::credit_entry_type)`)
  }
  if (filter.search) {
    params.push(`%${filter.search}%`)
    conditions.push(`(ct.description ilike $${params.length} or ct.reason ilike $${params.length})`)
  }
  if (filter.cursor) {
    params.push(filter.cursor)
    conditions.push(`ct.id < $${params.length}`)
  }
  params.push(26)
  // A search reads the newest SEARCH_WINDOW (4,000) entries first (list-credit-transactions.ts);
  // the bench's word is dense enough that the window always holds the page.
  const from = filter.search
    ? `(select * from credit_transactions where user_id = $1${
        filter.cursor ? ` and id < $${params.length - 1}` : ''
      } order by id desc limit 4000) ct`
    : 'credit_transactions ct'
  return {
    text: `select ct.*, admin_user.name
      from ${from}
      left join users admin_user on admin_user.id = ct.admin_user_id
     where ${conditions.join(' and ')}
     order by ct.id desc limit $${params.length}`,
    params,
  }
}

/** History pages for the one user with the big journal, each kind measured sequentially. */
export async function runHistoryReads(input: {
  baseUrl: string
  sql: postgres.Sql
  userId: number
  token: string
  requests: number
}): Promise<HistoryQueryResult[]> {
  const [oldest] = await input.sql<{ id: number }[]>`
    select min(id)::int as id from credit_transactions where user_id = ${input.userId}`
  const deepCursor = oldest!.id + 1000
  const kinds: Array<{
    name: string
    filter: { cursor?: number; type?: string; search?: string }
  }> = [
    { name: 'first page', filter: {} },
    { name: 'deep page (cursor near the oldest)', filter: { cursor: deepCursor } },
    { name: `type filter (${HISTORY_FILTER_TYPE})`, filter: { type: HISTORY_FILTER_TYPE } },
    {
      name: `text search ("${HISTORY_SEARCH_WORD}", ~1% of entries)`,
      filter: { search: HISTORY_SEARCH_WORD },
    },
  ]
  const results: HistoryQueryResult[] = []
  for (const kind of kinds) {
    const params = new URLSearchParams({ limit: '25' })
    if (kind.filter.cursor) params.set('cursor', String(kind.filter.cursor))
    if (kind.filter.type) params.set('type', kind.filter.type)
    if (kind.filter.search) params.set('search', kind.filter.search)
    const path = `/api/billing/custom-credits/transactions?${params.toString()}`
    const first = await callJson<Page>(input.baseUrl, path, { token: input.token })
    for (let i = 0; i < 5; i++) await callText(input.baseUrl, path, { token: input.token })
    const run = await sequential(input.requests, async () => {
      await callText(input.baseUrl, path, { token: input.token })
    })
    // The database alone: the same prepared statement from one client, then its plan.
    const query = historySql(input.userId, kind.filter)
    for (let i = 0; i < 5; i++) await input.sql.unsafe(query.text, query.params, { prepare: true })
    const sqlRun = await sequential(input.requests, async () => {
      await input.sql.unsafe(query.text, query.params, { prepare: true })
    })
    const planRows = await input.sql.unsafe<Array<{ 'QUERY PLAN': string }>>(
      `explain (analyze, buffers, costs off) ${query.text}`,
      query.params,
    )
    const plan = planRows.map((row) => row['QUERY PLAN'])
    const execution = plan.map((line) => /Execution Time: ([\d.]+) ms/.exec(line)).find(Boolean)
    results.push({
      name: kind.name,
      path,
      items: first.items.length,
      ...run,
      sqlLatency: sqlRun.latency,
      plan,
      planMs: execution ? Number(execution[1]) : null,
    })
  }
  return results
}

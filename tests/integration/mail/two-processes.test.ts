import { and, eq, like, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '#db/client.ts'
import { mailOutbox, type MailOutboxRow } from '#db/schema/index.ts'
import { getProviders } from '#server/integrations/providers.ts'
import { startJobQueue, type JobQueue } from '#server/jobs/queue.ts'
import { enqueueMail } from '#server/services/mail/enqueue-mail.ts'
import { requestMailDelivery } from '#server/services/mail/request-mail-delivery.ts'
import {
  killWorkerProcesses,
  startWorkerProcess,
  untilLogged,
  type WorkerProcess,
} from '#tests/helpers/mail-worker-process.ts'
import { startRecordingSmtpServer, type RecordingSmtpServer } from './recording-smtp-server.ts'

/**
 * Issue #14: "a second worker process never sends an email twice", with real processes. Two
 * production workers (server/worker.ts, each its own process, job queue, connection pool and
 * nodemailer transport) drain the outbox of this file's database into one real SMTP server,
 * which tells them apart by their EHLO name. This process only enqueues (committed
 * transactions, enqueueMail) and asks for delivery the way the app does (requestMailDelivery,
 * a pg-boss job), then counts what the SMTP server accepted, by the X-SkyPANEL-Event header
 * and the Message-ID. The tests run in order on the same two workers (starting a worker costs
 * seconds on a loaded machine); each has its own event-key prefix.
 */

const FROM_DOMAIN = 'mail-proof.test'
let smtp: RecordingSmtpServer
let sender: JobQueue
const workers: Record<string, WorkerProcess> = {}

async function startWorker(name: string, env: Record<string, string> = {}) {
  const worker = await startWorkerProcess(name, {
    SMTP_URL: smtp.urlFor(name),
    MAIL_FROM: `Billing <billing@${FROM_DOMAIN}>`,
    // Production waits 25 s for jobs in progress on SIGTERM; the test does not wait that long.
    SHUTDOWN_DRAIN_MS: '4000',
    ...env,
  })
  workers[name] = worker
  return worker
}

beforeAll(async () => {
  smtp = await startRecordingSmtpServer()
  await Promise.all([startWorker('worker-a'), startWorker('worker-b')])
  sender = await startJobQueue({
    databaseUrl: process.env.DATABASE_URL!,
    db,
    providers: getProviders(),
    mode: 'send-only',
  })
  await Promise.all(Object.values(workers).map((w) => untilLogged(w, 'job queue started', 110_000)))
}, 120_000)

afterAll(async () => {
  await killWorkerProcesses()
  await sender?.stop({ timeoutMs: 1000 })
  await smtp?.close()
})

/** `count` messages through enqueueMail, committed in transactions of 25. */
async function enqueue(prefix: string, count: number): Promise<string[]> {
  const keys = Array.from({ length: count }, (_, i) => `${prefix}${i}`)
  for (let start = 0; start < count; start += 25)
    await db.transaction(async (tx) => {
      for (const [i, eventKey] of keys.slice(start, start + 25).entries())
        await enqueueMail(tx, {
          eventKey,
          recipient: { to: `reader@${FROM_DOMAIN}`, name: 'Proof Reader' },
          template: 'tokens-delivered',
          data: { topupId: start + i, tokens: start + i + 1 },
        })
    })
  return keys
}

const rowsWith = (prefix: string) =>
  db
    .select()
    .from(mailOutbox)
    .where(like(mailOutbox.eventKey, `${prefix}%`))
    .orderBy(mailOutbox.id)

/** Asks for delivery (two jobs a second, as producers do after commit) until `done` holds. */
async function deliverUntil(what: string, done: () => boolean | Promise<boolean>, ms = 90_000) {
  const deadline = Date.now() + ms
  for (;;) {
    if (await done()) return
    for (const w of Object.values(workers))
      if (!w.running() && w.child.signalCode === null && w.child.exitCode !== 0)
        throw new Error(`${w.name} died:\n${w.output()}`)
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`)
    await requestMailDelivery()
    await requestMailDelivery()
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
}

const allSent = (prefix: string, count: number) => async () => {
  const rows = await rowsWith(prefix)
  return rows.length === count && rows.every((row) => row.status === 'sent')
}

/** The Message-ID a row is always sent with (ADR 026), whoever sends it and however often. */
const stableMessageId = (row: MailOutboxRow) =>
  `<mail-${row.id}.${row.createdAt.getTime()}@${FROM_DOMAIN}>`

/** How many times the SMTP server accepted each event key of `prefix`. */
function acceptedCounts(prefix: string): Map<string, number> {
  const counts = new Map<string, number>()
  for (const m of smtp.acceptedWith(prefix))
    counts.set(m.eventKey, (counts.get(m.eventKey) ?? 0) + 1)
  return counts
}

/** A late duplicate would still arrive: one more round of requests, then a pause. */
async function settle() {
  await requestMailDelivery()
  await requestMailDelivery()
  await new Promise((resolve) => setTimeout(resolve, 1500))
}

// Generous timeouts: on a loaded 2-core machine starting a worker takes ~25 s and the 200
// messages ~30 s; on a quiet one the whole file takes well under a minute.
describe('two worker processes, one SMTP server', { timeout: 150_000 }, () => {
  it('drain 200 messages at once, and each is accepted exactly once, with its stable Message-ID', async () => {
    smtp.reset()
    smtp.setDelay(5)
    const prefix = 'two:'
    const keys = await enqueue(prefix, 200)

    await deliverUntil('all 200 sent', allSent(prefix, 200))
    await settle()

    const rows = await rowsWith(prefix)
    expect(rows.map((row) => [row.status, row.attempts])).toEqual(keys.map(() => ['sent', 1]))
    const accepted = smtp.acceptedWith(prefix)
    expect(accepted).toHaveLength(200)
    expect(new Set(accepted.map((m) => m.eventKey))).toEqual(new Set(keys))
    for (const row of rows) {
      const [message] = accepted.filter((m) => m.eventKey === row.eventKey)
      expect(message!.messageId).toBe(stableMessageId(row))
      expect(row.messageId).toBe(message!.messageId)
    }
    // Both processes really sent, and at the same time: their sending periods overlap.
    const period = (name: string) => {
      const times = accepted.filter((m) => m.sender === name).map((m) => m.at)
      return { count: times.length, first: Math.min(...times), last: Math.max(...times) }
    }
    const a = period('worker-a')
    const b = period('worker-b')
    expect(a.count + b.count).toBe(200)
    expect(a.count).toBeGreaterThan(0)
    expect(b.count).toBeGreaterThan(0)
    expect(a.first < b.last && b.first < a.last).toBe(true)
  })

  it('a temporary refusal (451) is retried after the backoff, and still accepted once', async () => {
    smtp.reset()
    const prefix = 'retry:'
    const keys = await enqueue(prefix, 40)
    const refuseOnce = new Set(keys.filter((_, i) => i % 4 === 0))
    smtp.setJudge(({ eventKey }) =>
      refuseOnce.delete(eventKey)
        ? { accept: false, code: 451, message: '4.3.0 Mailbox busy, try again later' }
        : { accept: true },
    )

    const refused = keys.filter((_, i) => i % 4 === 0)
    const settledFirstRound = async () => {
      const rows = await rowsWith(prefix)
      return rows.filter((row) => row.status === 'sent').length === 30 && refuseOnce.size === 0
    }
    const before = Date.now()
    await deliverUntil('the first round', settledFirstRound)
    let rows = await rowsWith(prefix)
    for (const row of rows.filter((r) => refused.includes(r.eventKey))) {
      expect(row).toMatchObject({ status: 'pending', attempts: 1 })
      expect(row.lastError).toMatch(/451/)
      // Backoff: the next attempt a minute after this one, not before.
      expect(row.nextAttemptAt.getTime()).toBeGreaterThan(before + 55_000)
      expect(row.nextAttemptAt.getTime()).toBeLessThan(Date.now() + 61_000)
    }
    expect(smtp.refused.filter((r) => r.eventKey.startsWith(prefix))).toHaveLength(10)

    // A minute later (the rows' clock moved instead of the test waiting for it).
    await db
      .update(mailOutbox)
      .set({ nextAttemptAt: sql`now()` })
      .where(and(like(mailOutbox.eventKey, `${prefix}%`), eq(mailOutbox.status, 'pending')))
    await deliverUntil('the retries', allSent(prefix, 40))
    await settle()

    rows = await rowsWith(prefix)
    for (const row of rows) {
      expect(row.status).toBe('sent')
      expect(row.attempts).toBe(refused.includes(row.eventKey) ? 2 : 1)
      expect(row.lastError).toBeNull()
    }
    expect([...acceptedCounts(prefix).values()]).toEqual(keys.map(() => 1))
    expect(acceptedCounts(prefix).size).toBe(40)
  })

  it('SIGKILL mid-batch: the rows it held go back to pending and are sent by the others; only a message the SMTP server accepted before the kill is sent twice, with the same Message-ID', async () => {
    smtp.reset()
    smtp.setDelay(20)
    const prefix = 'kill:'
    const keys = await enqueue(prefix, 60)
    const victim = workers['worker-a']!
    // After two accepted messages, worker-a's next ones stay in the server unanswered: both of
    // its lanes are then in the middle of an SMTP exchange, each holding its row's lock.
    const heldFromVictim = () =>
      smtp.held.filter((m) => m.sender === victim.name && m.eventKey.startsWith(prefix))
    smtp.setJudge(({ sender }) =>
      sender === victim.name &&
      smtp.acceptedWith(prefix).filter((m) => m.sender === victim.name).length >= 2
        ? { hold: true }
        : { accept: true },
    )
    await deliverUntil('worker-a mid-batch', () => heldFromVictim().length === 2)

    victim.child.kill('SIGKILL')
    expect(await victim.exited).toEqual({ code: null, signal: 'SIGKILL' })
    smtp.setJudge(() => ({ accept: true }))
    // Both messages had reached the server in full. It accepts one (it had queued it before
    // answering, as real servers do) and loses the other with the connection.
    const [acceptedAtKill, lostAtKill] = heldFromVictim()
    acceptedAtKill!.release(true)
    lostAtKill!.release(false)
    // A restarted worker joins the survivor (and stays for the next test).
    await startWorker('worker-c')

    await deliverUntil('all sent after the kill', allSent(prefix, 60))
    await settle()

    const rows = await rowsWith(prefix)
    // The killed transactions rolled back: no attempt counted, no error, no trace.
    expect(rows.map((row) => [row.status, row.attempts, row.lastError])).toEqual(
      keys.map(() => ['sent', 1, null]),
    )
    const counts = acceptedCounts(prefix)
    expect(counts.size).toBe(60)
    expect(
      [...counts].filter(([, n]) => n !== 1),
      'only the message accepted at the kill arrives twice',
    ).toEqual([[acceptedAtKill!.eventKey, 2]])
    const sendsOf = (eventKey: string) => smtp.accepted.filter((m) => m.eventKey === eventKey)
    const twice = sendsOf(acceptedAtKill!.eventKey)
    const row = rows.find((r) => r.eventKey === acceptedAtKill!.eventKey)!
    expect(twice.map((m) => m.messageId)).toEqual([stableMessageId(row), stableMessageId(row)])
    // Once by the killed worker (accepted after it died), once by another.
    expect(twice.filter((m) => m.sender === victim.name)).toHaveLength(1)
    const lost = sendsOf(lostAtKill!.eventKey)
    expect(lost.map((m) => m.sender === victim.name)).toEqual([false])
  })

  it('SIGTERM mid-batch: the worker stops claiming, finishes the messages it holds and exits 0; the other sends the rest, each once', async () => {
    const survivor = workers['worker-c']!
    const target = workers['worker-b']!
    await untilLogged(survivor, 'job queue started', 110_000)
    smtp.reset()
    // A slow SMTP server: a batch of 50 would take far longer than the shutdown drain.
    smtp.setDelay(300)
    const prefix = 'term:'
    const keys = await enqueue(prefix, 40)
    await deliverUntil('worker-b sending', () =>
      smtp.acceptedWith(prefix).some((m) => m.sender === target.name),
    )

    const terminatedAt = Date.now()
    target.child.kill('SIGTERM')
    expect(await target.exited).toEqual({ code: 0, signal: null })
    expect(target.output()).toContain('Shutdown: job queue done')
    await deliverUntil('all sent after SIGTERM', allSent(prefix, 40))
    await settle()

    const rows = await rowsWith(prefix)
    expect(rows.map((row) => [row.status, row.attempts])).toEqual(keys.map(() => ['sent', 1]))
    expect([...acceptedCounts(prefix).values()]).toEqual(keys.map(() => 1))
    // What worker-b began to send after SIGTERM: at most what its two lanes already held.
    const begunAfter = smtp
      .acceptedWith(prefix)
      .filter((m) => m.sender === target.name && m.dataAt > terminatedAt)
    expect(begunAfter.length).toBeLessThanOrEqual(2)
    expect(smtp.acceptedWith(prefix).some((m) => m.sender === survivor.name)).toBe(true)
  })
})

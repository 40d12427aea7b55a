import { createHash } from 'node:crypto'
import { and, asc, eq, inArray, like, sql } from 'drizzle-orm'
import { z } from 'zod'
import type { Db } from '#db/client.ts'
import { isUniqueViolation } from '#db/errors.ts'
import { bulkCreditBatches, creditTransactions, users } from '#db/schema/index.ts'
import { AppError, isAppError } from '#server/errors.ts'
import { env } from '#server/env.ts'
import { logError } from '#server/lib/log.ts'
import { formatCents, money, parseDecimalToCents, type Money } from '#server/lib/money.ts'
import { ZEmail } from '#server/services/users/schemas.ts'
import {
  BULK_MAX_BYTES,
  BULK_MAX_ROWS,
  describeBulkApplication,
  normaliseCsv,
  readBulkCsv,
  type BulkApplicationRef,
  type BulkCsvRow,
} from './bulk-csv.ts'
import { enqueueMail } from '#server/services/mail/enqueue-mail.ts'
import { requestMailDelivery } from '#server/services/mail/request-mail-delivery.ts'
import { postCreditEntry } from './post-credit-entry.ts'
import { ZReason } from './schemas.ts'

export type BulkAction = 'add' | 'remove'

/** How many users' rows are applied side by side. */
const BULK_CONCURRENCY = 4

const TOO_LARGE = `The file is larger than 1 MB; split it into smaller files (at most ${BULK_MAX_ROWS.toLocaleString('en-US')} rows each)`

const FINGERPRINT = /^[0-9a-f]{32}$/

/** A row the admin chose to apply once more, after seeing it applied `timesApplied` times. */
const ZApplyAgain = z.object({
  fingerprint: z
    .string()
    .regex(FINGERPRINT, 'fingerprint must be a row fingerprint from the preview'),
  timesApplied: z
    .number()
    .int()
    .min(1, 'timesApplied must be at least 1')
    .max(1_000_000, 'timesApplied is too large'),
})

export const ZBulkAdjustInput = z.object({
  csv: z
    .string({ error: 'Upload or paste a CSV file' })
    .max(BULK_MAX_BYTES, TOO_LARGE)
    .refine((csv) => Buffer.byteLength(csv, 'utf8') <= BULK_MAX_BYTES, TOO_LARGE),
  dryRun: z.boolean({ error: 'dryRun must be true (preview) or false (apply)' }),
  applyAgain: z
    .array(ZApplyAgain)
    .max(BULK_MAX_ROWS, `applyAgain may name at most ${BULK_MAX_ROWS} rows`)
    .refine(
      (rows) => new Set(rows.map((row) => row.fingerprint)).size === rows.length,
      'applyAgain names a row twice',
    )
    .optional(),
})
export type TApplyAgain = z.output<typeof ZApplyAgain>

export type BulkPreviewRow = {
  line: number
  /** As written in the file (trimmed). */
  email: string
  user: { id: number; name: string } | null
  action: BulkAction | null
  amount: Money | null
  /** Trimmed, as it will be recorded. */
  reason: string
  /** Every problem with the row, joined; null when the row can be applied. */
  problem: string | null
  /** The row's identity across files (bulkRowFingerprint); null while user, action or amount is unknown. */
  fingerprint: string | null
  /** Earlier applications of this same row, from any file, oldest first. */
  appliedBefore: BulkApplication[]
  /** How many times the row was applied (its latest occurrence): what "apply again" confirms. */
  timesApplied: number
}

type Totals = {
  adds: { count: number; amount: Money }
  removals: { count: number; amount: Money }
}

export type BulkPreview = {
  kind: 'preview'
  /** sha256 of the normalised file, first 16 hex digits. */
  fileHash: string
  rowCount: number
  rows: BulkPreviewRow[]
  fileProblems: string[]
  /** File problems plus rows with a problem. */
  problemCount: number
  ok: boolean
  /** Rows applied before: applying skips them unless the admin asks to apply them again. */
  alreadyApplied: number
  totals: Totals
}

/** An earlier application of a row: the ledger entry, its batch and its place in the file. */
export type BulkApplication = BulkApplicationRef & {
  entryId: number
  /** 1 for the row's first application, 2 for the first time it was applied again, … */
  occurrence: number
  /** The line it had in that batch's file. */
  line: number | null
  admin: { id: number; name: string } | null
  balanceAfter: Money
}

export type BulkResultRow = {
  line: number
  email: string
  user: { id: number; name: string }
  action: BulkAction
  amount: Money
  reason: string
  fingerprint: string
  /** Which application of the row this request asked for: 1 the first, 2+ an "apply again". */
  occurrence: number
  /**
   * applied: posted by this request; replayed: that application already existed (nothing
   * written; `appliedIn` says where); failed: not applied.
   */
  status: 'applied' | 'replayed' | 'failed'
  appliedIn: BulkApplication | null
  entryId: number | null
  /** The balance right after this row's entry (for a replay, after the existing entry). */
  balanceAfter: Money | null
  /** What happened, in words: already applied where and when, or applied again. */
  note: string | null
  warning: string | null
  /** Why a failed row was not applied; applying the same file again retries it. */
  error: string | null
}

export type BulkApplyResult = {
  kind: 'results'
  fileHash: string
  /** This request's batch: the rows it applied point at it. */
  batch: { id: number; createdAt: Date }
  rows: BulkResultRow[]
  summary: { total: number; applied: number; replayed: number; failed: number }
  totals: Totals
}

/**
 * What identifies a row across files, whatever spreadsheet saved them: the user the email
 * names, the direction, the amount in cents and the reason compared loosely
 * (reasonIdentity). Line, column order, quoting, spacing and line ends do not count.
 */
export function bulkRowFingerprint(row: {
  userId: number
  action: BulkAction
  cents: number
  reason: string
}): string {
  const identity = JSON.stringify([row.userId, row.action, row.cents, reasonIdentity(row.reason)])
  return createHash('sha256').update(identity, 'utf8').digest('hex').slice(0, 32)
}

/**
 * Reasons as compared between files: compatibility-normalised Unicode, whitespace runs as
 * one space, case folded. A false match only asks the admin to confirm "apply again"; a
 * missed one would credit twice.
 */
export function reasonIdentity(reason: string): string {
  return reason.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase()
}

/** The ledger key of one application of a row; unique per user in credit_transactions. */
export function bulkRowKey(fingerprint: string, occurrence: number): string {
  return `bulk:${fingerprint}:${occurrence}`
}

export function bulkFileHash(csv: string): string {
  return createHash('sha256').update(normaliseCsv(csv), 'utf8').digest('hex').slice(0, 16)
}

const quoted = (text: string) => `"${text.length > 40 ? `${text.slice(0, 40)}…` : text}"`

type Checked<T> = { ok: true; value: T } | { ok: false; message: string }

function checkAmount(text: string): Checked<number> {
  if (text === '') return { ok: false, message: 'Amount is missing' }
  if (text.startsWith('-'))
    return {
      ok: false,
      message: `Negative amount ${quoted(text)}: write a positive amount with action "remove"`,
    }
  const parsed = parseDecimalToCents(text)
  if (!parsed.ok) return { ok: false, message: `Bad amount ${quoted(text)}: ${parsed.message}` }
  if (parsed.cents === 0) return { ok: false, message: 'Amount must be greater than zero' }
  const min = env.ADMIN_ADJUSTMENT_MIN
  const max = env.ADMIN_ADJUSTMENT_MAX
  if (parsed.cents < min || parsed.cents > max)
    return {
      ok: false,
      message: `Amount ${formatCents(parsed.cents)} is outside the admin adjustment limits (${formatCents(min)} to ${formatCents(max)})`,
    }
  return { ok: true, value: parsed.cents }
}

function checkAction(text: string): Checked<BulkAction> {
  const action = text.toLowerCase()
  if (action === '' || action === 'add') return { ok: true, value: 'add' }
  if (action === 'remove') return { ok: true, value: 'remove' }
  return {
    ok: false,
    message: `Bad action ${quoted(text)}: use add or remove (empty means add)`,
  }
}

function checkReason(text: string): Checked<string> {
  if (text.trim() === '') return { ok: false, message: 'A reason is required' }
  const parsed = ZReason.safeParse(text)
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, message: parsed.error.issues[0]?.message ?? 'Bad reason' }
}

function checkEmail(text: string): Checked<string> {
  if (text === '') return { ok: false, message: 'Email is missing' }
  const parsed = ZEmail.safeParse(text)
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, message: `Invalid email address ${quoted(text)}` }
}

type UserRow = { id: number; name: string; isActive: boolean }

async function findUsersByEmail(db: Db, emails: string[]): Promise<Map<string, UserRow>> {
  const found = new Map<string, UserRow>()
  if (emails.length === 0) return found
  const rows = await db
    .select({
      email: sql<string>`lower(${users.email})`,
      id: users.id,
      name: users.name,
      isActive: users.isActive,
    })
    .from(users)
    .where(inArray(sql`lower(${users.email})`, emails))
  for (const row of rows)
    found.set(row.email, { id: row.id, name: row.name, isActive: row.isActive })
  return found
}

type Validated = Omit<BulkPreviewRow, 'fingerprint' | 'appliedBefore' | 'timesApplied'> & {
  emailKey: string | null
}

function totalsOf(rows: ReadonlyArray<Pick<BulkPreviewRow, 'action' | 'amount'>>): Totals {
  let adds = 0
  let addCents = 0
  let removals = 0
  let removeCents = 0
  for (const row of rows) {
    if (!row.amount || !row.action) continue
    if (row.action === 'add') {
      adds++
      addCents += row.amount.cents
    } else {
      removals++
      removeCents += row.amount.cents
    }
  }
  return {
    adds: { count: adds, amount: money(addCents) },
    removals: { count: removals, amount: money(removeCents) },
  }
}

const CURRENT_KEY = /^bulk:([0-9a-f]{32}):([1-9]\d{0,8})$/
/** Keys of rows applied before rows had fingerprints: bulk:<file hash>:<line>. */
const FILE_LINE_KEY = /^bulk:[0-9a-f]{16}:([1-9]\d{0,8})$/

/**
 * Every bulk application for these users, by row fingerprint, oldest first. Entries from
 * before fingerprints were keyed by file and line; their fingerprint is computed from the
 * entry itself and they count as the row's first occurrences (no new entry of that kind is
 * ever written, so reading them is enough to honour them).
 */
async function findApplications(
  db: Db,
  userIds: number[],
  onlyKey?: string,
): Promise<Map<string, BulkApplication[]>> {
  const byFingerprint = new Map<string, BulkApplication[]>()
  if (userIds.length === 0) return byFingerprint
  const entries = await db
    .select({
      id: creditTransactions.id,
      userId: creditTransactions.userId,
      type: creditTransactions.type,
      amountCents: creditTransactions.amountCents,
      balanceAfterCents: creditTransactions.balanceAfterCents,
      reason: creditTransactions.reason,
      key: creditTransactions.idempotencyKey,
      metadata: creditTransactions.metadata,
      createdAt: creditTransactions.createdAt,
      adminId: creditTransactions.adminUserId,
      adminName: users.name,
    })
    .from(creditTransactions)
    .leftJoin(users, eq(users.id, creditTransactions.adminUserId))
    .where(
      and(
        inArray(creditTransactions.userId, userIds),
        onlyKey === undefined
          ? like(creditTransactions.idempotencyKey, 'bulk:%')
          : eq(creditTransactions.idempotencyKey, onlyKey),
        inArray(creditTransactions.type, ['admin_add', 'admin_remove']),
      ),
    )
    .orderBy(asc(creditTransactions.id))
  const earlierUploads = new Map<string, number>()
  for (const entry of entries) {
    const base = {
      entryId: entry.id,
      at: entry.createdAt,
      admin:
        entry.adminId === null ? null : { id: entry.adminId, name: entry.adminName ?? 'unknown' },
      balanceAfter: money(entry.balanceAfterCents),
    }
    let fingerprint: string
    let application: BulkApplication
    const current = CURRENT_KEY.exec(entry.key ?? '')
    const fileLine = FILE_LINE_KEY.exec(entry.key ?? '')
    if (current) {
      fingerprint = current[1]!
      const batchId = entry.metadata.bulkBatchId
      const line = entry.metadata.line
      application = {
        ...base,
        occurrence: Number(current[2]),
        batchId: typeof batchId === 'number' ? batchId : null,
        line: typeof line === 'number' ? line : null,
      }
    } else if (fileLine && entry.reason !== null) {
      fingerprint = bulkRowFingerprint({
        userId: entry.userId,
        action: entry.type === 'admin_add' ? 'add' : 'remove',
        cents: Math.abs(entry.amountCents),
        reason: entry.reason,
      })
      const occurrence = (earlierUploads.get(fingerprint) ?? 0) + 1
      earlierUploads.set(fingerprint, occurrence)
      application = { ...base, occurrence, batchId: null, line: Number(fileLine[1]) }
    } else continue
    const list = byFingerprint.get(fingerprint)
    if (list) list.push(application)
    else byFingerprint.set(fingerprint, [application])
  }
  for (const list of byFingerprint.values()) list.sort((a, b) => a.occurrence - b.occurrence)
  return byFingerprint
}

/**
 * Reads a bulk adjustment file and checks every row against the same rules as a single
 * admin adjustment (amount limits, reason), plus: the email belongs to an active user, the
 * amount is not negative (removals say action=remove), and no row repeats an earlier one.
 * Also lists, per row, where and when that same row was applied before. Writes nothing.
 */
export async function previewBulkAdjust(db: Db, input: { csv: string }): Promise<BulkPreview> {
  const fileHash = bulkFileHash(input.csv)
  if (Buffer.byteLength(input.csv, 'utf8') > BULK_MAX_BYTES) {
    return {
      kind: 'preview',
      fileHash,
      rowCount: 0,
      rows: [],
      fileProblems: [TOO_LARGE],
      problemCount: 1,
      ok: false,
      alreadyApplied: 0,
      totals: totalsOf([]),
    }
  }
  const read = readBulkCsv(input.csv)

  const validated = read.rows.map((raw: BulkCsvRow): Validated => {
    const problems: string[] = raw.problem ? [raw.problem] : []
    const base = { line: raw.line, email: raw.email, user: null, reason: raw.reason.trim() }
    if (raw.problem) {
      // A row of the wrong shape: its values are probably in the wrong columns.
      return { ...base, action: null, amount: null, problem: raw.problem, emailKey: null }
    }
    const email = checkEmail(raw.email)
    const amount = checkAmount(raw.amount)
    const reason = checkReason(raw.reason)
    const action = checkAction(raw.action)
    for (const check of [email, amount, reason, action]) if (!check.ok) problems.push(check.message)
    return {
      ...base,
      reason: reason.ok ? reason.value : base.reason,
      action: action.ok ? action.value : null,
      amount: amount.ok ? money(amount.value) : null,
      problem: problems.length > 0 ? problems.join('; ') : null,
      emailKey: email.ok ? email.value : null,
    }
  })

  const emails = [
    ...new Set(validated.flatMap((row) => (row.emailKey === null ? [] : [row.emailKey]))),
  ]
  const found = await findUsersByEmail(db, emails)
  const applications = await findApplications(db, [
    ...new Set([...found.values()].map((user) => user.id)),
  ])
  const seen = new Map<string, number>()
  const rows = validated.map(({ emailKey, ...row }): BulkPreviewRow => {
    const unidentified = { ...row, fingerprint: null, appliedBefore: [], timesApplied: 0 }
    if (emailKey === null) return unidentified
    const problems: string[] = row.problem ? [row.problem] : []
    const user = found.get(emailKey)
    if (!user) problems.push(`Unknown email: no user has the address ${quoted(row.email)}`)
    else if (!user.isActive) problems.push(`Inactive user: ${user.name}'s account is deactivated`)
    if (row.action && row.amount) {
      const identity = JSON.stringify([
        emailKey,
        row.action,
        row.amount.cents,
        reasonIdentity(row.reason),
      ])
      const first = seen.get(identity)
      if (first !== undefined)
        problems.push(
          `Duplicate of line ${first}: same email, action, amount and reason (remove one, or change its reason if both are meant)`,
        )
      else seen.set(identity, row.line)
    }
    const fingerprint =
      user && row.action && row.amount
        ? bulkRowFingerprint({
            userId: user.id,
            action: row.action,
            cents: row.amount.cents,
            reason: row.reason,
          })
        : null
    const appliedBefore = (fingerprint && applications.get(fingerprint)) || []
    return {
      ...unidentified,
      user: user ? { id: user.id, name: user.name } : null,
      problem: problems.length > 0 ? problems.join('; ') : null,
      fingerprint,
      appliedBefore,
      timesApplied: appliedBefore.at(-1)?.occurrence ?? 0,
    }
  })

  const problemRows = rows.filter((row) => row.problem !== null).length
  const problemCount = read.fileProblems.length + problemRows
  return {
    kind: 'preview',
    fileHash,
    rowCount: read.rowCount,
    rows,
    fileProblems: read.fileProblems,
    problemCount,
    ok: problemCount === 0,
    alreadyApplied: rows.filter((row) => row.timesApplied > 0).length,
    totals: totalsOf(rows),
  }
}

type PlannedRow = Pick<
  BulkResultRow,
  'line' | 'email' | 'user' | 'action' | 'amount' | 'reason' | 'fingerprint' | 'occurrence'
> & { appliedBefore: BulkApplication[] }

/**
 * Applies a bulk adjustment file as a new batch: refuses (CONFLICT, with the list) while any
 * row has a problem, else posts each row in its own transaction under the key
 * bulk:<fingerprint>:<occurrence>, unique per user in the ledger. A row applied before
 * (by any file, any admin, or a concurrent request) is not applied again: it comes back
 * `replayed`, naming the batch and time that applied it. Applying it once more takes an
 * explicit `applyAgain` with the number of times the admin saw it applied; that names the
 * next occurrence, so retrying the same request still applies it only once.
 */
export async function applyBulkAdjust(
  db: Db,
  input: { csv: string; admin: { id: number; name: string }; applyAgain?: TApplyAgain[] },
): Promise<BulkApplyResult> {
  const preview = await previewBulkAdjust(db, { csv: input.csv })
  if (!preview.ok) {
    const problems = preview.rows
      .filter((row) => row.problem !== null)
      .map((row) => ({ line: row.line, email: row.email, problem: row.problem! }))
    throw new AppError(
      'CONFLICT',
      `Nothing was applied: the file has ${preview.problemCount} problem${preview.problemCount === 1 ? '' : 's'}. Fix ${preview.problemCount === 1 ? 'it' : 'them'} and preview again.`,
      { details: { fileHash: preview.fileHash, fileProblems: preview.fileProblems, problems } },
    )
  }
  const again = new Map(
    (input.applyAgain ?? []).map((row) => [row.fingerprint, row.timesApplied] as const),
  )
  const timesApplied = new Map(preview.rows.map((row) => [row.fingerprint, row.timesApplied]))
  for (const [fingerprint, seen] of again) {
    // Applications never disappear: a count above what the ledger holds was never seen,
    // and acting on it would skip an occurrence that a plain apply would then write.
    const known = timesApplied.get(fingerprint)
    if (known === undefined || seen > known)
      throw new AppError(
        'VALIDATION_FAILED',
        known === undefined
          ? 'applyAgain names a row that is not in this file: preview the file again.'
          : `applyAgain says a row was applied ${seen === 1 ? 'once' : `${seen} times`}, but the ledger has ${known}: preview the file again.`,
        { fields: { applyAgain: ['Does not match this file: preview it again'] } },
      )
  }
  // A clean preview has a user, an action, an amount and a fingerprint on every row.
  const planned: PlannedRow[] = preview.rows.map((row) => ({
    line: row.line,
    email: row.email,
    user: row.user!,
    action: row.action!,
    amount: row.amount!,
    reason: row.reason,
    fingerprint: row.fingerprint!,
    occurrence: (again.get(row.fingerprint!) ?? 0) + 1,
    appliedBefore: row.appliedBefore,
  }))
  const [batch] = await db
    .insert(bulkCreditBatches)
    .values({ adminUserId: input.admin.id, fileHash: preview.fileHash, rowCount: planned.length })
    .returning({ id: bulkCreditBatches.id, createdAt: bulkCreditBatches.createdAt })
  const admin = { id: input.admin.id, name: input.admin.name }
  // One user's rows run in file order (so each balance-after is deterministic); different
  // users run side by side, a few at a time, leaving the pool to other requests.
  const byUser = new Map<number, number[]>()
  planned.forEach((row, index) => {
    const indexes = byUser.get(row.user.id)
    if (indexes) indexes.push(index)
    else byUser.set(row.user.id, [index])
  })
  const queue = [...byUser.values()]
  const rows = new Array<BulkResultRow>(planned.length)
  const worker = async () => {
    for (let group = queue.shift(); group; group = queue.shift()) {
      for (const index of group) rows[index] = await applyRow(db, batch!.id, planned[index]!, admin)
    }
  }
  await Promise.all(Array.from({ length: Math.min(BULK_CONCURRENCY, queue.length) }, worker))
  if (rows.some((row) => row.status === 'applied')) await requestMailDelivery()
  return {
    kind: 'results',
    fileHash: preview.fileHash,
    batch: batch!,
    rows,
    summary: {
      total: rows.length,
      applied: rows.filter((row) => row.status === 'applied').length,
      replayed: rows.filter((row) => row.status === 'replayed').length,
      failed: rows.filter((row) => row.status === 'failed').length,
    },
    totals: preview.totals,
  }
}

const ordinal = (n: number) => {
  const tens = n % 100
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th')
  return `${n}${suffix}`
}

/** Posts one row; never throws: a failure is reported on the row. */
async function applyRow(
  db: Db,
  batchId: number,
  { appliedBefore, ...row }: PlannedRow,
  admin: { id: number; name: string },
): Promise<BulkResultRow> {
  const replayed = (existing: BulkApplication): BulkResultRow => ({
    ...row,
    status: 'replayed',
    appliedIn: existing,
    entryId: existing.entryId,
    balanceAfter: existing.balanceAfter,
    note: `Already applied in ${describeBulkApplication(existing)}; not applied again.`,
    warning: null,
    error: null,
  })
  // The journal is append-only: an application seen once exists for good.
  const known = appliedBefore.find((application) => application.occurrence === row.occurrence)
  if (known) return replayed(known)
  const idempotencyKey = bulkRowKey(row.fingerprint, row.occurrence)
  const adding = row.action === 'add'
  try {
    const entry = await db.transaction(async (tx) => {
      // The notice with the reason, keyed like the entry: a row applied again writes neither.
      await enqueueMail(tx, {
        eventKey: `bulk-adjustment:${row.user.id}:${idempotencyKey}`,
        recipient: { userId: row.user.id },
        template: 'admin-credit-adjustment',
        data: { direction: row.action, amountCents: row.amount.cents, reason: row.reason },
      })
      return postCreditEntry(tx, {
        userId: row.user.id,
        type: adding ? 'admin_add' : 'admin_remove',
        amountCents: adding ? row.amount.cents : -row.amount.cents,
        description: adding
          ? 'Credits added by an administrator'
          : 'Credits removed by an administrator',
        paymentMethod: 'admin',
        adminUserId: admin.id,
        reason: row.reason,
        idempotencyKey,
        metadata: { bulkBatchId: batchId, line: row.line },
        allowNegative: !adding,
      })
    })
    const after = entry.balanceAfterCents
    return {
      ...row,
      status: 'applied',
      appliedIn: null,
      entryId: entry.id,
      balanceAfter: money(after),
      note:
        row.occurrence > 1
          ? `Applied again, as asked (the ${ordinal(row.occurrence)} time).`
          : null,
      warning:
        !adding && after < 0
          ? `The balance is now negative (${formatCents(after)}): the user owes it.`
          : null,
      error: null,
    }
  } catch (error) {
    if (isUniqueViolation(error, 'credit_transactions_idempotency_key')) {
      // Posted by another request meanwhile (the same file applied twice at once).
      const [winner] =
        (await findApplications(db, [row.user.id], idempotencyKey)).get(row.fingerprint) ?? []
      if (winner) return replayed(winner)
    }
    if (!isAppError(error)) logError('bulk credit row failed', error, { batchId, line: row.line })
    const message = isAppError(error)
      ? error.message
      : 'Unexpected error; nothing was written for this row.'
    return {
      ...row,
      status: 'failed',
      appliedIn: null,
      entryId: null,
      balanceAfter: null,
      note: null,
      warning: null,
      error: `${message} Applying the same file again retries this row.`,
    }
  }
}

/** The tRPC entry: a dry run previews (writes nothing), otherwise the file is applied. */
export function bulkAdjust(
  db: Db,
  input: {
    csv: string
    dryRun: boolean
    applyAgain?: TApplyAgain[]
    admin: { id: number; name: string }
  },
): Promise<BulkPreview | BulkApplyResult> {
  return input.dryRun
    ? previewBulkAdjust(db, { csv: input.csv })
    : applyBulkAdjust(db, { csv: input.csv, admin: input.admin, applyAgain: input.applyAgain })
}

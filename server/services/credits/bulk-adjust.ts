import { createHash } from 'node:crypto'
import { inArray, sql } from 'drizzle-orm'
import { z } from 'zod'
import type { Db } from '#db/client.ts'
import { users } from '#db/schema/index.ts'
import { AppError, isAppError } from '#server/errors.ts'
import { env } from '#server/env.ts'
import { logError } from '#server/lib/log.ts'
import { formatCents, money, parseDecimalToCents, type Money } from '#server/lib/money.ts'
import { ZEmail } from '#server/services/users/schemas.ts'
import { adjustCreditsByAdmin } from './adjust-credits-by-admin.ts'
import {
  BULK_MAX_BYTES,
  BULK_MAX_ROWS,
  normaliseCsv,
  readBulkCsv,
  type BulkCsvRow,
} from './bulk-csv.ts'
import { findEntryByIdempotencyKey } from './post-credit-entry.ts'
import { ZReason } from './schemas.ts'

export type BulkAction = 'add' | 'remove'

/** How many users' rows are applied side by side. */
const BULK_CONCURRENCY = 4

const TOO_LARGE = `The file is larger than 1 MB; split it into smaller files (at most ${BULK_MAX_ROWS.toLocaleString('en-US')} rows each)`

export const ZBulkAdjustInput = z.object({
  csv: z
    .string({ error: 'Upload or paste a CSV file' })
    .max(BULK_MAX_BYTES, TOO_LARGE)
    .refine((csv) => Buffer.byteLength(csv, 'utf8') <= BULK_MAX_BYTES, TOO_LARGE),
  dryRun: z.boolean({ error: 'dryRun must be true (preview) or false (apply)' }),
})

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
}

type Totals = {
  adds: { count: number; amount: Money }
  removals: { count: number; amount: Money }
}

export type BulkPreview = {
  kind: 'preview'
  /** sha256 of the normalised file, first 16 hex digits: part of every row's idempotency key. */
  batchId: string
  rowCount: number
  rows: BulkPreviewRow[]
  fileProblems: string[]
  /** File problems plus rows with a problem. */
  problemCount: number
  ok: boolean
  totals: Totals
}

export type BulkResultRow = {
  line: number
  email: string
  user: { id: number; name: string }
  action: BulkAction
  amount: Money
  reason: string
  /** applied: posted now; replayed: this row of this file was applied before (nothing written); failed: not applied. */
  status: 'applied' | 'replayed' | 'failed'
  replayed: boolean
  entryId: number | null
  /** The balance right after this row's entry (the same on every replay). */
  balanceAfter: Money | null
  warning: string | null
  /** Why a failed row was not applied; applying the same file again retries it. */
  error: string | null
}

export type BulkApplyResult = {
  kind: 'results'
  batchId: string
  rows: BulkResultRow[]
  summary: { total: number; applied: number; replayed: number; failed: number }
  totals: Totals
}

/** The idempotency key of one row: the same file always yields the same keys. */
export function bulkIdempotencyKey(batchId: string, line: number): string {
  return `bulk:${batchId}:${line}`
}

export function bulkBatchId(csv: string): string {
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

type Validated = BulkPreviewRow & { emailKey: string | null }

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

/**
 * Reads a bulk adjustment file and checks every row against the same rules as a single
 * admin adjustment (amount limits, reason), plus: the email belongs to an active user, the
 * amount is not negative (removals say action=remove), and no row repeats an earlier one.
 * Writes nothing.
 */
export async function previewBulkAdjust(db: Db, input: { csv: string }): Promise<BulkPreview> {
  const batchId = bulkBatchId(input.csv)
  if (Buffer.byteLength(input.csv, 'utf8') > BULK_MAX_BYTES) {
    return {
      kind: 'preview',
      batchId,
      rowCount: 0,
      rows: [],
      fileProblems: [TOO_LARGE],
      problemCount: 1,
      ok: false,
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
  const seen = new Map<string, number>()
  const rows = validated.map(({ emailKey, ...row }): BulkPreviewRow => {
    if (emailKey === null) return row
    const problems: string[] = row.problem ? [row.problem] : []
    const user = found.get(emailKey)
    if (!user) problems.push(`Unknown email: no user has the address ${quoted(row.email)}`)
    else if (!user.isActive) problems.push(`Inactive user: ${user.name}'s account is deactivated`)
    if (row.action && row.amount) {
      const identity = JSON.stringify([emailKey, row.action, row.amount.cents, row.reason])
      const first = seen.get(identity)
      if (first !== undefined)
        problems.push(
          `Duplicate of line ${first}: same email, action, amount and reason (remove one, or change its reason if both are meant)`,
        )
      else seen.set(identity, row.line)
    }
    return {
      ...row,
      user: user ? { id: user.id, name: user.name } : null,
      problem: problems.length > 0 ? problems.join('; ') : null,
    }
  })

  const problemRows = rows.filter((row) => row.problem !== null).length
  const problemCount = read.fileProblems.length + problemRows
  return {
    kind: 'preview',
    batchId,
    rowCount: read.rowCount,
    rows,
    fileProblems: read.fileProblems,
    problemCount,
    ok: problemCount === 0,
    totals: totalsOf(rows),
  }
}

/**
 * Applies a bulk adjustment file: refuses (CONFLICT, with the list) while any row has a
 * problem, else posts each row through adjustCreditsByAdmin in its own transaction with the
 * key bulk:<batch>:<line>. The same file applied again writes nothing for the rows already
 * done (they come back `replayed`, with the same entry and balance) and retries the rest.
 */
export async function applyBulkAdjust(
  db: Db,
  input: { csv: string; admin: { id: number; name: string } },
): Promise<BulkApplyResult> {
  const preview = await previewBulkAdjust(db, { csv: input.csv })
  if (!preview.ok) {
    const problems = preview.rows
      .filter((row) => row.problem !== null)
      .map((row) => ({ line: row.line, email: row.email, problem: row.problem! }))
    throw new AppError(
      'CONFLICT',
      `Nothing was applied: the file has ${preview.problemCount} problem${preview.problemCount === 1 ? '' : 's'}. Fix ${preview.problemCount === 1 ? 'it' : 'them'} and preview again.`,
      { details: { batchId: preview.batchId, fileProblems: preview.fileProblems, problems } },
    )
  }
  const admin = { id: input.admin.id, name: input.admin.name }
  // A clean preview has a user, an action and an amount on every row.
  const planned: RowBase[] = preview.rows.map((row) => ({
    line: row.line,
    email: row.email,
    user: row.user!,
    action: row.action!,
    amount: row.amount!,
    reason: row.reason,
  }))
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
      for (const index of group)
        rows[index] = await applyRow(db, preview.batchId, planned[index]!, admin)
    }
  }
  await Promise.all(Array.from({ length: Math.min(BULK_CONCURRENCY, queue.length) }, worker))
  return {
    kind: 'results',
    batchId: preview.batchId,
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

type RowBase = Pick<BulkResultRow, 'line' | 'email' | 'user' | 'action' | 'amount' | 'reason'>

/** Posts one row; never throws: a failure is reported on the row. */
async function applyRow(
  db: Db,
  batchId: string,
  row: RowBase,
  admin: { id: number; name: string },
): Promise<BulkResultRow> {
  const idempotencyKey = bulkIdempotencyKey(batchId, row.line)
  const adjustment = {
    userId: row.user.id,
    amount: row.amount.cents,
    reason: row.reason,
    idempotencyKey,
    direction: row.action,
    admin,
  }
  try {
    const existing = await findEntryByIdempotencyKey(db, row.user.id, idempotencyKey)
    if (existing && existing.adminUserId !== admin.id) {
      // Another administrator applied this same file: still applied once, never twice.
      const same =
        existing.type === (row.action === 'add' ? 'admin_add' : 'admin_remove') &&
        Math.abs(existing.amountCents) === row.amount.cents &&
        existing.reason === row.reason
      if (!same) throw new AppError('CONFLICT', 'This row was already applied with other values.')
      const after = existing.balanceAfterCents
      return {
        ...row,
        status: 'replayed',
        replayed: true,
        entryId: existing.id,
        balanceAfter: money(after),
        warning: `Already applied by another administrator (user #${existing.adminUserId ?? '?'}).${
          row.action === 'remove' && after < 0
            ? ` The balance was left negative (${formatCents(after)}).`
            : ''
        }`,
        error: null,
      }
    }
    // A repeat returns the first entry and writes nothing (or CONFLICT if it differs).
    const result = await adjustCreditsByAdmin(db, adjustment)
    const replayed = existing !== undefined
    return {
      ...row,
      status: replayed ? 'replayed' : 'applied',
      replayed,
      entryId: result.entry.id,
      balanceAfter: result.balance,
      warning: result.warning,
      error: null,
    }
  } catch (error) {
    if (!isAppError(error)) logError('bulk credit row failed', error, { batchId, line: row.line })
    const message = isAppError(error)
      ? error.message
      : 'Unexpected error; nothing was written for this row.'
    // A conflicting key fails the same way every time; anything else may pass on a retry.
    const retry =
      isAppError(error) && error.code === 'CONFLICT'
        ? ''
        : ' Applying the same file again retries this row.'
    return {
      ...row,
      status: 'failed',
      replayed: false,
      entryId: null,
      balanceAfter: null,
      warning: null,
      error: `${message}${retry}`,
    }
  }
}

/** The tRPC entry: a dry run previews (writes nothing), otherwise the file is applied. */
export function bulkAdjust(
  db: Db,
  input: { csv: string; dryRun: boolean; admin: { id: number; name: string } },
): Promise<BulkPreview | BulkApplyResult> {
  return input.dryRun
    ? previewBulkAdjust(db, { csv: input.csv })
    : applyBulkAdjust(db, { csv: input.csv, admin: input.admin })
}

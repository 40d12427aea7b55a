/**
 * Bulk credit adjustment files: the RFC 4180 reader for the upload and the writer for the
 * results download. Pure (no Node APIs, no server modules), so the browser bundle can use
 * the writer; the checks that need the database or the env limits live in bulk-adjust.ts.
 */

/** At most this many data rows per file (the header line does not count). */
export const BULK_MAX_ROWS = 1000
/** At most this many bytes of UTF-8 text per file (1 MB). */
export const BULK_MAX_BYTES = 1024 * 1024

export const BULK_COLUMNS = ['email', 'amount', 'reason', 'action'] as const
const REQUIRED_COLUMNS = ['email', 'amount', 'reason'] as const
type Column = (typeof BULK_COLUMNS)[number]

export const BULK_HEADER_HINT = 'email,amount,reason with an optional 4th column action'

/**
 * The text a batch is identified by: byte-order mark removed, CRLF and lone CR line ends as
 * LF, trailing blank lines and whitespace dropped. None of this moves a record to another
 * line, so line numbers read from the normalised text match the uploaded file.
 */
export function normaliseCsv(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .trimEnd()
}

export type CsvRecord = {
  /** The physical line the record starts on (1-based; the header is line 1). */
  line: number
  fields: string[]
}

export type CsvParseResult =
  | { ok: true; records: CsvRecord[] }
  | { ok: false; line: number; message: string }

const isBlank = (ch: string | undefined) => ch === ' ' || ch === '\t'

/**
 * RFC 4180: fields separated by commas, records by line ends (CRLF or LF); a field that
 * holds a comma, quote or line end is wrapped in double quotes, with quotes inside doubled.
 * Lenient only where it is unambiguous: spaces around a quoted field are ignored and blank
 * lines are skipped. A quote inside an unquoted field, text after a closing quote or an
 * unterminated quote is refused with the line it starts on.
 */
export function parseCsv(input: string): CsvParseResult {
  const text = normaliseCsv(input)
  const records: CsvRecord[] = []
  if (text.length === 0) return { ok: true, records }
  let i = 0
  let line = 1
  let recordLine = 1
  let fields: string[] = []
  let quotedInRecord = false

  const endRecord = () => {
    // A line with nothing on it is not a record.
    const blank = !quotedInRecord && fields.length === 1 && fields[0]!.trim() === ''
    if (!blank) records.push({ line: recordLine, fields })
    fields = []
    quotedInRecord = false
  }

  for (;;) {
    // At the start of a field.
    let j = i
    while (isBlank(text[j])) j++
    if (text[j] === '"') {
      const startLine = line
      quotedInRecord = true
      j++
      let value = ''
      for (;;) {
        const close = text.indexOf('"', j)
        if (close === -1)
          return {
            ok: false,
            line: startLine,
            message: `Line ${startLine}: a quoted field is never closed (a " is missing)`,
          }
        const chunk = text.slice(j, close)
        for (const ch of chunk) if (ch === '\n') line++
        value += chunk
        if (text[close + 1] === '"') {
          value += '"'
          j = close + 2
          continue
        }
        j = close + 1
        break
      }
      while (isBlank(text[j])) j++
      fields.push(value)
      const next = text[j]
      if (next === undefined) {
        endRecord()
        break
      }
      if (next === ',') {
        i = j + 1
        continue
      }
      if (next === '\n') {
        endRecord()
        line++
        recordLine = line
        i = j + 1
        continue
      }
      return {
        ok: false,
        line,
        message: `Line ${line}: unexpected text after a closing quote (a quote inside a quoted field must be doubled: "")`,
      }
    }
    // Unquoted: up to the next comma or line end.
    let end = i
    while (end < text.length && text[end] !== ',' && text[end] !== '\n') end++
    const value = text.slice(i, end)
    if (value.includes('"'))
      return {
        ok: false,
        line,
        message: `Line ${line}: a field containing " must be wrapped in quotes, with the quote doubled ("")`,
      }
    fields.push(value)
    if (end >= text.length) {
      endRecord()
      break
    }
    if (text[end] === ',') {
      i = end + 1
      continue
    }
    endRecord()
    line++
    recordLine = line
    i = end + 1
  }
  return { ok: true, records }
}

/** One data row as written, by column; `problem` is set when its shape is wrong. */
export type BulkCsvRow = {
  line: number
  email: string
  amount: string
  reason: string
  action: string
  problem: string | null
}

export type BulkCsvRead = {
  /** Problems with the file as a whole (nothing can be applied while there are any). */
  fileProblems: string[]
  /** The data rows, at most BULK_MAX_ROWS + 1 (the first row over the limit is kept, flagged). */
  rows: BulkCsvRow[]
  /** How many data rows the file has in all. */
  rowCount: number
}

const plural = (count: number, one: string, many = `${one}s`) =>
  `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`

export const TOO_MANY_ROWS = `Too many rows: a file may have at most ${plural(BULK_MAX_ROWS, 'row')}; split it into smaller files`

/**
 * Reads the header and maps each record to its columns. Columns may come in any order;
 * `email`, `amount` and `reason` are required, `action` is optional, nothing else is allowed.
 */
export function readBulkCsv(input: string): BulkCsvRead {
  const fileProblems: string[] = []
  if (input.includes('\uFFFD'))
    fileProblems.push('The file is not valid UTF-8 text: save it as "CSV UTF-8" and upload again')
  const parsed = parseCsv(input)
  if (!parsed.ok) return { fileProblems: [...fileProblems, parsed.message], rows: [], rowCount: 0 }
  const [header, ...records] = parsed.records
  if (!header) {
    fileProblems.push(`The file is empty: the first line must be the header ${BULK_HEADER_HINT}`)
    return { fileProblems, rows: [], rowCount: 0 }
  }

  const positions = new Map<Column, number>()
  const headerProblems: string[] = []
  header.fields.forEach((raw, index) => {
    const name = raw.trim().toLowerCase()
    if (!(BULK_COLUMNS as readonly string[]).includes(name)) {
      headerProblems.push(
        name === ''
          ? `Header line: column ${index + 1} has no name`
          : `Header line: unknown column "${raw.trim().slice(0, 40)}"`,
      )
    } else if (positions.has(name as Column)) {
      headerProblems.push(`Header line: column "${name}" appears twice`)
    } else positions.set(name as Column, index)
  })
  for (const column of REQUIRED_COLUMNS) {
    if (!positions.has(column)) headerProblems.push(`Header line: column "${column}" is missing`)
  }
  if (headerProblems.length > 0) {
    fileProblems.push(
      ...headerProblems,
      `The first line must be the header ${BULK_HEADER_HINT} (for example: email,amount,reason,action)`,
    )
    return { fileProblems, rows: [], rowCount: records.length }
  }
  if (records.length === 0) fileProblems.push('The file has a header but no rows')
  if (records.length > BULK_MAX_ROWS)
    fileProblems.push(
      `The file has ${plural(records.length, 'row')}; at most ${plural(BULK_MAX_ROWS, 'row')} are allowed per file. Split it into smaller files.`,
    )

  const width = header.fields.length
  const columnList = header.fields.map((name) => name.trim().toLowerCase()).join(',')
  const at = (record: CsvRecord, column: Column) => {
    const index = positions.get(column)
    return index === undefined ? '' : (record.fields[index] ?? '')
  }
  const rows = records.slice(0, BULK_MAX_ROWS + 1).map((record, index): BulkCsvRow => {
    let problem: string | null = null
    if (index >= BULK_MAX_ROWS) problem = TOO_MANY_ROWS
    else if (record.fields.length !== width)
      problem = `Expected ${plural(width, 'column')} (${columnList}), found ${record.fields.length}`
    return {
      line: record.line,
      email: at(record, 'email').trim(),
      amount: at(record, 'amount').trim(),
      reason: at(record, 'reason'),
      action: at(record, 'action').trim(),
      problem,
    }
  })
  return { fileProblems, rows, rowCount: records.length }
}

/* Replays ---------------------------------------------------------------------------------- */

/** Where and when a row was applied before, as the preview, the results and the CSV say it. */
export type BulkApplicationRef = {
  /** The batch (one apply request) that posted it; null when applied before batches were numbered. */
  batchId: number | null
  at: Date
  admin: { name: string } | null
}

/** "batch #12 at 2026-11-24 10:05 UTC by Alice" (UTC: the same text wherever it is read). */
export function describeBulkApplication(ref: BulkApplicationRef): string {
  const at = `${ref.at.toISOString().slice(0, 16).replace('T', ' ')} UTC`
  const by = ref.admin ? ` by ${ref.admin.name}` : ''
  return ref.batchId === null
    ? `an earlier upload at ${at}${by}`
    : `batch #${ref.batchId} at ${at}${by}`
}

/* The results download ----------------------------------------------------------------- */

export type BulkResultCsvRow = {
  line: number
  email: string
  action: string | null
  amountCents: number | null
  reason: string
  status: string
  entryId: number | null
  balanceAfterCents: number | null
  /** The warning (negative balance), the note (applied earlier) or the problem. */
  message: string | null
}

const RESULT_HEADER = [
  'line',
  'email',
  'action',
  'amount_usd',
  'reason',
  'status',
  'entry_id',
  'balance_after_usd',
  'message',
]

/** 1234 → "12.34" (same as centsToDecimal in server/lib/money.ts, kept here dependency-free). */
function decimal(cents: number): string {
  const sign = cents < 0 ? '-' : ''
  const abs = Math.abs(cents)
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

/** Quotes a cell; text a spreadsheet would run as a formula is defused with a leading quote. */
export function csvCell(value: string | number | null): string {
  if (value === null) return ''
  let text = String(value)
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** The results table as CSV (CRLF line ends, as RFC 4180 and spreadsheets expect). */
export function bulkResultsToCsv(rows: readonly BulkResultCsvRow[]): string {
  const lines = rows.map((row) =>
    [
      row.line,
      csvCell(row.email),
      csvCell(row.action),
      row.amountCents === null ? '' : decimal(row.amountCents),
      csvCell(row.reason),
      csvCell(row.status),
      row.entryId,
      row.balanceAfterCents === null ? '' : decimal(row.balanceAfterCents),
      csvCell(row.message),
    ]
      .map((cell) => (cell === null ? '' : String(cell)))
      .join(','),
  )
  return [RESULT_HEADER.join(','), ...lines].join('\r\n') + '\r\n'
}

import { describe, expect, it } from 'vitest'
import {
  BULK_MAX_ROWS,
  bulkResultsToCsv,
  describeBulkApplication,
  normaliseCsv,
  parseCsv,
  readBulkCsv,
  TOO_MANY_ROWS,
} from './bulk-csv.ts'

const fieldsOf = (text: string) => {
  const parsed = parseCsv(text)
  if (!parsed.ok) throw new Error(parsed.message)
  return parsed.records.map((record) => [record.line, ...record.fields])
}

describe('parseCsv (RFC 4180)', () => {
  it('splits plain fields and records, LF or CRLF alike', () => {
    const expected = [
      [1, 'email', 'amount', 'reason'],
      [2, 'a@x.test', '1.00', 'hello'],
    ]
    expect(fieldsOf('email,amount,reason\na@x.test,1.00,hello\n')).toEqual(expected)
    expect(fieldsOf('email,amount,reason\r\na@x.test,1.00,hello\r\n')).toEqual(expected)
    expect(fieldsOf('email,amount,reason\ra@x.test,1.00,hello')).toEqual(expected)
  })

  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    const text =
      'email,amount,reason\n' +
      '"a@x.test","1,00","said ""hi"", then left"\n' +
      'b@x.test,2,"two\r\nlines"\n' +
      'c@x.test,3,""\n' +
      'd@x.test,4,"""quoted"""'
    expect(fieldsOf(text)).toEqual([
      [1, 'email', 'amount', 'reason'],
      [2, 'a@x.test', '1,00', 'said "hi", then left'],
      [3, 'b@x.test', '2', 'two\nlines'],
      // The record after a two-line field starts on line 5.
      [5, 'c@x.test', '3', ''],
      [6, 'd@x.test', '4', '"quoted"'],
    ])
  })

  it('keeps empty fields, skips blank lines, ignores spaces around quotes', () => {
    expect(fieldsOf('a,,c\n\n  \n,b,\n x , "y" ,z')).toEqual([
      [1, 'a', '', 'c'],
      [4, '', 'b', ''],
      [5, ' x ', 'y', 'z'],
    ])
  })

  it('strips a byte-order mark', () => {
    expect(fieldsOf('\uFEFFemail,amount\nx,1')).toEqual([
      [1, 'email', 'amount'],
      [2, 'x', '1'],
    ])
  })

  it.each([
    ['a,"never closed\nb,c', 1, /never closed/],
    ['a,b\nc,"x"y', 2, /after a closing quote/],
    ['a,b\nc,x"y', 2, /must be wrapped in quotes/],
  ])('refuses malformed quoting: %j', (text, line, message) => {
    const parsed = parseCsv(text)
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) {
      expect(parsed.line).toBe(line)
      expect(parsed.message).toMatch(message)
    }
  })

  it('treats an empty or whitespace-only text as no records', () => {
    expect(fieldsOf('')).toEqual([])
    expect(fieldsOf('\r\n\n  ')).toEqual([])
  })
})

describe('normaliseCsv', () => {
  it('gives one text for the same file saved with another line end, a BOM or trailing lines', () => {
    const base = 'email,amount,reason\na@x.test,1,thanks'
    for (const variant of [
      'email,amount,reason\r\na@x.test,1,thanks\r\n',
      '\uFEFFemail,amount,reason\na@x.test,1,thanks\n\n\n',
      'email,amount,reason\ra@x.test,1,thanks  \n',
    ])
      expect(normaliseCsv(variant)).toBe(base)
  })
})

describe('readBulkCsv', () => {
  it('maps columns by header name in any order, action optional', () => {
    const read = readBulkCsv('Reason, EMAIL ,amount\nthanks,a@x.test,1.50')
    expect(read.fileProblems).toEqual([])
    expect(read.rows).toEqual([
      { line: 2, email: 'a@x.test', amount: '1.50', reason: 'thanks', action: '', problem: null },
    ])
  })

  it('names header problems', () => {
    expect(readBulkCsv('').fileProblems[0]).toMatch(/file is empty/)
    const read = readBulkCsv('email,amount,amount,why\nx,1,2,3')
    expect(read.fileProblems).toEqual(
      expect.arrayContaining([
        'Header line: column "amount" appears twice',
        'Header line: unknown column "why"',
        'Header line: column "reason" is missing',
      ]),
    )
    expect(read.rows).toEqual([])
    expect(readBulkCsv('email,amount,reason\n').fileProblems).toEqual([
      'The file has a header but no rows',
    ])
  })

  it('flags a row with the wrong number of columns', () => {
    const read = readBulkCsv(
      'email,amount,reason,action\na@x.test,1,thanks\nb@x.test,1,x,add,extra',
    )
    expect(read.rows.map((row) => row.problem)).toEqual([
      'Expected 4 columns (email,amount,reason,action), found 3',
      'Expected 4 columns (email,amount,reason,action), found 5',
    ])
  })

  it('flags a file over the row limit and the first row past it', () => {
    const body = Array.from({ length: BULK_MAX_ROWS + 5 }, (_, i) => `u${i}@x.test,1,thanks`)
    const read = readBulkCsv(['email,amount,reason', ...body].join('\n'))
    expect(read.rowCount).toBe(BULK_MAX_ROWS + 5)
    expect(read.rows).toHaveLength(BULK_MAX_ROWS + 1)
    expect(read.rows.at(-1)?.problem).toBe(TOO_MANY_ROWS)
    expect(read.fileProblems[0]).toMatch(/1,005 rows; at most 1,000/)
  })

  it('flags text that was not UTF-8', () => {
    expect(readBulkCsv('email,amount,reason\na@x.test,1,caf\uFFFD').fileProblems[0]).toMatch(
      /not valid UTF-8/,
    )
  })
})

describe('bulkResultsToCsv', () => {
  it('writes decimals, quotes what needs it and defuses formulas', () => {
    const csv = bulkResultsToCsv([
      {
        line: 2,
        email: 'a@x.test',
        action: 'remove',
        amountCents: 1234,
        reason: '=HYPERLINK("x"), refund',
        status: 'applied',
        entryId: 17,
        balanceAfterCents: -500,
        message: 'The balance is now negative (-$5.00): the user owes it.',
      },
      {
        line: 3,
        email: 'b@x.test',
        action: 'add',
        amountCents: 5,
        reason: 'ok',
        status: 'failed',
        entryId: null,
        balanceAfterCents: null,
        message: null,
      },
    ])
    expect(csv).toBe(
      'line,email,action,amount_usd,reason,status,entry_id,balance_after_usd,message\r\n' +
        `2,a@x.test,remove,12.34,"'=HYPERLINK(""x""), refund",applied,17,-5.00,` +
        'The balance is now negative (-$5.00): the user owes it.\r\n' +
        '3,b@x.test,add,0.05,ok,failed,,,\r\n',
    )
    // It reads back with the same parser.
    const parsed = parseCsv(csv)
    expect(parsed.ok && parsed.records[1]?.fields[4]).toBe(`'=HYPERLINK("x"), refund`)
  })
})

describe('describeBulkApplication', () => {
  const at = new Date('2026-11-24T10:05:59.999Z')
  it('names the batch, the UTC minute and the admin', () => {
    expect(describeBulkApplication({ batchId: 12, at, admin: { name: 'Alice' } })).toBe(
      'batch #12 at 2026-11-24 10:05 UTC by Alice',
    )
  })
  it('says "an earlier upload" for rows applied before batches were numbered', () => {
    expect(describeBulkApplication({ batchId: null, at, admin: null })).toBe(
      'an earlier upload at 2026-11-24 10:05 UTC',
    )
  })
})

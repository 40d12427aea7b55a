import { moneyText, openPdfWriter, type PdfCompany } from '#server/lib/pdf/pdf-writer.ts'
import type { Statement } from './get-statement.ts'
import { monthTitle } from './schemas.ts'

/** "2026-01-31 23:59 UTC": statements are in UTC months, so their times are too. */
const utc = (date: Date) => `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`

export type StatementBranding = {
  company: PdfCompany
  /** The symbol custom credits are written with (settings; "$" by default). */
  symbol?: string
  /** What custom credits are called (settings; "Custom credits" by default). */
  creditsName?: string
}

/**
 * The statement as a PDF: the company, the holder, the period, opening balance, one row per
 * ledger entry with its running balance, the month's totals and the closing balance.
 */
export async function renderStatementPdf(
  statement: Statement,
  branding: StatementBranding,
): Promise<{ bytes: Buffer; undrawable: string[] }> {
  const money = (cents: number) => moneyText(cents, branding.symbol)
  const pdf = await openPdfWriter({
    title: `Statement ${statement.month}`,
    createdAt: statement.generatedAt,
  })
  pdf.header(branding.company, 'Statement', [
    ['Period', monthTitle(statement.month)],
    ['From', utc(statement.periodStart)],
    ['To (exclusive)', utc(statement.periodEnd)],
    ['Generated', utc(statement.generatedAt)],
  ])
  pdf.block('Account holder', [statement.holder.name, statement.holder.email])
  pdf.facts([['Opening balance', money(statement.openingBalance.cents)]])
  pdf.doc.moveDown(0.8)
  if (statement.lines.length === 0) pdf.note('No custom credit entries in this month.')
  else
    pdf.table(
      [
        { header: 'Date (UTC)', share: 0.14 },
        { header: 'Type', share: 0.18 },
        { header: 'Description', share: 0.38 },
        { header: 'Amount', share: 0.15, align: 'right' },
        { header: 'Balance', share: 0.15, align: 'right' },
      ],
      statement.lines.map((line) => [
        line.date.toISOString().slice(0, 10),
        line.typeLabel,
        line.reason ? `${line.description}\nReason: ${line.reason}` : line.description,
        money(line.amount.cents),
        money(line.balance.cents),
      ]),
    )
  pdf.totals([
    ['Opening balance', money(statement.openingBalance.cents)],
    ['Credits added', money(statement.totalIn.cents)],
    ['Credits used or removed', money(statement.totalOut.cents)],
    ['Closing balance', money(statement.closingBalance.cents)],
  ])
  const unit = `${branding.creditsName ?? 'Custom credits'}, 1 credit = $1.`
  pdf.note(
    statement.complete
      ? `${unit} The closing balance is the balance at the end of the month.`
      : `${unit} This month is not over: the closing balance is the balance at ${utc(statement.generatedAt)}.`,
  )
  const bytes = await pdf.end()
  return { bytes, undrawable: pdf.undrawable }
}

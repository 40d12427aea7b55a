import type { DbOrTx } from '#db/client.ts'
import { log } from '#server/lib/log.ts'
import { getSettings } from '#server/services/settings/get-settings.ts'
import { getStatement } from './get-statement.ts'
import { renderStatementPdf } from './render-statement-pdf.ts'
import type { TStatementMonth } from './schemas.ts'

/**
 * A statement as a PDF download. Statements are made on demand, not issued: they carry the
 * company details and credit symbol as set now (receipts and invoices keep theirs).
 */
export async function statementPdf(
  db: DbOrTx,
  input: { userId: number; month: TStatementMonth; now?: Date },
): Promise<{ bytes: Buffer; filename: string }> {
  const statement = await getStatement(db, input)
  const settings = await getSettings(db)
  const { bytes, undrawable } = await renderStatementPdf(statement, {
    company: {
      name: settings.companyName,
      address: settings.companyAddress,
      taxId: settings.taxId,
      supportEmail: settings.supportEmail,
      logo: settings.logo?.bytes ?? null,
    },
    symbol: settings.creditsSymbol,
    creditsName: settings.creditsDisplayName,
  })
  if (undrawable.length > 0)
    log.warn('statement has characters no embedded font draws (printed as U+FFFD)', {
      userId: input.userId,
      month: input.month,
      undrawable: [...new Set(undrawable)].join(''),
    })
  return { bytes, filename: `statement-${statement.month}.pdf` }
}

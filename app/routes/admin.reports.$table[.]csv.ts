import { readDb } from '#app/lib/db.server.ts'
import { adminRestHandler, csvResponse, queryOf } from '#app/lib/rest.server.ts'
import { AppError } from '#server/errors.ts'
import { ZReportsInput } from '#server/services/reports/range.ts'
import {
  exportReportCsv,
  isReportTable,
  REPORT_TABLES,
  reportCsvFilename,
} from '#server/services/reports/reports-csv.ts'

/** GET /admin/reports/<table>.csv?from=YYYY-MM-DD&to=YYYY-MM-DD: one report table as CSV (admins only). */
export const loader = adminRestHandler(['GET'], async (_admin, { request, params }) => {
  const table = params.table ?? ''
  if (!isReportTable(table))
    throw new AppError(
      'NOT_FOUND',
      `No report table "${table}"; use one of: ${REPORT_TABLES.join(', ')}.`,
    )
  const range = queryOf(request, ZReportsInput)
  return csvResponse(await exportReportCsv(readDb, table, range), reportCsvFilename(table, range))
})

import { adminProcedure, router } from '#server/trpc/init.ts'
import { buildReports } from './build-reports.ts'
import { ZReportsInput } from './range.ts'

/** admin.reports: the reports page's data ('YYYY-MM-DD' days, `to` exclusive). */
export const reportsRouter = router({
  get: adminProcedure
    .input(ZReportsInput.prefault({}))
    .query(({ ctx, input }) => buildReports(ctx.readDb, input)),
})

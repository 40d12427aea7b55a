import { listJobProcesses } from '#server/services/health/job-processes.ts'
import { checkReadiness } from '#server/services/health/readiness.ts'
import {
  latestChecks,
  runLedgerCheck,
  runVirtFusionReconciliation,
} from '#server/services/health/system-checks.ts'
import { reconcileRefunds } from '#server/services/payments/reconcile-refunds.ts'
import { adminProcedure, router } from '../init.ts'

export const adminHealthRouter = router({
  status: adminProcedure.query(async ({ ctx }) => ({
    readiness: await checkReadiness(ctx.db),
    checks: await latestChecks(ctx.db),
    jobProcesses: await listJobProcesses(ctx.db),
  })),
  runLedgerCheck: adminProcedure.mutation(({ ctx }) => runLedgerCheck(ctx.db)),
  runVirtFusionReconciliation: adminProcedure.mutation(({ ctx }) =>
    runVirtFusionReconciliation(ctx.db, ctx.providers),
  ),
  runRefundReconciliation: adminProcedure.mutation(({ ctx }) =>
    reconcileRefunds(ctx.db, ctx.providers),
  ),
})

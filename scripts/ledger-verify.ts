/**
 * `npm run ledger:verify`: recomputes every custom-credit balance from the journal, checks
 * each user's before/after chain and every entry against its source (top-up, DNS charge,
 * admin), prints a summary and exits 1 on any drift or orphan.
 */
import { createDatabase } from '#db/connection.ts'
import { resolveDatabase } from '#server/database.ts'
import { formatCents } from '#server/lib/money.ts'
import {
  verifyLedger,
  type LedgerOrphan,
  type LedgerProblem,
} from '#server/services/credits/verify-ledger.ts'

function describe(problem: LedgerProblem): string {
  switch (problem.kind) {
    case 'balance_mismatch':
      return `user ${problem.userId}: balance ${formatCents(problem.balanceCents)} but journal sums to ${formatCents(problem.journalCents)}`
    case 'broken_chain':
      return `user ${problem.userId}: entry ${problem.entryId} starts at ${formatCents(problem.balanceBeforeCents)} but the previous entry ended at ${formatCents(problem.previousAfterCents)}`
    case 'entries_without_wallet':
      return `user ${problem.userId}: journal entries (${formatCents(problem.journalCents)}) but no balance row`
  }
}

function describeOrphan(orphan: LedgerOrphan): string {
  return `entry ${orphan.entryId} (${orphan.type}, ${formatCents(orphan.amountCents)}, user ${orphan.userId}): ${orphan.missing}`
}

const database = await resolveDatabase()
console.error(`Database: ${database.description}`)
const { db, sql } = createDatabase(database.url, { max: 1 })
let exitCode = 0
try {
  const report = await verifyLedger(db)
  console.log(
    `Ledger: ${report.usersChecked} balances and ${report.entriesChecked} entries checked.`,
  )
  if (report.problems.length === 0) {
    console.log('OK: every balance equals its journal and every chain is unbroken.')
  } else {
    console.error(`DRIFT: ${report.problems.length} problem(s):`)
    for (const problem of report.problems) console.error(`  - ${describe(problem)}`)
    exitCode = 1
  }
  if (report.orphans.length === 0) {
    console.log('OK: every entry has its source.')
  } else {
    const count = report.orphans.length
    console.error(`ORPHANS: ${count} ${count === 1 ? 'entry' : 'entries'} without their source:`)
    for (const orphan of report.orphans) console.error(`  - ${describeOrphan(orphan)}`)
    exitCode = 1
  }
} finally {
  await sql.end()
  await database.stop()
}
process.exit(exitCode)

/**
 * `npm test`: the layers in order, with their counts.
 *   unit + integration + simulation + pgbouncer + packaging (one vitest run), then the production
 *   build and the browser layer. packaging builds a release with deploy/scripts/build.sh in a
 *   copy of the tree (`npm ci --omit=dev`) and runs the web, the worker and the CLIs from it.
 * Without Chromium the browser layer, without pgbouncer the PgBouncer layer is skipped loudly;
 * with CI=true either is a failure.
 * `--only e2e` runs just the browser layer.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync } from 'node:fs'
import { findChromium } from '../tests/e2e/browser.ts'
import { findPgBouncer } from '../tests/pgbouncer/pgbouncer.ts'

type Counts = { passed: number; failed: number; skipped: number }
type Report = {
  testResults: {
    name: string
    message?: string
    assertionResults: { status: string; fullName?: string; failureMessages?: string[] }[]
  }[]
}
// CI shows only the tail of the output: the failures are repeated there, by name, with the first
// lines of their messages.
const failures: string[] = []

const only = process.argv.includes('--only')
  ? process.argv[process.argv.indexOf('--only') + 1]
  : undefined
const RESULTS_DIR = 'tests/.tmp'
mkdirSync(RESULTS_DIR, { recursive: true })

function run(command: string, args: string[]): number {
  const result = spawnSync(command, args, { stdio: 'inherit', env: process.env })
  return result.status ?? 1
}

function vitest(projects: string[], outputFile: string): number {
  rmSync(outputFile, { force: true })
  return run('npx', [
    'vitest',
    'run',
    ...projects.flatMap((p) => ['--project', p]),
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${outputFile}`,
  ])
}

function countsByLayer(outputFile: string): Record<string, Counts> {
  const layers: Record<string, Counts> = {}
  let report: Report
  try {
    report = JSON.parse(readFileSync(outputFile, 'utf8')) as Report
  } catch {
    return layers
  }
  for (const file of report.testResults) {
    const layer = file.name.includes('/tests/integration/')
      ? 'integration'
      : file.name.includes('/tests/simulation/')
        ? 'simulation'
        : file.name.includes('/tests/e2e/')
          ? 'e2e'
          : file.name.includes('/tests/pgbouncer/')
            ? 'pgbouncer'
            : file.name.includes('/tests/packaging/')
              ? 'packaging'
              : 'unit'
    const counts = (layers[layer] ??= { passed: 0, failed: 0, skipped: 0 })
    const where = file.name.slice(file.name.indexOf('/tests/') + 1)
    for (const assertion of file.assertionResults) {
      if (assertion.status === 'passed') counts.passed++
      else if (assertion.status === 'failed') {
        counts.failed++
        failures.push(
          `FAILED ${where} > ${assertion.fullName ?? '?'}\n${firstLines(assertion.failureMessages?.join('\n') ?? '')}`,
        )
      } else counts.skipped++
    }
    // A file that failed to load or whose hook failed has no failed assertion to show.
    if (file.message && !file.assertionResults.some((a) => a.status === 'failed')) {
      counts.failed++
      failures.push(`FAILED ${where}\n${firstLines(file.message)}`)
    }
  }
  return layers
}

function firstLines(text: string): string {
  return text
    .split('\n')
    .slice(0, 12)
    .map((line) => `    ${line}`)
    .join('\n')
}

const summary: Record<string, Counts> = {}
let exitCode = 0
const notes: string[] = []

if (only !== 'e2e') {
  const pgbouncer = findPgBouncer()
  if (!pgbouncer) {
    notes.push(
      [
        '',
        '!!! The PgBouncer layer did NOT run: pgbouncer was not found.',
        '!!! Install it with `sudo apt-get install -y pgbouncer` (Debian/Ubuntu) or set PGBOUNCER_PATH.',
        '',
      ].join('\n'),
    )
    if (process.env.CI === 'true') {
      notes.push('!!! CI=true: a missing pgbouncer fails the run.\n')
      exitCode = 1
    }
  }
  const file = `${RESULTS_DIR}/results-node.json`
  const projects = [
    'unit',
    'integration',
    'simulation',
    ...(pgbouncer ? ['pgbouncer'] : []),
    'packaging',
  ]
  if (vitest(projects, file) !== 0) exitCode = 1
  Object.assign(summary, countsByLayer(file))
  for (const layer of projects) summary[layer] ??= { passed: 0, failed: 0, skipped: 0 }
}

const chromium = findChromium()
if (!chromium) {
  notes.push(
    [
      '',
      '!!! The browser (e2e) layer did NOT run: Chromium was not found.',
      '!!! Install it with `sudo apt-get install -y chromium` (Debian/Ubuntu) or set CHROMIUM_PATH.',
      '',
    ].join('\n'),
  )
  if (process.env.CI === 'true') {
    notes.push('!!! CI=true: a missing Chromium fails the run.\n')
    exitCode = 1
  }
} else {
  if (run('npm', ['run', 'build', '--silent']) !== 0) {
    console.error('The production build failed; the e2e layer cannot run.')
    exitCode = 1
  } else {
    const file = `${RESULTS_DIR}/results-e2e.json`
    if (vitest(['e2e'], file) !== 0) exitCode = 1
    summary.e2e = countsByLayer(file).e2e ?? { passed: 0, failed: 0, skipped: 0 }
  }
}

if (failures.length > 0) console.log(`\nFailures (${failures.length})\n${failures.join('\n')}`)
console.log('\nTest layers')
const total: Counts = { passed: 0, failed: 0, skipped: 0 }
for (const [layer, counts] of Object.entries(summary)) {
  console.log(
    `${layer}: ${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}`,
  )
  total.passed += counts.passed
  total.failed += counts.failed
  total.skipped += counts.skipped
}
// Judge by the counts too, not only by vitest's exit status.
if (total.failed > 0) exitCode = 1
if (total.passed === 0 && exitCode === 0) {
  console.error('No test ran.')
  exitCode = 1
}
for (const note of notes) console.log(note)
console.log(`tests: ${total.passed} passed, ${total.failed} failed`)
process.exit(exitCode)

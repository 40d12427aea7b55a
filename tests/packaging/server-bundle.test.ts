import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/**
 * The offline fakes (tests/mocks) are test code: the server build (scripts/build-server.mjs,
 * into a directory of its own here) keeps them out of the web, worker and script bundles:
 * build/offline-providers.js, imported only in offline mode (server/offline-mode.ts).
 */
type Bundle = { inputs: Record<string, unknown>; imports: { path: string; kind: string }[] }
type Metafile = { outputs: Record<string, Bundle> }

const OUT = mkdtempSync(path.join(tmpdir(), 'skypanel-server-bundle-'))
let metafile: Metafile

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build-server.mjs'], {
    env: { ...process.env, SERVER_BUILD_DIR: OUT },
    stdio: 'pipe',
  })
  metafile = JSON.parse(readFileSync(path.join(OUT, 'metafile.node.json'), 'utf8')) as Metafile
})
afterAll(() => rmSync(OUT, { recursive: true, force: true }))

const mockInputs = (bundle: Bundle) =>
  Object.keys(bundle.inputs).filter((input) => input.includes('tests/mocks/'))

describe('server bundle', () => {
  const output = (name: string) => {
    const found = Object.entries(metafile.outputs).find(([file]) => path.basename(file) === name)
    if (!found) throw new Error(`no ${name} in the server build`)
    return found[1]
  }

  it('has no tests/mocks module in the web, worker or script bundles', () => {
    const others = Object.entries(metafile.outputs).filter(
      ([file]) => file.endsWith('.js') && path.basename(file) !== 'offline-providers.js',
    )
    expect(others.map(([file]) => path.basename(file))).toEqual(
      expect.arrayContaining(['main.js', 'worker.js', 'db-migrate.js']),
    )
    for (const [file, bundle] of others) expect([file, mockInputs(bundle)]).toEqual([file, []])
  })

  it('keeps the fakes in build/offline-providers.js, which web and worker import only dynamically', () => {
    expect(mockInputs(output('offline-providers.js'))).toEqual(
      expect.arrayContaining(['tests/mocks/paypal.ts', 'tests/mocks/virtfusion.ts']),
    )
    for (const entry of ['main.js', 'worker.js']) {
      expect(output(entry).imports).toContainEqual(
        expect.objectContaining({ path: './offline-providers.js', kind: 'dynamic-import' }),
      )
    }
  })
})

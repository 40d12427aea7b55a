import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { findLazyChunk } from './lazy-chunk.server.ts'

function buildDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lazy-chunk-'))
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true })
    writeFileSync(path.join(dir, name), text)
  }
  return dir
}

const manifest = `window.__remixManifest=${JSON.stringify({
  routes: { 'routes/billing': { id: 'routes/billing', module: '/build/routes/billing-AB12.js' } },
})};`

describe('findLazyChunk', () => {
  it("finds the chunk a route module imports lazily, by the imported file's name", () => {
    const dir = buildDir({
      'manifest-1A2B.js': manifest,
      'routes/billing-AB12.js':
        'var a=()=>import("/build/_shared/paypal-buttons-Q1.js");var b=()=>import("/build/_shared/credits-tab-MSHQ.js");',
    })
    expect(findLazyChunk(dir, 'routes/billing', 'credits-tab')).toBe(
      '/build/_shared/credits-tab-MSHQ.js',
    )
  })

  it('answers null for an unknown route or part, no build, or two manifests', () => {
    const dir = buildDir({
      'manifest-1A2B.js': manifest,
      'routes/billing-AB12.js': 'import("/build/_shared/credits-tab-MSHQ.js")',
    })
    expect(findLazyChunk(dir, 'routes/other', 'credits-tab')).toBeNull()
    expect(findLazyChunk(dir, 'routes/billing', 'statements')).toBeNull()
    expect(findLazyChunk(path.join(dir, 'missing'), 'routes/billing', 'credits-tab')).toBeNull()
    writeFileSync(path.join(dir, 'manifest-3C4D.js'), manifest)
    expect(findLazyChunk(dir, 'routes/billing', 'credits-tab')).toBeNull()
  })
})

import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'

/**
 * The web process imports the mail renderer (through the delivery job's modules) but never
 * renders a mail when jobs run elsewhere. Bundled as the server build bundles it (ESM, packages
 * external), a static import of a package is hoisted to the top of the bundle and loaded at
 * start: React Email must only be imported dynamically, with the first mail (~36 MB resident).
 */
describe('render-mail bundle', () => {
  it('imports @react-email/* only dynamically', async () => {
    const result = await build({
      entryPoints: ['server/services/mail/render-mail.ts'],
      bundle: true,
      write: false,
      outdir: 'unused',
      platform: 'node',
      format: 'esm',
      packages: 'external',
      target: 'node20',
      metafile: true,
      logLevel: 'silent',
    })
    const imports = Object.values(result.metafile.outputs).flatMap((output) => output.imports)
    const reactEmail = imports.filter((entry) => entry.path.startsWith('@react-email/'))
    expect(reactEmail.map((entry) => entry.path).sort()).toEqual([
      '@react-email/components',
      '@react-email/render',
    ])
    for (const entry of reactEmail) expect(entry).toMatchObject({ kind: 'dynamic-import' })
  })
})

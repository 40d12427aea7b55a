/* global console, process */
// `npm run build`, after `remix build`: the Node entry points bundled by esbuild, each with
// the app code it uses (packages stay in node_modules, which `npm ci --omit=dev` provides):
// the web server (build/main.js), the job worker (build/worker.js) and every operator script
// package.json runs through scripts/run.mjs (build/scripts/<name>.js), so a production
// install without dev dependencies runs them with plain node.
import { readFileSync } from 'node:fs'
import { build } from 'esbuild'

const operatorScripts = Array.from(
  readFileSync('package.json', 'utf8').matchAll(/": "node scripts\/run\.mjs ([a-z][a-z-]*)"/g),
  (match) => match[1],
)
if (operatorScripts.length === 0) {
  console.error('build-server: package.json names no `node scripts/run.mjs <name>` script.')
  process.exit(1)
}

await build({
  entryPoints: {
    main: 'server/main.ts',
    worker: 'server/worker.ts',
    ...Object.fromEntries(operatorScripts.map((name) => [`scripts/${name}`, `scripts/${name}.ts`])),
  },
  outdir: 'build',
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  target: 'node20',
  logLevel: 'warning',
})

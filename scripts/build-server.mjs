/* global console, process */
// `npm run build`, after `remix build`: the Node entry points bundled by esbuild, each with
// the app code it uses (packages stay in node_modules, which `npm ci --omit=dev` provides):
// the web server (build/main.js), the job worker (build/worker.js) and every operator script
// package.json runs through scripts/run.mjs (build/scripts/<name>.js), so a production
// install without dev dependencies runs them with plain node.
import { readFileSync, writeFileSync } from 'node:fs'
import { build } from 'esbuild'

const operatorScripts = Array.from(
  readFileSync('package.json', 'utf8').matchAll(/": "node scripts\/run\.mjs ([a-z][a-z-]*)"/g),
  (match) => match[1],
)
if (operatorScripts.length === 0) {
  console.error('build-server: package.json names no `node scripts/run.mjs <name>` script.')
  process.exit(1)
}

/**
 * The offline fakes (tests/mocks, through server/offline-providers.ts) are a bundle of their
 * own, build/offline-providers.js, which server/offline-mode.ts imports only in offline mode:
 * build/main.js and build/worker.js hold no test code.
 */
/** @type {import('esbuild').Plugin} */
const offlineFakesApart = {
  name: 'offline-fakes-apart',
  setup(build) {
    build.onResolve({ filter: /\/offline-providers\.ts$/ }, (args) =>
      args.kind === 'dynamic-import'
        ? { path: './offline-providers.js', external: true }
        : undefined,
    )
  },
}

// SERVER_BUILD_DIR: somewhere else than build/ (tests/packaging/server-bundle.test.ts).
const outdir = process.env.SERVER_BUILD_DIR ?? 'build'

const result = await build({
  entryPoints: {
    main: 'server/main.ts',
    worker: 'server/worker.ts',
    'offline-providers': 'server/offline-providers.ts',
    ...Object.fromEntries(operatorScripts.map((name) => [`scripts/${name}`, `scripts/${name}.ts`])),
  },
  outdir,
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  target: 'node20',
  logLevel: 'warning',
  plugins: [offlineFakesApart],
  metafile: true,
})
// What went into which output file (tests/packaging checks that tests/mocks stays out of
// the entries).
writeFileSync(`${outdir}/metafile.node.json`, JSON.stringify(result.metafile))

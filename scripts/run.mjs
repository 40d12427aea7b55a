/* global process, console */
// `npm run user:create`, `token:create`, `db:migrate`, … (package.json: `node scripts/run.mjs
// <name>`). One rule for where an operator script runs from: with the dev dependencies
// installed (tsx: a checkout), the TypeScript in scripts/, so an edit counts at once; without
// them (`npm ci --omit=dev`: a release, the image), the bundle build/scripts/<name>.js that
// `npm run build` made (scripts/build-server.mjs). Both run in this process, arguments as given.
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const [name = '', ...args] = process.argv.slice(2)
if (!/^[a-z][a-z-]*$/.test(name)) {
  console.error(`Usage: node scripts/run.mjs <script name> [arguments] (got "${name}")`)
  process.exit(2)
}
const source = path.join(root, 'scripts', `${name}.ts`)
const bundle = path.join(root, 'build', 'scripts', `${name}.js`)
const withTsx = existsSync(path.join(root, 'node_modules', 'tsx')) && existsSync(source)
const entry = withTsx ? source : bundle
if (!withTsx && !existsSync(bundle)) {
  console.error(
    `${path.relative(root, bundle)} does not exist and tsx (a dev dependency) is not installed: ` +
      'run `npm run build` where the dev dependencies are, then deploy build/ with the release.',
  )
  process.exit(2)
}
if (withTsx) {
  const { register } = await import('tsx/esm/api')
  register()
}
// The script reads its flags from process.argv.slice(2), as if started on its own.
process.argv = [process.argv[0] ?? process.execPath, entry, ...args]
await import(pathToFileURL(entry).href)

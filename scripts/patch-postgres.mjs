/* global console */
// Applied at `npm install` (postinstall). postgres.js 3.4.x schedules a buffered write with
// setImmediate; when the connection is closed in between (a killed backend), the write
// runs on a null socket and throws outside any request, which would stop the server, and
// the queries behind it would wait forever (upstream: porsager/postgres#1154, #1208). The
// guard fails those queries with CONNECTION_CLOSED instead (a retryable 503 for callers). The patch is exact and idempotent: if the driver's
// code changes, it reports that and leaves the file alone.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'

const ORIGINAL = '  function nextWrite(fn) {\n    const x = socket.write(chunk, fn)'
const PATCHED =
  '  function nextWrite(fn) {\n' +
  "    if (!socket) { chunk = nextWriteTimer = null; error(Errors.connection('CONNECTION_CLOSED', options)); return false } // skypanel: closed socket\n" +
  '    const x = socket.write(chunk, fn)'

for (const file of [
  'node_modules/postgres/src/connection.js',
  'node_modules/postgres/cjs/src/connection.js',
]) {
  if (!existsSync(file)) continue
  const source = readFileSync(file, 'utf8')
  if (source.includes('skypanel: closed socket')) continue
  if (!source.includes(ORIGINAL)) {
    console.warn(
      `patch-postgres: ${file} changed upstream; the closed-socket guard was not applied.`,
    )
    continue
  }
  writeFileSync(file, source.replace(ORIGINAL, PATCHED))
  console.log(`patch-postgres: guarded writes to a closed socket in ${file}`)
}

/* global console */
// Applied at `npm install` (postinstall). Exact, idempotent patches to postgres.js 3.4.x;
// if the driver's code changes, this reports it and leaves that part alone.
//
// 1. A buffered write is scheduled with setImmediate; when the connection is closed in
//    between (a killed backend), the write runs on a null socket and throws outside any
//    request, which would stop the server, and the queries behind it would wait forever
//    (upstream: porsager/postgres#1154, #1208). The guard fails those queries with
//    CONNECTION_CLOSED instead (a retryable 503 for callers).
// 2. `max_pipeline: 0` (DATABASE_PREPARE=false, for transaction pooling: ADR 008) skipped the
//    `onexecute` hook that `sql.begin` needs to reserve its connection, so every transaction
//    failed with UNSAFE_TRANSACTION (porsager/postgres#1210; the fix of PR #1211): the hook
//    now runs whenever the query was written, whatever the pipeline capacity.
// 3. A server that ends a connection while a query runs (shutdown, pg_terminate_backend)
//    first sends its error (57P01). The driver rejected the query with CONNECTION_CLOSED but
//    kept that error and the query, and at the next connection's first ReadyForQuery failed
//    the new connection's first query with it: after a PostgreSQL restart, one read per such
//    pooled connection failed on the healthy server (a flapping /readyz). They are cleared
//    when the socket closes (the same class as porsager/postgres#1223, open on 3.4.9).
// 4. The row counter is reset only when a query completes, so a query that failed after some
//    of its rows arrived (an error on a later row, a backend terminated mid-stream) left it
//    behind, and the next query on that connection resolved with holes in front of its rows
//    (`const [row] = rows` read undefined: a signed-in admin got 401 while backends were
//    terminated). After a closed socket the old result array was reused too, so a shorter
//    next result could carry the dead query's rows. Both are reset at every ReadyForQuery and
//    when the socket closes (porsager/postgres#1119 and #1181, open on 3.4.9).
import { existsSync, readFileSync, writeFileSync } from 'node:fs'

const PATCHES = [
  {
    name: 'the closed-socket guard',
    marker: 'skypanel: closed socket',
    original: '  function nextWrite(fn) {\n    const x = socket.write(chunk, fn)',
    patched:
      '  function nextWrite(fn) {\n' +
      "    if (!socket) { chunk = nextWriteTimer = null; error(Errors.connection('CONNECTION_CLOSED', options)); return false } // skypanel: closed socket\n" +
      '    const x = socket.write(chunk, fn)',
  },
  {
    name: 'onexecute without pipelining',
    marker: 'skypanel: onexecute without pipelining',
    original:
      '      return write(toBuffer(q))\n' +
      '        && !q.describeFirst\n' +
      '        && !q.cursorFn\n' +
      '        && sent.length < max_pipeline\n' +
      '        && (!q.options.onexecute || q.options.onexecute(connection))\n',
    // Same return value as before (a query with the hook never takes a pipelined query).
    patched:
      '      const written = write(toBuffer(q)) // skypanel: onexecute without pipelining\n' +
      '      if (q.options.onexecute) return written && q.options.onexecute(connection)\n' +
      '      return written\n' +
      '        && !q.describeFirst\n' +
      '        && !q.cursorFn\n' +
      '        && sent.length < max_pipeline\n',
  },
  {
    name: 'no stale error after a reconnect',
    marker: 'skypanel: no stale error',
    original:
      "    !hadError && (query || sent.length) && error(Errors.connection('CONNECTION_CLOSED', options, socket))\n",
    patched:
      "    !hadError && (query || sent.length) && error(Errors.connection('CONNECTION_CLOSED', options, socket))\n" +
      '    query = errorResponse = null // skypanel: no stale error\n',
  },
  {
    name: 'no stale row count',
    marker: 'skypanel: no stale row count',
    original: '    query = results = errorResponse = null\n    result = new Result()\n',
    patched:
      '    query = results = errorResponse = null\n' +
      '    result = new Result()\n' +
      '    rows = 0 // skypanel: no stale row count\n',
  },
  {
    name: 'no stale rows after a closed socket',
    marker: 'skypanel: no stale rows after close',
    original: '    query = errorResponse = null // skypanel: no stale error\n',
    patched:
      '    query = errorResponse = null // skypanel: no stale error\n' +
      '    results = null; result = new Result(); rows = 0 // skypanel: no stale rows after close\n',
  },
]

for (const file of [
  'node_modules/postgres/src/connection.js',
  'node_modules/postgres/cjs/src/connection.js',
]) {
  if (!existsSync(file)) continue
  let source = readFileSync(file, 'utf8')
  for (const patch of PATCHES) {
    if (source.includes(patch.marker)) continue
    if (!source.includes(patch.original)) {
      console.warn(`patch-postgres: ${file} changed upstream; ${patch.name} was not applied.`)
      continue
    }
    source = source.replace(patch.original, patch.patched)
    console.log(`patch-postgres: applied ${patch.name} to ${file}`)
  }
  writeFileSync(file, source)
}

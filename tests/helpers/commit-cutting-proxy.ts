import net from 'node:net'

export type CutMode =
  /** Forward the COMMIT, wait for the server's "COMMIT" reply, then cut: committed, unheard. */
  | 'after-commit'
  /** Cut instead of forwarding the COMMIT: the server rolls the transaction back. */
  | 'before-commit'
  /**
   * Forward the statement matching `arm`'s pattern (sent outside a transaction), wait for the
   * server's ReadyForQuery after it (the implicit transaction committed at Sync), then cut.
   */
  | 'after-statement'

const SSL_REQUEST = 80877103
const GSSENC_REQUEST = 80877104
const COMMIT_REPLY = Buffer.from('COMMIT\0')
/** ReadyForQuery: 'Z', length 5, then the status byte. */
const READY_REPLY = Buffer.from([0x5a, 0, 0, 0, 5])

/** The SQL text of a client's Query ('Q') or Parse ('P') message, else null. */
function queryText(type: number, body: Buffer): string | null {
  if (type === 0x51) return body.toString('utf8', 0, Math.max(0, body.indexOf(0)))
  if (type !== 0x50) return null
  const nameEnd = body.indexOf(0)
  const textEnd = body.indexOf(0, nameEnd + 1)
  return body.toString('utf8', nameEnd + 1, textEnd)
}

/**
 * A TCP proxy in front of PostgreSQL that loses one connection around a COMMIT, the moment
 * pg_terminate_backend cannot pick: after the server committed but before the client heard
 * it, or just before the COMMIT left. Armed once per `arm()`; everything else passes through.
 */
export async function startCommitCuttingProxy(databaseUrl: string) {
  const target = new URL(databaseUrl)
  let armed: CutMode | null = null
  let statementPattern: RegExp | null = null
  let cuts = 0
  const sockets = new Set<net.Socket>()

  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname)
    sockets.add(client).add(upstream)
    let pending = Buffer.alloc(0)
    let startupDone = false
    let awaitingReply: Buffer | null = null
    const cut = () => {
      cuts++
      client.destroy()
      upstream.destroy()
    }

    client.on('data', (chunk) => {
      pending = Buffer.concat([pending, chunk])
      // Whole messages only: the startup ones carry no type byte, the rest one.
      for (;;) {
        const header = startupDone ? 5 : 4
        if (pending.length < header) return
        const length = pending.readInt32BE(startupDone ? 1 : 0) + (startupDone ? 1 : 0)
        if (pending.length < length) return
        const message = pending.subarray(0, length)
        pending = pending.subarray(length)
        if (!startupDone) {
          const code = message.readInt32BE(4)
          startupDone = code !== SSL_REQUEST && code !== GSSENC_REQUEST
        } else if (armed) {
          const text = queryText(message[0]!, message.subarray(5)) ?? ''
          const pattern = armed === 'after-statement' ? statementPattern! : /^\s*commit\b/i
          if (pattern.test(text)) {
            const mode = armed
            armed = null
            if (mode === 'before-commit') return cut()
            awaitingReply = mode === 'after-commit' ? COMMIT_REPLY : READY_REPLY
          }
        }
        upstream.write(message)
      }
    })
    let tail = Buffer.alloc(0)
    upstream.on('data', (chunk) => {
      // The server sends CommandComplete "COMMIT" once the commit is durable, and
      // ReadyForQuery after an autocommit statement once it committed at Sync (either may
      // straddle two chunks: the previous one's end is searched with this one).
      if (awaitingReply) {
        if (Buffer.concat([tail, chunk]).includes(awaitingReply)) return cut()
        tail = chunk.subarray(-awaitingReply.length)
      }
      client.write(chunk)
    })
    for (const socket of [client, upstream]) {
      socket.on('error', () => {})
      socket.on('close', () => {
        client.destroy()
        upstream.destroy()
        sockets.delete(socket)
      })
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const proxied = new URL(databaseUrl)
  proxied.hostname = '127.0.0.1'
  proxied.port = String((server.address() as net.AddressInfo).port)

  return {
    url: proxied.toString(),
    /** `statement`: for 'after-statement', the SQL text (Query or Parse) to cut after. */
    arm(mode: CutMode, statement?: RegExp) {
      if (mode === 'after-statement' && !statement)
        throw new Error('after-statement needs a pattern')
      armed = mode
      statementPattern = statement ?? null
    },
    /** How many connections were cut: a test asserts it, so it cannot pass without a cut. */
    get cuts() {
      return cuts
    },
    async close() {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

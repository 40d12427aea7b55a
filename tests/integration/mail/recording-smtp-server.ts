import type { AddressInfo } from 'node:net'
import { simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'

/** One message the server accepted (it answered 250 to the end of DATA, or meant to). */
export type Accepted = {
  eventKey: string
  messageId: string
  /** The EHLO name of the client: each worker process is given its own (`SMTP_URL?name=`). */
  sender: string
  /** When the client began to send it (DATA), and when the server accepted it. */
  dataAt: number
  at: number
}

/** What happens to a message the server has received in full, before it answers. */
export type Verdict =
  | { accept: true }
  | { accept: false; code: number; message: string }
  /** Answer later: the test decides with `release` (the client may be dead by then). */
  | { hold: true }

type Held = { eventKey: string; sender: string; release: (accept: boolean) => void }

/**
 * A real SMTP server on 127.0.0.1 (smtp-server, random port) for the worker processes' own
 * nodemailer transports. Every message is parsed (mailparser) and, unless `judge` says
 * otherwise, accepted and recorded with its Message-ID and X-SkyPANEL-Event header.
 */
export async function startRecordingSmtpServer() {
  const accepted: Accepted[] = []
  const refused: { eventKey: string; code: number }[] = []
  const held: Held[] = []
  let delayMs = 0
  let judge: (message: { eventKey: string; sender: string }) => Verdict = () => ({ accept: true })
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const dataAt = Date.now()
      simpleParser(stream).then(
        async (parsed) => {
          const header = parsed.headers.get('x-skypanel-event')
          const eventKey = typeof header === 'string' ? header : ''
          const sender = session.hostNameAppearsAs
          const record = () =>
            accepted.push({
              eventKey,
              messageId: parsed.messageId ?? '',
              sender,
              dataAt,
              at: Date.now(),
            })
          if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs))
          const verdict = judge({ eventKey, sender })
          if ('hold' in verdict) {
            const message: Held = {
              eventKey,
              sender,
              // A server that accepts records the message before it answers: a client that
              // died meanwhile never learns that it was accepted.
              release: (accept) => {
                held.splice(held.indexOf(message), 1)
                if (accept) record()
                callback(accept ? null : Object.assign(new Error('dropped'), { responseCode: 451 }))
              },
            }
            held.push(message)
            return
          }
          if (!verdict.accept) {
            refused.push({ eventKey, code: verdict.code })
            return callback(
              Object.assign(new Error(verdict.message), { responseCode: verdict.code }),
            )
          }
          record()
          callback()
        },
        (error: Error) => callback(error),
      )
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.server.address() as AddressInfo
  return {
    /** SMTP_URL for one worker process, which greets with `EHLO <sender>`. */
    urlFor: (sender: string) => `smtp://127.0.0.1:${port}/?name=${sender}`,
    accepted,
    refused,
    held,
    /** Accepted messages of one test (its event keys start with `prefix`). */
    acceptedWith: (prefix: string) => accepted.filter((m) => m.eventKey.startsWith(prefix)),
    setDelay: (ms: number) => (delayMs = ms),
    setJudge: (next: typeof judge) => (judge = next),
    reset: () => {
      delayMs = 0
      judge = () => ({ accept: true })
      for (const message of [...held]) message.release(false)
    },
    close: () => {
      for (const message of [...held]) message.release(false)
      return new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

export type RecordingSmtpServer = Awaited<ReturnType<typeof startRecordingSmtpServer>>

import type { AddressInfo } from 'node:net'
import { simpleParser, type ParsedMail } from 'mailparser'
import { SMTPServer } from 'smtp-server'

export type SmtpSink = {
  url: string
  messages: ParsedMail[]
  /** Messages to one address (tests share the database and its outbox). */
  to: (address: string) => ParsedMail[]
  /** The next messages are refused with this SMTP reply (null: accepted again). */
  refuseWith: (reply: { code: number; message: string } | null) => void
  close: () => Promise<void>
}

/**
 * A real SMTP server on 127.0.0.1 (random port) that parses what it receives: the app's own
 * nodemailer transport talks to it over TCP, as it would to a mail provider.
 */
export async function startSmtpSink(options: { delayMs?: number } = {}): Promise<SmtpSink> {
  const messages: ParsedMail[] = []
  let refusal: { code: number; message: string } | null = null
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        async (parsed) => {
          if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs))
          if (refusal) {
            const error = Object.assign(new Error(refusal.message), { responseCode: refusal.code })
            return callback(error)
          }
          messages.push(parsed)
          callback()
        },
        (error: Error) => callback(error),
      )
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.server.address() as AddressInfo
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    to: (address) =>
      messages.filter((m) =>
        (Array.isArray(m.to) ? m.to : m.to ? [m.to] : []).some((t) =>
          t.value.some((v) => v.address?.toLowerCase() === address.toLowerCase()),
        ),
      ),
    refuseWith: (reply) => (refusal = reply),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

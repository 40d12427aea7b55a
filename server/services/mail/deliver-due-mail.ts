import { and, asc, eq, lte } from 'drizzle-orm'
import type { Transporter } from 'nodemailer'
import type { Db, Tx } from '#db/client.ts'
import { mailOutbox, type MailOutboxRow } from '#db/schema/index.ts'
import { env } from '#server/env.ts'
import { log } from '#server/lib/log.ts'
import { mailAttachments } from '#server/services/documents/mail-attachments.ts'
import { configuredMailTransport } from './mail-transport.ts'
import { categoryOfTemplate } from './preferences/categories.ts'
import { mailOrigin, renderStoredMail } from './render-mail.ts'
import { unsubscribeUrl } from './unsubscribe.ts'

const MINUTE_MS = 60_000
/** Attempts before a message is given up ('failed'): with the backoff, about a day. */
export const MAX_MAIL_ATTEMPTS = 10
/** 1 min, 2, 4 … after the first, second, third failed attempt, never more than 4 hours. */
export function mailRetryDelayMs(failedAttempts: number): number {
  return Math.min(MINUTE_MS * 2 ** Math.max(0, failedAttempts - 1), 240 * MINUTE_MS)
}
/** Messages sent at once by one call; each holds one connection while its SMTP exchange runs. */
const LANES = 2

export type MailDeliveryResult = 'sent' | 'local' | 'retrying' | 'failed'

export type MailDeliveryOptions = {
  now?: Date
  /** At most this many messages per call. */
  batch?: number
  /** SMTP; null keeps messages in the local mailbox. The SMTP_URL transport by default. */
  transport?: Transporter | null
  from?: string
  /** Aborted at shutdown: no further message is claimed; those in progress finish and commit. */
  signal?: AbortSignal
}

/**
 * The mail worker's sweep: sends the due pending messages. Each is claimed with FOR UPDATE
 * SKIP LOCKED and its row stays locked while the SMTP exchange runs, so several workers never
 * send the same message; the row is marked sent in the same transaction. Only a crash between
 * the SMTP server's acceptance and that commit sends a message twice (ADR 026).
 */
export async function deliverDueMail(
  db: Db,
  options: MailDeliveryOptions = {},
): Promise<Record<MailDeliveryResult, number>> {
  const batch = options.batch ?? 50
  const counts: Record<MailDeliveryResult, number> = { sent: 0, local: 0, retrying: 0, failed: 0 }
  let started = 0
  const lane = async () => {
    while (started < batch && !options.signal?.aborted) {
      started++
      const result = await deliverNextMail(db, options)
      if (result === null) return
      counts[result]++
    }
  }
  await Promise.all(Array.from({ length: Math.min(LANES, batch) }, lane))
  return counts
}

/** One attempt for the next due message, in one transaction; null when none is due. */
export async function deliverNextMail(
  db: Db,
  options: MailDeliveryOptions = {},
): Promise<MailDeliveryResult | null> {
  const now = options.now ?? new Date()
  const transport = options.transport === undefined ? configuredMailTransport() : options.transport
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(mailOutbox)
      .where(and(eq(mailOutbox.status, 'pending'), lte(mailOutbox.nextAttemptAt, now)))
      .orderBy(asc(mailOutbox.nextAttemptAt), asc(mailOutbox.id))
      .limit(1)
      .for('update', { skipLocked: true })
    if (!row) return null

    const attempt = row.attempts + 1
    // Branding and attachments are read through the claim's own transaction: a second pool
    // connection per lane could starve a small pool (every lane waiting for one more).
    const outcome = await attemptDelivery(tx, row, transport, options.from ?? env.MAIL_FROM)
    const result: MailDeliveryResult =
      outcome.kind === 'sent' || outcome.kind === 'local'
        ? outcome.kind
        : outcome.permanent || attempt >= MAX_MAIL_ATTEMPTS
          ? 'failed'
          : 'retrying'
    await tx
      .update(mailOutbox)
      .set({
        ...outcome.rendered,
        status: result === 'retrying' ? 'pending' : result,
        attempts: outcome.kind === 'local' ? row.attempts : attempt,
        lastError: outcome.kind === 'error' ? outcome.error.slice(0, 1000) : null,
        messageId: outcome.kind === 'sent' ? outcome.messageId : row.messageId,
        sentAt: outcome.kind === 'sent' ? new Date() : row.sentAt,
        nextAttemptAt:
          result === 'retrying'
            ? new Date(now.getTime() + mailRetryDelayMs(attempt))
            : row.nextAttemptAt,
      })
      .where(eq(mailOutbox.id, row.id))
    if (result === 'retrying' || result === 'failed')
      log[result === 'failed' ? 'warn' : 'info']('mail delivery attempt failed', {
        mailId: row.id,
        template: row.template,
        attempt,
        result,
        error: outcome.kind === 'error' ? outcome.error : undefined,
      })
    return result
  })
}

type Rendered = { subject: string; html: string; text: string }
type Outcome = { rendered?: Rendered } & (
  | { kind: 'sent'; messageId: string }
  | { kind: 'local' }
  | { kind: 'error'; error: string; permanent: boolean }
)

async function attemptDelivery(
  tx: Tx,
  row: MailOutboxRow,
  transport: Transporter | null,
  from: string,
): Promise<Outcome> {
  let rendered: Rendered | undefined
  let message: Rendered
  const unsubscribe = unsubscribeLinkFor(row)
  if (row.subject !== null && row.html !== null && row.text !== null) {
    message = { subject: row.subject, html: row.html, text: row.text }
  } else {
    try {
      const data = unsubscribe ? { ...row.data, unsubscribeUrl: unsubscribe } : row.data
      message = rendered = await renderStoredMail(row.template, data, tx)
    } catch (error) {
      return { kind: 'error', error: `rendering failed: ${errorText(error)}`, permanent: false }
    }
  }
  if (!transport) return { kind: 'local', rendered }
  try {
    // Read at each attempt, never stored on the row: the issued document stays the one copy.
    const attachments = await mailAttachments(tx, row)
    const info = (await transport.sendMail({
      from,
      to: row.toAddress,
      subject: message.subject,
      html: message.html,
      text: message.text,
      attachments,
      // The same Message-ID on a repeat (ADR 026): a receiving server or client can drop it.
      messageId: `<mail-${row.id}.${row.createdAt.getTime()}@${domainOf(from)}>`,
      headers: {
        'X-SkyPANEL-Event': row.eventKey,
        // RFC 8058 one-click unsubscribe, on optional categories only (ADR 026 addendum).
        ...(unsubscribe && {
          'List-Unsubscribe': `<${unsubscribe}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        }),
      },
    })) as { messageId?: string }
    return { kind: 'sent', messageId: info.messageId ?? '', rendered }
  } catch (error) {
    const code = (error as { responseCode?: unknown }).responseCode
    // 5xx is the SMTP server's final refusal (no such mailbox, rejected as spam); 4xx and
    // network failures are worth another try.
    const permanent = typeof code === 'number' && code >= 500 && code < 600
    return { kind: 'error', error: errorText(error), permanent, rendered }
  }
}

/** The signed link for a message of an optional category sent to a user; null otherwise. */
function unsubscribeLinkFor(row: MailOutboxRow): string | null {
  const category = categoryOfTemplate(row.template)
  if (!category || row.userId === null) return null
  return unsubscribeUrl({ userId: row.userId, category }, mailOrigin())
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

function domainOf(from: string): string {
  return /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'localhost'
}

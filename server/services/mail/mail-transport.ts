import nodemailer, { type Transporter } from 'nodemailer'
import { env } from '#server/env.ts'

/** Short enough that a stuck SMTP server cannot hold an outbox row's lock for long. */
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 }

export function createMailTransport(url: string): Transporter {
  return nodemailer.createTransport({ url, ...TIMEOUTS })
}

let configured: Transporter | null | undefined

/**
 * The SMTP transport from SMTP_URL; null when mail is kept in the local mailbox instead
 * (no SMTP_URL, which production allows only with MAIL_DISCARD or offline mode, or
 * MAIL_DISCARD=true).
 */
export function configuredMailTransport(): Transporter | null {
  if (configured === undefined)
    configured = mailDeliveryMode() === 'smtp' ? createMailTransport(env.SMTP_URL!) : null
  return configured
}

/** What happens to mail here: sent over SMTP, or kept in the local mailbox (/admin/mail). */
export function mailDeliveryMode(): 'smtp' | 'local' {
  return env.SMTP_URL && !env.MAIL_DISCARD ? 'smtp' : 'local'
}

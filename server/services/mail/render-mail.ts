import type { DbOrTx } from '#db/client.ts'
import { env } from '#server/env.ts'
import {
  getSettings,
  settingsFrom,
  type AppSettings,
} from '#server/services/settings/get-settings.ts'
import { loadMailComponents } from './templates/components.ts'
import {
  isMailTemplate,
  TEMPLATES,
  type Branding,
  type MailTemplate,
  type MailTemplates,
} from './templates/index.ts'

export type RenderedMail = { subject: string; html: string; text: string }

/**
 * Where links in mail point: APP_URL's origin, or this process's own address where it is
 * unset (development). A mail client cannot resolve a path, so every link is absolute.
 */
export function mailOrigin(): string {
  return env.APP_URL ? new URL(env.APP_URL).origin : `http://localhost:${env.PORT}`
}

/** A message's branding from the settings; links and the logo as absolute URLs. */
export function brandingFrom(
  settings: AppSettings,
  appUrl: string | null = mailOrigin(),
): Branding {
  return {
    appName: settings.companyName,
    appUrl,
    companyAddress: settings.companyAddress,
    supportEmail: settings.supportEmail,
    logoUrl:
      settings.logo && appUrl
        ? new URL(`/branding/logo?v=${settings.logo.sha256.slice(0, 16)}`, appUrl).toString()
        : null,
    creditsDisplayName: settings.creditsDisplayName,
    creditsSymbol: settings.creditsSymbol,
  }
}

/** The branding when nothing is stored (APP_NAME, APP_URL and the defaults): previews and tests. */
export function envBranding(): Branding {
  return brandingFrom(settingsFrom(null, null))
}

/** The admin's current settings (cached per process for a few seconds, ADR 028). */
export async function currentBranding(db: DbOrTx): Promise<Branding> {
  return brandingFrom(await getSettings(db))
}

/** One message as HTML and plain text, in the given branding. */
export async function renderMail<T extends MailTemplate>(
  template: T,
  data: MailTemplates[T],
  branding: Branding = envBranding(),
): Promise<RenderedMail> {
  // Loaded with the first mail, not at start: the web process never renders one (components.ts).
  const [{ render }] = await Promise.all([import('@react-email/render'), loadMailComponents()])
  const entry = TEMPLATES[template]
  const element = entry.element(data, branding)
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })])
  return { subject: entry.subject(data, branding), html, text }
}

/**
 * For a stored row: its template name and data came from the database. With `db` (the
 * delivery job passes its transaction, so a lane holds one connection, ADR 026 addendum) the
 * message carries the settings as they are when it is rendered.
 */
export async function renderStoredMail(
  template: string,
  data: Record<string, unknown>,
  db?: DbOrTx,
): Promise<RenderedMail> {
  if (!isMailTemplate(template)) throw new Error(`unknown mail template "${template}"`)
  const load = TEMPLATES[template].load as
    | ((db: DbOrTx, data: Record<string, unknown>) => Promise<Record<string, unknown>>)
    | undefined
  const loaded = db && load ? await load(db, data) : data
  return renderMail(template, loaded as never, db ? await currentBranding(db) : envBranding())
}

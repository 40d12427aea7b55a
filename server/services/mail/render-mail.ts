import { render } from '@react-email/render'
import { env } from '#server/env.ts'
import {
  isMailTemplate,
  TEMPLATES,
  type Branding,
  type MailTemplate,
  type MailTemplates,
} from './templates/index.ts'

export type RenderedMail = { subject: string; html: string; text: string }

export function currentBranding(): Branding {
  return { appName: env.APP_NAME, appUrl: env.APP_URL ?? null }
}

/** One message as HTML and plain text, in the app's branding. */
export async function renderMail<T extends MailTemplate>(
  template: T,
  data: MailTemplates[T],
  branding: Branding = currentBranding(),
): Promise<RenderedMail> {
  const entry = TEMPLATES[template]
  const element = entry.element(data, branding)
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })])
  return { subject: entry.subject(data, branding), html, text }
}

/** For a stored row: its template name and data came from the database. */
export async function renderStoredMail(
  template: string,
  data: Record<string, unknown>,
): Promise<RenderedMail> {
  if (!isMailTemplate(template)) throw new Error(`unknown mail template "${template}"`)
  return renderMail(template, data as never)
}

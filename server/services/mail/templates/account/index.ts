import type { TemplateEntry } from '../entry.ts'

/** The security, balance and preference messages, by the name stored in mail_outbox.template. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled as messages are added
export type AccountTemplates = {}

export const ACCOUNT_TEMPLATES: {
  [T in keyof AccountTemplates]: TemplateEntry<AccountTemplates[T]>
} = {}

import type { TemplateEntry } from '../entry.ts'

/** The service lifecycle and renewal messages, by the name stored in mail_outbox.template. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled as messages are added
export type ServiceTemplates = {}

export const SERVICE_TEMPLATES: {
  [T in keyof ServiceTemplates]: TemplateEntry<ServiceTemplates[T]>
} = {}

import type { MailCategory } from '#db/schema/index.ts'

export type { MailCategory }

/**
 * The messages a user may turn off, by template name, and their category. A template not
 * listed here is a security or money-movement message and is always sent (ADR 026 addendum):
 * receipts, adjustments, refunds, renewal paid/failed/suspended, tokens, password and email.
 * Browser-safe (no server imports): the settings page reads the labels.
 */
export const OPTIONAL_TEMPLATE_CATEGORIES: Readonly<Record<string, MailCategory>> = {
  'low-balance': 'low_balance',
  // MAIL-SERVICES: the renewal-coming-up message (7 and 1 days before).
  'service-renewal-reminder': 'billing_reminders',
}

export function categoryOfTemplate(template: string): MailCategory | null {
  return Object.hasOwn(OPTIONAL_TEMPLATE_CATEGORIES, template)
    ? OPTIONAL_TEMPLATE_CATEGORIES[template]!
    : null
}

export const MAIL_CATEGORIES = ['billing_reminders', 'low_balance', 'product_news'] as const

/** What the settings page and the unsubscribe page call each category. */
export const MAIL_CATEGORY_LABELS: Readonly<
  Record<MailCategory, { label: string; description: string }>
> = {
  billing_reminders: {
    label: 'Renewal reminders',
    description: '7 days and 1 day before a service renews, saying whether your balance covers it.',
  },
  low_balance: {
    label: 'Low balance',
    description: 'When a charge takes your custom credits below your threshold.',
  },
  product_news: {
    label: 'Product news',
    description: 'New services and features, now and then.',
  },
}

/** Always sent: shown on the settings page as on, without a switch. */
export const MANDATORY_MAIL_DESCRIPTIONS = [
  'Payment receipts, credits added or removed by an administrator, refunds and reversals',
  'Renewal paid, renewal failed, past due, suspended or terminated',
  'New API token created, password changed, email changed',
] as const

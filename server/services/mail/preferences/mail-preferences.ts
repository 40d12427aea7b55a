import { and, eq, sql } from 'drizzle-orm'
import { z } from 'zod'
import type { DbOrTx } from '#db/client.ts'
import { lowBalanceThresholds, mailOptOuts } from '#db/schema/index.ts'
import { formatCents, parseDecimalToCents } from '#server/lib/money.ts'
import {
  MAIL_CATEGORIES,
  MAIL_CATEGORY_LABELS,
  MANDATORY_MAIL_DESCRIPTIONS,
  type MailCategory,
} from './categories.ts'
import { getSettings } from '#server/services/settings/get-settings.ts'

export type MailPreferences = {
  categories: { category: MailCategory; label: string; description: string; enabled: boolean }[]
  mandatory: readonly string[]
  lowBalance: { thresholdCents: number; isDefault: boolean; defaultCents: number }
}

export async function getMailPreferences(db: DbOrTx, userId: number): Promise<MailPreferences> {
  const [optOuts, [threshold], settings] = await Promise.all([
    db
      .select({ category: mailOptOuts.category })
      .from(mailOptOuts)
      .where(eq(mailOptOuts.userId, userId)),
    db
      .select({ cents: lowBalanceThresholds.thresholdCents })
      .from(lowBalanceThresholds)
      .where(eq(lowBalanceThresholds.userId, userId)),
    getSettings(db),
  ])
  const defaultCents = settings.lowBalanceDefaultCents
  const off = new Set(optOuts.map((row) => row.category))
  return {
    categories: MAIL_CATEGORIES.map((category) => ({
      category,
      ...MAIL_CATEGORY_LABELS[category],
      enabled: !off.has(category),
    })),
    mandatory: MANDATORY_MAIL_DESCRIPTIONS,
    lowBalance: {
      thresholdCents: threshold?.cents ?? defaultCents,
      isDefault: !threshold,
      defaultCents,
    },
  }
}

export const ZMailCategory = z.enum(MAIL_CATEGORIES, {
  error: `Category must be one of: ${MAIL_CATEGORIES.join(', ')}`,
})

const MAX_THRESHOLD_CENTS = 100_000_000

/** Decimal text (or a number) to cents, 0 to $1,000,000; '' and null mean "the default". */
const ZThreshold = z
  .union([z.string(), z.number(), z.null()])
  .optional()
  .transform((value, ctx): number | null | undefined => {
    if (value === undefined) return undefined
    const text = value === null ? '' : String(value).trim()
    if (text === '') return null
    const parsed = parseDecimalToCents(text)
    const range = `Threshold must be an amount from $0.00 to ${formatCents(MAX_THRESHOLD_CENTS)}`
    // The parser says what is wrong with the text ("1e3", "1.234", "abc"); a sign or a size
    // is the range's business (the parser's "must be positive" would wrongly rule out 0).
    const negative = text.startsWith('-')
    if (!parsed.ok || negative || parsed.cents > MAX_THRESHOLD_CENTS) {
      ctx.addIssue({ code: 'custom', message: parsed.ok || negative ? range : parsed.message })
      return z.NEVER
    }
    return parsed.cents
  })

export const ZUpdateMailPreferencesInput = z.object({
  /** The optional categories that stay on; every other optional category is turned off. */
  enabled: z.array(ZMailCategory).max(MAIL_CATEGORIES.length),
  /** A decimal amount like "10.00"; empty or null: back to the default. */
  lowBalanceThreshold: ZThreshold,
})

export type UpdateMailPreferencesInput = z.output<typeof ZUpdateMailPreferencesInput>

/**
 * Saves the whole form at once: which optional categories are on, and the threshold. Takes
 * the parsed input (the threshold already in cents): parsing it twice would read cents as dollars.
 */
export async function updateMailPreferences(
  db: DbOrTx,
  input: { userId: number; preferences: UpdateMailPreferencesInput },
): Promise<MailPreferences> {
  const { userId, preferences } = input
  const enabled = new Set(preferences.enabled)
  const threshold = preferences.lowBalanceThreshold
  await db.transaction(async (tx) => {
    for (const category of MAIL_CATEGORIES)
      await setMailCategory(tx, { userId, category, enabled: enabled.has(category) })
    if (threshold === null)
      await tx.delete(lowBalanceThresholds).where(eq(lowBalanceThresholds.userId, userId))
    else if (threshold !== undefined)
      await tx
        .insert(lowBalanceThresholds)
        .values({ userId, thresholdCents: threshold })
        .onConflictDoUpdate({
          target: lowBalanceThresholds.userId,
          set: { thresholdCents: threshold, updatedAt: sql`now()` },
        })
  })
  return getMailPreferences(db, userId)
}

/** Turns one optional category on or off; idempotent (the unsubscribe link may be used twice). */
export async function setMailCategory(
  db: DbOrTx,
  input: { userId: number; category: MailCategory; enabled: boolean },
): Promise<void> {
  if (input.enabled)
    await db
      .delete(mailOptOuts)
      .where(and(eq(mailOptOuts.userId, input.userId), eq(mailOptOuts.category, input.category)))
  else
    await db
      .insert(mailOptOuts)
      .values({ userId: input.userId, category: input.category })
      .onConflictDoNothing()
}

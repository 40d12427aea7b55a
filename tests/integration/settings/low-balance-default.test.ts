import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '#db/client.ts'
import { appSettings, mailOutbox } from '#db/schema/index.ts'
import { postCreditEntry } from '#server/services/credits/post-credit-entry.ts'
import { getMailPreferences } from '#server/services/mail/preferences/mail-preferences.ts'
import { invalidateSettingsCache } from '#server/services/settings/get-settings.ts'
import { updateSettings } from '#server/services/settings/update-settings.ts'
import { createTestUser, type TestUser } from '#tests/helpers/users.ts'

/**
 * The admin's low-balance default (ADR 028) is what a user without a threshold of their own is
 * warned at: the preferences page says it and the crossing check in the debit's transaction
 * uses it. With the built-in $5.00 the $15.00 below would send nothing.
 */

let admin: TestUser
let user: TestUser
beforeAll(async () => {
  admin = await createTestUser({ role: 'admin', name: 'Default Admin' })
  user = await createTestUser({ name: 'Default Threshold User' })
})
// Settings are one row for the whole database: the other files here start from none.
afterAll(async () => {
  await db.delete(appSettings).where(eq(appSettings.id, 1))
  invalidateSettingsCache(db)
})

const post = (amountCents: number) =>
  db.transaction((tx) =>
    postCreditEntry(tx, {
      userId: user.id,
      type: amountCents > 0 ? 'admin_add' : 'admin_remove',
      amountCents,
      description: amountCents > 0 ? 'Test funds' : 'Test charge',
      adminUserId: admin.id,
      reason: 'low-balance default test',
      allowNegative: true,
    }),
  )

describe('the low-balance default from the admin settings', () => {
  it('an admin change of the default applies to users without their own threshold', async () => {
    await updateSettings(db, {
      actor: { adminUserId: admin.id, reason: 'Warn earlier' },
      changes: { lowBalanceDefault: 2_000 },
    })
    const prefs = await getMailPreferences(db, user.id)
    expect(prefs.lowBalance).toMatchObject({ isDefault: true, defaultCents: 2_000 })

    await post(2_500)
    const crossing = await post(-1_000) // $15.00: below $20.00, above the built-in $5.00
    const rows = await db
      .select()
      .from(mailOutbox)
      .where(and(eq(mailOutbox.userId, user.id), eq(mailOutbox.template, 'low-balance')))
    expect(rows.map((row) => row.eventKey)).toEqual([`low-balance:${crossing.id}`])
    expect(rows[0]!.data).toMatchObject({ balanceCents: 1_500, thresholdCents: 2_000 })
  })
})

import { sql } from 'drizzle-orm'
import {
  check,
  customType,
  integer,
  pgTable,
  smallint,
  text,
  timestamp,
} from 'drizzle-orm/pg-core'
import { users } from './users.ts'

const bytea = customType<{ data: Buffer; driverData: Buffer }>({
  dataType: () => 'bytea',
})

/**
 * Branding and company details (ADR 028): one row (id = 1) or none. A NULL column means "the
 * default" (server/services/settings/defaults.ts), so a fresh install needs no seed and a
 * changed APP_NAME still names an install nobody has configured.
 */
export const appSettings = pgTable(
  'app_settings',
  {
    id: smallint().primaryKey().default(1),
    companyName: text(),
    companyAddress: text(),
    taxId: text(),
    supportEmail: text(),
    /** PNG or JPEG, checked by its magic bytes; at most 200 KB (the CHECK is the backstop). */
    logo: bytea(),
    logoContentType: text(),
    /** sha256 hex of `logo`: the cache compares it instead of re-reading the bytes. */
    logoSha256: text(),
    creditsDisplayName: text(),
    creditsSymbol: text(),
    lowBalanceDefaultCents: integer(),
    /** Bumped by every update: other processes' caches compare it (ADR 028). */
    version: integer().notNull().default(1),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedBy: integer().references(() => users.id, { onDelete: 'restrict' }),
  },
  (t) => [
    check('app_settings_single_row', sql`${t.id} = 1`),
    check(
      'app_settings_logo_complete',
      sql`(${t.logo} is null) = (${t.logoContentType} is null) and (${t.logo} is null) = (${t.logoSha256} is null)`,
    ),
    check(
      'app_settings_logo_type',
      sql`${t.logoContentType} is null or ${t.logoContentType} in ('image/png', 'image/jpeg')`,
    ),
    check('app_settings_logo_size', sql`${t.logo} is null or octet_length(${t.logo}) <= 204800`),
    check(
      'app_settings_low_balance_nonnegative',
      sql`${t.lowBalanceDefaultCents} is null or ${t.lowBalanceDefaultCents} >= 0`,
    ),
  ],
)
export type AppSettingsRow = typeof appSettings.$inferSelect

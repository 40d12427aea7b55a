import { index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core'
import { users } from './users.ts'

export const API_TOKEN_SCOPES = ['read', 'write', 'admin'] as const
export type ApiTokenScope = (typeof API_TOKEN_SCOPES)[number]
export const apiTokenScope = pgEnum('api_token_scope', API_TOKEN_SCOPES)

/** Personal API tokens. Only a SHA-256 of the token is stored; the token is shown once. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    tokenHash: text().notNull(),
    /** The first characters of the token, to tell tokens apart in lists. */
    prefix: text().notNull(),
    scope: apiTokenScope().notNull(),
    expiresAt: timestamp({ withTimezone: true }),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('api_tokens_hash_key').on(t.tokenHash),
    index('api_tokens_user_idx').on(t.userId),
  ],
)
export type ApiToken = typeof apiTokens.$inferSelect

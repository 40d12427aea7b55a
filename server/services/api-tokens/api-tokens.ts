import { createHash, randomBytes } from 'node:crypto'
import { and, desc, eq, isNull, sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/client.ts'
import { preparedQuery } from '#db/prepared.ts'
import { apiTokens, users, type ApiToken, type ApiTokenScope, type User } from '#db/schema/index.ts'
import { env } from '#server/env.ts'
import { AppError } from '#server/errors.ts'
import { enqueueMail } from '#server/services/mail/enqueue-mail.ts'
import { requestMailDelivery } from '#server/services/mail/request-mail-delivery.ts'
import { createTokenCache, type TokenCache } from './token-cache.ts'

const RANK: Record<ApiTokenScope, number> = { read: 1, write: 2, admin: 3 }

/** Scopes are levels: write includes read, admin includes write. */
export function scopeAllows(granted: ApiTokenScope, needed: ApiTokenScope): boolean {
  return RANK[granted] >= RANK[needed]
}

export { ZCreateApiTokenInput } from './schemas.ts'

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

export type ApiTokenView = Pick<
  ApiToken,
  'id' | 'name' | 'prefix' | 'scope' | 'expiresAt' | 'lastUsedAt' | 'revokedAt' | 'createdAt'
>

function toView(token: ApiToken): ApiTokenView {
  const { id, name, prefix, scope, expiresAt, lastUsedAt, revokedAt, createdAt } = token
  return { id, name, prefix, scope, expiresAt, lastUsedAt, revokedAt, createdAt }
}

/** Creates a token and returns it in clear exactly once. Only admins may hold admin tokens. */
export async function createApiToken(
  db: DbOrTx,
  input: {
    user: Pick<User, 'id' | 'role'>
    name: string
    scope: ApiTokenScope
    expiresInDays?: number
    now?: Date
  },
): Promise<{ token: string; view: ApiTokenView }> {
  if (input.scope === 'admin' && input.user.role !== 'admin') {
    throw new AppError('FORBIDDEN', 'Only administrators can create admin tokens.', {
      fields: { scope: ['Not allowed'] },
    })
  }
  const token = `spk_${randomBytes(32).toString('base64url')}`
  const now = input.now ?? new Date()
  const row = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(apiTokens)
      .values({
        userId: input.user.id,
        name: input.name,
        scope: input.scope,
        tokenHash: hashToken(token),
        prefix: token.slice(0, 12),
        expiresAt: input.expiresInDays
          ? new Date(now.getTime() + input.expiresInDays * 86_400_000)
          : null,
      })
      .returning()
    // A security notice: whoever holds the account's session may be someone else.
    await enqueueMail(tx, {
      eventKey: `api-token-created:${created!.id}`,
      recipient: { userId: input.user.id },
      template: 'api-token-created',
      data: {
        tokenName: created!.name,
        prefix: created!.prefix,
        scope: created!.scope,
        expiresAt: created!.expiresAt?.toISOString() ?? null,
      },
    })
    return created!
  })
  await requestMailDelivery()
  return { token, view: toView(row) }
}

export async function listApiTokens(db: DbOrTx, userId: number): Promise<ApiTokenView[]> {
  const rows = await db
    .select()
    .from(apiTokens)
    .where(eq(apiTokens.userId, userId))
    .orderBy(desc(apiTokens.id))
  return rows.map(toView)
}

export async function revokeApiToken(
  db: DbOrTx,
  input: { userId: number; tokenId: number },
): Promise<ApiTokenView> {
  const [row] = await db
    .update(apiTokens)
    .set({ revokedAt: sql`coalesce(${apiTokens.revokedAt}, now())` })
    .where(and(eq(apiTokens.id, input.tokenId), eq(apiTokens.userId, input.userId)))
    .returning()
  if (!row) throw new AppError('NOT_FOUND', 'No such token.')
  // Other processes stop accepting it within API_TOKEN_CACHE_SECONDS; this one at once.
  apiTokenCache.forget({ tokenId: row.id })
  return toView(row)
}

export type AuthenticatedToken = { user: User; token: Pick<ApiToken, 'id' | 'scope'> }
type VerifiedApiToken = AuthenticatedToken & { expiresAt: Date | null }

const tokenByHash = preparedQuery((db) =>
  db
    .select({ token: apiTokens, user: users })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, sql.placeholder('tokenHash')), isNull(apiTokens.revokedAt)))
    .prepare('api_token_by_hash'),
)

const touchToken = preparedQuery((db) =>
  db
    .update(apiTokens)
    .set({ lastUsedAt: sql`now()` })
    .where(eq(apiTokens.id, sql.placeholder('id')))
    .prepare('api_token_touch'),
)

/** One database verification: unknown, revoked, expired or an inactive owner is UNAUTHENTICATED. */
async function verifyApiToken(db: DbOrTx, tokenHash: string): Promise<VerifiedApiToken> {
  const [row] = await tokenByHash(db, { tokenHash })
  if (!row) throw new AppError('UNAUTHENTICATED', 'Invalid or revoked API token.')
  if (row.token.expiresAt && row.token.expiresAt.getTime() <= Date.now()) {
    throw new AppError('UNAUTHENTICATED', 'This API token has expired.')
  }
  if (!row.user.isActive) throw new AppError('UNAUTHENTICATED', 'This account is deactivated.')
  // A hint for the owner, not an audit record: written at most once a minute (a cached token
  // is verified, and so considered for this write, at most once per cache period per process).
  if (!row.token.lastUsedAt || Date.now() - row.token.lastUsedAt.getTime() > 60_000) {
    await touchToken(db, { id: row.token.id })
  }
  return {
    user: row.user,
    token: { id: row.token.id, scope: row.token.scope },
    expiresAt: row.token.expiresAt,
  }
}

/** A cache of verified tokens; every process has one (`apiTokenCache`), tests make their own. */
export function createApiTokenCache(maxAgeMs: number): TokenCache<VerifiedApiToken> {
  return createTokenCache({
    maxAgeMs,
    describe: (found) => ({
      tokenId: found.token.id,
      userId: found.user.id,
      expiresAt: found.expiresAt,
    }),
  })
}

export const apiTokenCache = createApiTokenCache(env.API_TOKEN_CACHE_SECONDS * 1000)

/**
 * The token's owner and scope, or an UNAUTHENTICATED error (unknown, revoked, expired,
 * inactive user). A verified token is reused for API_TOKEN_CACHE_SECONDS (token-cache.ts).
 */
export async function authenticateApiToken(
  db: DbOrTx,
  token: string,
  cache: TokenCache<VerifiedApiToken> = apiTokenCache,
): Promise<AuthenticatedToken> {
  const tokenHash = hashToken(token)
  return cache.get(tokenHash, () => verifyApiToken(db, tokenHash))
}

/** After a change to a user that tokens carry (deactivation, role): this process sees it at once. */
export function forgetCachedApiTokensOf(userId: number): void {
  apiTokenCache.forget({ userId })
}

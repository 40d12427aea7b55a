import type { User } from '#db/schema/index.ts'

export type PublicUser = Omit<User, 'passwordHash'>

export function toPublicUser(user: User): PublicUser {
  const { passwordHash: _omitted, ...rest } = user
  return rest
}

import { hash, verify } from '@node-rs/argon2'
import { z } from 'zod'

// argon2id (the library default) at OWASP's baseline: 19 MiB memory, 2 iterations, 1 lane.
const ARGON2_OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 }

const COMMON_PASSWORDS = new Set([
  'password123',
  'password1234',
  '1234567890',
  '12345678910',
  'qwertyuiop',
  'iloveyou123',
  'letmein1234',
  'administrator',
  'changeme123',
  'welcome1234',
])

// One problem at a time (`abort`): "too short" is what to fix first, not "too short and too repetitive".
export const ZPassword = z
  .string({ error: 'Password is required' })
  .min(10, { error: 'Password must be at least 10 characters', abort: true })
  .max(128, { error: 'Password must be at most 128 characters', abort: true })
  .refine((value) => !COMMON_PASSWORDS.has(value.toLowerCase()), {
    error: 'Password is too common',
    abort: true,
  })
  .refine((value) => new Set(value).size >= 4, 'Password is too repetitive')

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS)
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password)
  } catch {
    return false
  }
}

// Compared against when the email is unknown, so a miss costs as long as a hit.
let dummyHash: Promise<string> | undefined
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword('not-a-real-password-for-timing')
  await verifyPassword(await dummyHash, password)
}

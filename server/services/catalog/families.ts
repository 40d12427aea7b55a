import type { z } from 'zod'
import type { ProductFamily } from '#db/schema/services.ts'
import { AppError } from '#server/errors.ts'
import { fieldErrorsOf } from '#server/lib/validation.ts'
import { LIMITS_SCHEMAS, type FamilyLimits } from './schemas.ts'

export type Provisioner = 'none' | 'manual' | 'webhook'

export type FamilyDefinition<F extends ProductFamily = ProductFamily> = {
  label: string
  limitsSchema: (typeof LIMITS_SCHEMAS)[F]
  /** Who sets a new service up; an env setting may override it (provisioning/provisionerFor). */
  defaultProvisioner: Provisioner
  /** How many live services of this family one user may hold (null: any number). */
  maxLivePerUser: number | null
}

/**
 * Every kind of service the engine sells. A new kind is a new entry here (and its limits schema
 * in schemas.ts), not a new engine. DNS's one-live-plan rule is also a database index
 * (services_one_live_dns); maxLivePerUser is what the engine checks first, for a clear message.
 */
export const FAMILIES: { [F in ProductFamily]: FamilyDefinition<F> } = {
  dns: {
    label: 'DNS plans',
    limitsSchema: LIMITS_SCHEMAS.dns,
    defaultProvisioner: 'none',
    maxLivePerUser: 1,
  },
  dedicated_server: {
    label: 'Dedicated servers',
    limitsSchema: LIMITS_SCHEMAS.dedicated_server,
    defaultProvisioner: 'manual',
    maxLivePerUser: null,
  },
}

/** A product's limits checked against its family's schema; a 400 naming each bad field. */
export function parseLimits<F extends ProductFamily>(family: F, value: unknown): FamilyLimits[F] {
  const result = (FAMILIES[family].limitsSchema as z.ZodType).safeParse(value)
  if (result.success) return result.data as FamilyLimits[F]
  const fields = Object.fromEntries(
    Object.entries(fieldErrorsOf(result.error)).map(([field, messages]) => [
      field === '_' ? 'limits' : `limits.${field}`,
      messages,
    ]),
  )
  const summary = Object.entries(fields)
    .map(([field, messages]) => `${field}: ${messages[0]}`)
    .join('; ')
  throw new AppError('VALIDATION_FAILED', `Invalid ${FAMILIES[family].label} limits. ${summary}`, {
    fields,
  })
}

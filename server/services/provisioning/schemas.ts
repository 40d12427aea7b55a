import { z } from 'zod'
import type { ProductFamily } from '#db/schema/services.ts'
import { ZReason } from '#server/lib/reason-schema.ts'
import { zBigId, zId, zInt, zText } from '#server/lib/validation.ts'

/*
 * Provisioning inputs, shared with the admin forms: browser-safe (no env, no database, no
 * node built-ins; the type-only import above is erased).
 */

export const PROVISIONING_FAMILIES = [
  'dns',
  'dedicated_server',
] as const satisfies readonly ProductFamily[]
export const DELIVERY_STATES = ['pending', 'delivered', 'failed', 'not_needed'] as const

const HOSTNAME_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/

/**
 * A host name as RFC 1123 allows it: dot-separated labels of letters, digits and hyphens, each
 * 1 to 63 characters and neither starting nor ending with a hyphen, 253 characters at most;
 * kept in lower case. An IP address is not a host name (the TLD may not be all digits).
 */
export const ZHostname = z
  .string({ error: 'Hostname must be text' })
  .trim()
  .toLowerCase()
  .refine(
    (name) => {
      if (name.length === 0 || name.length > 253) return false
      const labels = name.split('.')
      return labels.every((label) => HOSTNAME_LABEL.test(label)) && !/^\d+$/.test(labels.at(-1)!)
    },
    {
      message:
        'Hostname must be letters, digits and hyphens in dot-separated labels of 1 to 63 characters (e.g. srv1.example.com)',
    },
  )

const IPV4 = z.ipv4()
const IPV6 = z.ipv6()

/** An IPv4 address in dotted decimal or an IPv6 address; IPv6 is kept in lower case. */
export const ZIpAddress = z
  .string({ error: 'IP address must be text' })
  .trim()
  .toLowerCase()
  .refine((text) => IPV4.safeParse(text).success || IPV6.safeParse(text).success, {
    message: 'IP address must be an IPv4 (203.0.113.10) or IPv6 (2001:db8::10) address',
  })

export const ZServiceId = zId('Service id must be a whole number from 1 to 2147483647')
export const ZEventId = z.uuid({ error: 'Event id must be a UUID' })

export const ZProvisionServiceBody = z.object({
  hostname: ZHostname,
  ipAddress: ZIpAddress,
  notes: zText({ label: 'Notes', max: 2000, multiline: true }).default(''),
  reason: ZReason,
})
export const ZProvisionServiceInput = ZProvisionServiceBody.extend({ serviceId: ZServiceId })
export type ProvisionServiceInput = z.output<typeof ZProvisionServiceInput>

export const ZRedeliverEventInput = z.object({ eventId: ZEventId, reason: ZReason })

const limit = zInt({ min: 1, max: 100, message: 'Limit must be 1 to 100' }).default(50)

export const ZProvisioningQueueInput = z.object({ limit })

export const ZListServiceEventsInput = z.object({
  family: z
    .enum(PROVISIONING_FAMILIES, {
      error: `Family must be one of: ${PROVISIONING_FAMILIES.join(', ')}`,
    })
    .optional(),
  state: z
    .enum(DELIVERY_STATES, { error: `State must be one of: ${DELIVERY_STATES.join(', ')}` })
    .optional(),
  serviceId: ZServiceId.optional(),
  /** Newest first; the last id of the previous page. */
  cursor: zBigId().nullish(),
  limit,
})
export type ListServiceEventsInput = z.output<typeof ZListServiceEventsInput>

export const ZListDeliveriesInput = z.object({
  eventId: ZEventId.optional(),
  serviceId: ZServiceId.optional(),
  family: ZListServiceEventsInput.shape.family,
  cursor: zBigId().nullish(),
  limit,
})
export type ListDeliveriesInput = z.output<typeof ZListDeliveriesInput>

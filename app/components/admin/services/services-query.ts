import type { z } from 'zod'
import { STATUS } from '#app/components/services/helpers.ts'
import type { ZAdminServicesListInput } from '#server/services/services/schemas.ts'
import { FAMILY_OPTIONS } from '#app/components/admin/provisioning/events-query.ts'

export type ServicesListInput = z.input<typeof ZAdminServicesListInput> & object
type ListInput = ServicesListInput

export const PAGE_SIZE = 50
const DAY_MS = 24 * 60 * 60 * 1000

export const STATUS_OPTIONS = [
  { value: '', label: 'Every status' },
  ...Object.entries(STATUS).map(([value, { label }]) => ({ value, label })),
]

/** "Due within N days": N as the URL has it; 0 is "already due" (period ended, unpaid). */
export const DUE_OPTIONS = (
  [
    ['', 'Any renewal date'],
    ['0', 'Due now (period ended)'],
    ['7', 'Due within 7 days'],
    ['30', 'Due within 30 days'],
    ['90', 'Due within 90 days'],
  ] as const
).map(([value, label]) => ({ value, label }))
const MAX_DUE_DAYS = 365

/** The list's selects, in the order the filter form shows them. */
export const FILTER_SELECTS = (
  [
    ['family', 'Family', FAMILY_OPTIONS],
    ['status', 'Status', STATUS_OPTIONS],
    ['due', 'Renewal', DUE_OPTIONS],
  ] as const
).map(([name, label, options]) => ({ name, label, options }))

/** What the page's URL asks for; unknown choices fall back to "all". */
export type ServicesQuery = {
  family: string
  status: string
  /** Due within this many days ('' for any; other whole numbers up to a year are kept). */
  due: string
  /** A user id (digits) or text found in their email or name. */
  user: string
  cursor: string | null
}

const known = (options: readonly { value: string }[], value: string) =>
  options.some((option) => option.value === value) ? value : ''

export function servicesQueryOf(params: URLSearchParams): ServicesQuery {
  const due = params.get('due')?.trim() ?? ''
  return {
    family: known(FAMILY_OPTIONS, params.get('family') ?? ''),
    status: known(STATUS_OPTIONS, params.get('status') ?? ''),
    due: /^\d{1,3}$/.test(due) && Number(due) <= MAX_DUE_DAYS ? String(Number(due)) : '',
    user: params.get('user')?.trim().slice(0, 100) ?? '',
    cursor: params.get('cursor') || null,
  }
}

/**
 * The procedure input. "Due within N days" becomes an instant, so the loader builds it once
 * (with its clock) and hands it to the page: the live query then has the prefetch's key. The
 * cursor goes as the URL has it: the procedure's schema refuses a forged one with a 400.
 */
export function servicesInput(query: ServicesQuery, now: Date): ListInput {
  // Digits are a user id (the schema refuses one out of range with a 400), else text.
  const byId = /^\d+$/.test(query.user)
  return {
    family: (query.family || undefined) as ListInput['family'],
    status: (query.status || undefined) as ListInput['status'],
    dueBefore: query.due
      ? new Date(now.getTime() + Number(query.due) * DAY_MS).toISOString()
      : undefined,
    userId: byId ? query.user : undefined,
    search: query.user && !byId ? query.user : undefined,
    cursor: query.cursor ?? undefined,
    limit: PAGE_SIZE,
  }
}

/** The URL parameters of a query, leaving out defaults (and the cursor unless given). */
export function servicesParams(query: ServicesQuery, cursor?: number | null): URLSearchParams {
  const params = new URLSearchParams()
  for (const key of ['family', 'status', 'due', 'user'] as const)
    if (query[key]) params.set(key, query[key])
  if (cursor) params.set('cursor', String(cursor))
  return params
}

export const isFiltered = (query: ServicesQuery) =>
  Boolean(query.family || query.status || query.due || query.user)

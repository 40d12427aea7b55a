import type {
  DELIVERY_STATES,
  PROVISIONING_FAMILIES,
  ListServiceEventsInput,
} from '#server/services/provisioning/schemas.ts'

export const PAGE_SIZE = 50

export const FAMILY_OPTIONS = [
  { value: '', label: 'All families' },
  { value: 'dns', label: 'DNS plans' },
  { value: 'dedicated_server', label: 'Dedicated servers' },
] as const satisfies ReadonlyArray<{
  value: '' | (typeof PROVISIONING_FAMILIES)[number]
  label: string
}>

export const STATE_OPTIONS = [
  { value: '', label: 'Every state' },
  { value: 'pending', label: 'Pending (retrying)' },
  { value: 'failed', label: 'Failed (gave up)' },
  { value: 'delivered', label: 'Delivered' },
  { value: 'not_needed', label: 'Not sent (no webhook)' },
] as const satisfies ReadonlyArray<{ value: '' | (typeof DELIVERY_STATES)[number]; label: string }>

/** What the page's URL asks for; unknown choices fall back to "all". */
export type EventsQuery = { family: string; state: string; cursor: string | null }

export function eventsQueryOf(params: URLSearchParams): EventsQuery {
  const family = params.get('family') ?? ''
  const state = params.get('state') ?? ''
  return {
    family: FAMILY_OPTIONS.some((option) => option.value === family) ? family : '',
    state: STATE_OPTIONS.some((option) => option.value === state) ? state : '',
    cursor: params.get('cursor') || null,
  }
}

/**
 * The procedure input (loader and live query share it, so their keys match). The cursor goes
 * as the URL has it: the procedure's schema refuses a forged one with a 400.
 */
export function eventsInput(query: EventsQuery) {
  return {
    family: (query.family || undefined) as ListServiceEventsInput['family'],
    state: (query.state || undefined) as ListServiceEventsInput['state'],
    cursor: query.cursor ?? undefined,
    limit: PAGE_SIZE,
  }
}

/** The URL parameters of a query, leaving out defaults (and the cursor unless given). */
export function eventsParams(query: EventsQuery, cursor?: number | null): URLSearchParams {
  const params = new URLSearchParams()
  if (query.family) params.set('family', query.family)
  if (query.state) params.set('state', query.state)
  if (cursor) params.set('cursor', String(cursor))
  return params
}

import type { TopupStatus } from './topup-presentation.ts'

export const PAGE_SIZE = 50

/**
 * The "Show" choices, kept in the URL as ?show=<value>. "attention" (the default) lets the
 * server pick its ATTENTION_STATUSES; a search without a choice looks at every top-up.
 */
export const SHOW_OPTIONS: ReadonlyArray<{
  value: string
  label: string
  statuses?: readonly TopupStatus[]
}> = [
  { value: 'attention', label: 'All needing attention' },
  { value: 'all', label: 'All top-ups' },
  { value: 'review', label: 'Review (delivery outcome unknown)', statuses: ['review'] },
  { value: 'flagged', label: 'Flagged (PayPal mismatch)', statuses: ['flagged'] },
  { value: 'failed', label: 'Failed (never paid)', statuses: ['failed'] },
  {
    value: 'captured',
    label: 'Captured / delivering (stuck delivery)',
    statuses: ['captured', 'delivering'],
  },
  {
    value: 'pending',
    label: 'Pending / capturing (waiting on PayPal)',
    statuses: ['pending', 'capturing'],
  },
  { value: 'refunded', label: 'Refunded / reversed', statuses: ['refunded', 'reversed'] },
  { value: 'completed', label: 'Completed', statuses: ['completed'] },
  { value: 'created', label: 'Created (not approved yet)', statuses: ['created'] },
]

export const PURPOSE_OPTIONS = [
  { value: '', label: 'Both balances' },
  { value: 'custom_credits', label: 'Custom credits' },
  { value: 'virtfusion_tokens', label: 'VirtFusion tokens' },
] as const

/** What the page's URL asks for, normalised (unknown choices fall back to the defaults). */
export type PaymentsQuery = { show: string; purpose: string; q: string; cursor: string | null }

export function paymentsQueryOf(params: URLSearchParams): PaymentsQuery {
  const q = params.get('q')?.trim() ?? ''
  const asked = params.get('show')
  const show = SHOW_OPTIONS.some((option) => option.value === asked)
    ? asked!
    : q
      ? 'all'
      : 'attention'
  const purpose = params.get('purpose') ?? ''
  return {
    show,
    purpose: PURPOSE_OPTIONS.some((option) => option.value === purpose) ? purpose : '',
    q,
    cursor: params.get('cursor') || null,
  }
}

/**
 * The procedure input (the loader and the live query share it). Search text and cursor go as
 * the URL has them: the procedure's schema refuses bad ones with a 400 naming the field.
 */
export function listInput(query: PaymentsQuery) {
  const option = SHOW_OPTIONS.find((candidate) => candidate.value === query.show)
  return {
    view: query.show === 'attention' ? ('attention' as const) : ('all' as const),
    statuses: option?.statuses ? [...option.statuses] : undefined,
    purpose: (query.purpose || undefined) as 'custom_credits' | 'virtfusion_tokens' | undefined,
    q: query.q || undefined,
    cursor: query.cursor ?? undefined,
    limit: PAGE_SIZE,
  }
}

/** The URL parameters of a query, leaving out defaults (and the cursor unless given). */
export function paramsOf(query: PaymentsQuery, cursor?: number | null): URLSearchParams {
  const params = new URLSearchParams()
  const defaultShow = query.q ? 'all' : 'attention'
  if (query.show !== defaultShow) params.set('show', query.show)
  if (query.purpose) params.set('purpose', query.purpose)
  if (query.q) params.set('q', query.q)
  if (cursor) params.set('cursor', String(cursor))
  return params
}

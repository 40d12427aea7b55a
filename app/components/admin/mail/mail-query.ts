import type { MAIL_STATUSES, TMailListInput } from '#server/services/mail/schemas.ts'

export const PAGE_SIZE = 50

export type MailStatusName = (typeof MAIL_STATUSES)[number]

/** The status views of the list, in the order shown: [status ('' for all), label]. */
export const STATUS_VIEWS: ReadonlyArray<readonly ['' | MailStatusName, string]> = [
  ['', 'All'],
  ['local', 'Local mailbox'],
  ['failed', 'Failed'],
  ['pending', 'Waiting'],
  ['sent', 'Sent'],
]

/** A message's status: badge colour and word. */
export const STATUS_BADGES: Record<
  MailStatusName,
  { tone: 'sky' | 'red' | 'amber' | 'green'; word: string }
> = {
  local: { tone: 'sky', word: 'Local' },
  failed: { tone: 'red', word: 'Failed' },
  pending: { tone: 'amber', word: 'Waiting' },
  sent: { tone: 'green', word: 'Sent' },
}

/** What the page's URL asks for; an unknown status falls back to all. */
export type MailQuery = { status: '' | MailStatusName; before: string | null }

export function mailQueryOf(params: URLSearchParams): MailQuery {
  const asked = params.get('status') ?? ''
  const view = STATUS_VIEWS.find(([status]) => status === asked)
  return { status: view ? view[0] : '', before: params.get('before') || null }
}

/** The procedure input; a forged cursor (not a positive integer) is refused there with a 400. */
export function mailInput(query: MailQuery): TMailListInput {
  return {
    status: query.status || undefined,
    before: query.before === null ? undefined : Number(query.before),
    limit: PAGE_SIZE,
  }
}

/** `?status=…&before=…`, leaving out what is not set. */
export function mailHref(status: MailQuery['status'], before?: number | null): string {
  const params = new URLSearchParams()
  if (status) params.set('status', status)
  if (before) params.set('before', String(before))
  return `?${params.toString()}`
}

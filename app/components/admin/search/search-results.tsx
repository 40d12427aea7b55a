import { Link } from '@remix-run/react'
import type { ReactNode } from 'react'
import { topupStatusTone } from '#app/components/admin/payments/topup-presentation.ts'
import { Badge } from '#app/components/ui/badge.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { EmptyState } from '#app/components/ui/empty-state.tsx'
import { LocalTime } from '#app/components/ui/local-time.tsx'
import { formatTokens } from '#app/lib/format.ts'
import type { RouterOutputs, Wire } from '#app/lib/trpc.ts'

export type SearchResults = Wire<RouterOutputs['admin']['search']>
type Group = SearchResults['truncated'][number]
type Tone = Parameters<typeof Badge>[0]['tone']

/** Where an admin sees a top-up: the payments list narrowed to it. */
export function topupHref(id: number): string {
  return `/admin/payments?${new URLSearchParams({ show: 'all', q: `#${id}` }).toString()}`
}

/** One found thing: a link to its admin page, what it is, and the ids it was found by. */
type Result = {
  key: string | number
  href: string
  title: string
  amount?: string
  summary: string
  /** Ids and keys, shown small; empty ones are left out. */
  facts?: (string | null | false)[]
  createdAt?: Date | string
  badge?: { tone: Tone; text: string } | null
}

function ResultRow({ result }: { result: Result }) {
  const facts = (result.facts ?? []).filter(Boolean)
  return (
    <li className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 px-4 py-3 text-sm">
      <span className="min-w-0">
        <Link
          to={result.href}
          className="font-medium text-indigo-700 underline-offset-2 hover:underline"
        >
          {result.title}
        </Link>{' '}
        {result.amount ? <span className="tabular-nums">{result.amount}</span> : null}{' '}
        <span className="break-all text-xs text-slate-600">{result.summary}</span>
        {facts.length > 0 || result.createdAt ? (
          <span className="block break-all text-xs text-slate-600">
            {facts.map((fact) => `${fact} · `)}
            {result.createdAt ? <LocalTime value={result.createdAt} /> : null}
          </span>
        ) : null}
      </span>
      {result.badge ? <Badge tone={result.badge.tone}>{result.badge.text}</Badge> : null}
    </li>
  )
}

function ResultGroup({
  id,
  title,
  results,
  truncated,
}: {
  id: Group
  title: string
  results: Result[]
  truncated: boolean
}): ReactNode {
  if (results.length === 0) return null
  return (
    <section aria-labelledby={`${id}-heading`} className="space-y-2">
      <h2 id={`${id}-heading`} className="text-lg font-semibold">
        {title} <span className="text-sm font-normal text-slate-600">({results.length})</span>
      </h2>
      <Card className="p-0">
        <ul className="divide-y divide-slate-100">
          {results.map((result) => (
            <ResultRow key={result.key} result={result} />
          ))}
        </ul>
      </Card>
      {truncated ? (
        <p className="text-xs text-slate-600">
          Only the first {results.length} are shown; search for something more precise.
        </p>
      ) : null}
    </section>
  )
}

const TOKEN_ENTRY_TONES: Record<string, Tone> = { delivered: 'green', review: 'red' }

function groupsOf(results: SearchResults): { id: Group; title: string; results: Result[] }[] {
  return [
    {
      id: 'users',
      title: 'Users',
      results: results.users.map((user) => ({
        key: user.id,
        href: `/admin/users/${user.id}`,
        title: user.name,
        summary: `#${user.id} · ${user.email}`,
        badge: user.isActive
          ? user.role === 'admin'
            ? { tone: 'indigo', text: 'admin' }
            : null
          : { tone: 'red', text: 'inactive' },
      })),
    },
    {
      id: 'topups',
      title: 'Payments',
      results: results.topups.map((topup) => ({
        key: topup.id,
        href: topupHref(topup.id),
        title: `Top-up #${topup.id}`,
        amount: topup.amount.formatted,
        summary: `${topup.purpose === 'virtfusion_tokens' ? 'VirtFusion tokens' : 'Custom credits'} · ${topup.email}`,
        facts: [`Order ${topup.paypalOrderId ?? '—'}`, `Capture ${topup.paypalCaptureId ?? '—'}`],
        createdAt: topup.createdAt,
        badge: { tone: topupStatusTone(topup.status), text: topup.status },
      })),
    },
    {
      id: 'creditEntries',
      title: 'Custom credit ledger entries',
      results: results.creditEntries.map((entry) => ({
        key: entry.id,
        href: `/admin/users/${entry.userId}/credits`,
        title: `Entry #${entry.id}`,
        amount: entry.amount.formatted,
        summary: `${entry.type} · ${entry.email}`,
        facts: [
          entry.paymentReference && `Reference ${entry.paymentReference}`,
          entry.idempotencyKey && `Key ${entry.idempotencyKey}`,
        ],
        createdAt: entry.createdAt,
      })),
    },
    {
      id: 'tokenEntries',
      title: 'VirtFusion token entries',
      results: results.tokenEntries.map((entry) => ({
        key: entry.id,
        href: `/admin/users/${entry.userId}/virtfusion`,
        title: `Token entry #${entry.id}`,
        amount: formatTokens(entry.tokens),
        summary: `${entry.type} · ${entry.email}`,
        facts: [
          entry.topupId !== null && `Top-up #${entry.topupId}`,
          entry.idempotencyKey && `Key ${entry.idempotencyKey}`,
        ],
        createdAt: entry.createdAt,
        badge: { tone: TOKEN_ENTRY_TONES[entry.status] ?? 'slate', text: entry.status },
      })),
    },
  ]
}

/** The admin search's answer, one group per kind of thing; each row links to its admin page. */
export function SearchResultsView({ results }: { results: SearchResults }) {
  const groups = groupsOf(results)
  if (groups.every((group) => group.results.length === 0)) {
    return (
      <EmptyState
        title={`Nothing matches “${results.q}”`}
        description="Try a whole id (user, top-up or ledger entry), part of an email or name, a whole PayPal order or capture id, or an idempotency key."
      />
    )
  }
  const cut = new Set(results.truncated)
  return (
    <div className="space-y-6">
      {groups.map((group) => (
        <ResultGroup key={group.id} {...group} truncated={cut.has(group.id)} />
      ))}
    </div>
  )
}

import { Link } from '@remix-run/react'
import type { ReactNode } from 'react'
import { topupStatusTone } from '#app/components/admin/payments/topup-presentation.ts'
import { Badge } from '#app/components/ui/badge.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { EmptyState } from '#app/components/ui/empty-state.tsx'
import type { RouterOutputs, Wire } from '#app/lib/trpc.ts'
import { formatDate } from '#app/lib/utils.ts'

export type SearchResults = Wire<RouterOutputs['admin']['search']>
type Group = SearchResults['truncated'][number]

const LINK = 'font-medium text-indigo-700 underline-offset-2 hover:underline'

/** Where an admin sees a top-up: the payments list narrowed to it. */
export function topupHref(id: number): string {
  return `/admin/payments?${new URLSearchParams({ show: 'all', q: `#${id}` }).toString()}`
}

function ResultGroup({
  id,
  title,
  count,
  truncated,
  children,
}: {
  id: Group
  title: string
  count: number
  truncated: boolean
  children: ReactNode
}) {
  if (count === 0) return null
  return (
    <section aria-labelledby={`${id}-heading`} className="space-y-2">
      <h2 id={`${id}-heading`} className="text-lg font-semibold">
        {title} <span className="text-sm font-normal text-slate-500">({count})</span>
      </h2>
      <Card className="p-0">
        <ul className="divide-y divide-slate-100">{children}</ul>
      </Card>
      {truncated ? (
        <p className="text-xs text-slate-600">
          Only the first {count} are shown; search for something more precise.
        </p>
      ) : null}
    </section>
  )
}

function Row({ children }: { children: ReactNode }) {
  return (
    <li className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 px-4 py-3 text-sm">
      {children}
    </li>
  )
}

function Muted({ children }: { children: ReactNode }) {
  return <span className="break-all text-xs text-slate-600">{children}</span>
}

/** The admin search's answer, one group per kind of thing; each row links to its admin page. */
export function SearchResultsView({ results }: { results: SearchResults }) {
  const cut = new Set(results.truncated)
  const total =
    results.users.length +
    results.topups.length +
    results.creditEntries.length +
    results.tokenEntries.length
  if (total === 0) {
    return (
      <EmptyState
        title={`Nothing matches “${results.q}”`}
        description="Try a whole id (user, top-up or ledger entry), part of an email or name, a whole PayPal order or capture id, or an idempotency key."
      />
    )
  }
  return (
    <div className="space-y-6">
      <ResultGroup
        id="users"
        title="Users"
        count={results.users.length}
        truncated={cut.has('users')}
      >
        {results.users.map((user) => (
          <Row key={user.id}>
            <span className="min-w-0">
              <Link to={`/admin/users/${user.id}`} className={LINK}>
                {user.name}
              </Link>{' '}
              <Muted>
                #{user.id} · {user.email}
              </Muted>
            </span>
            <span className="flex gap-2">
              {user.role === 'admin' ? <Badge tone="indigo">admin</Badge> : null}
              {user.isActive ? null : <Badge tone="red">inactive</Badge>}
            </span>
          </Row>
        ))}
      </ResultGroup>
      <ResultGroup
        id="topups"
        title="Payments"
        count={results.topups.length}
        truncated={cut.has('topups')}
      >
        {results.topups.map((topup) => (
          <Row key={topup.id}>
            <span className="min-w-0">
              <Link to={topupHref(topup.id)} className={LINK}>
                Top-up #{topup.id}
              </Link>{' '}
              <span className="tabular-nums">{topup.amount.formatted}</span>{' '}
              <Muted>
                {topup.purpose === 'virtfusion_tokens' ? 'VirtFusion tokens' : 'Custom credits'} ·{' '}
                {topup.email}
              </Muted>
              <span className="block">
                <Muted>
                  Order {topup.paypalOrderId ?? '—'} · Capture {topup.paypalCaptureId ?? '—'} ·{' '}
                  {formatDate(topup.createdAt)}
                </Muted>
              </span>
            </span>
            <Badge tone={topupStatusTone(topup.status)}>{topup.status}</Badge>
          </Row>
        ))}
      </ResultGroup>
      <ResultGroup
        id="creditEntries"
        title="Custom credit ledger entries"
        count={results.creditEntries.length}
        truncated={cut.has('creditEntries')}
      >
        {results.creditEntries.map((entry) => (
          <Row key={entry.id}>
            <span className="min-w-0">
              <Link to={`/admin/users/${entry.userId}/credits`} className={LINK}>
                Entry #{entry.id}
              </Link>{' '}
              <span className="tabular-nums">{entry.amount.formatted}</span>{' '}
              <Muted>
                {entry.type} · {entry.email}
              </Muted>
              <span className="block">
                <Muted>
                  {entry.paymentReference ? `Reference ${entry.paymentReference} · ` : ''}
                  {entry.idempotencyKey ? `Key ${entry.idempotencyKey} · ` : ''}
                  {formatDate(entry.createdAt)}
                </Muted>
              </span>
            </span>
          </Row>
        ))}
      </ResultGroup>
      <ResultGroup
        id="tokenEntries"
        title="VirtFusion token entries"
        count={results.tokenEntries.length}
        truncated={cut.has('tokenEntries')}
      >
        {results.tokenEntries.map((entry) => (
          <Row key={entry.id}>
            <span className="min-w-0">
              <Link to={`/admin/users/${entry.userId}/virtfusion`} className={LINK}>
                Token entry #{entry.id}
              </Link>{' '}
              <span className="tabular-nums">{entry.tokens.toLocaleString('en-US')} tokens</span>{' '}
              <Muted>
                {entry.type} · {entry.email}
              </Muted>
              <span className="block">
                <Muted>
                  {entry.topupId ? `Top-up #${entry.topupId} · ` : ''}
                  {entry.idempotencyKey ? `Key ${entry.idempotencyKey} · ` : ''}
                  {formatDate(entry.createdAt)}
                </Muted>
              </span>
            </span>
            <Badge
              tone={
                entry.status === 'delivered' ? 'green' : entry.status === 'review' ? 'red' : 'slate'
              }
            >
              {entry.status}
            </Badge>
          </Row>
        ))}
      </ResultGroup>
    </div>
  )
}

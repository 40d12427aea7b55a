import type { ReactNode } from 'react'

/** A short list of terms and values (what a confirmation charges, when it renews). */
export function Facts({ rows }: { rows: [term: string, value: ReactNode, testId?: string][] }) {
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
      {rows.map(([term, value, testId]) => (
        <div key={term} className="contents">
          <dt className="text-slate-500">{term}</dt>
          <dd className="tabular-nums" data-testid={testId}>
            {value}
          </dd>
        </div>
      ))}
    </dl>
  )
}

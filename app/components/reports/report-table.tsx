import type { ReactNode } from 'react'
import { Card } from '#app/components/ui/card.tsx'
import { cn } from '#app/lib/utils.ts'

export type ReportColumn<R> = {
  header: string
  align?: 'left' | 'right'
  render: (row: R) => ReactNode
}

/** A report section: heading, an "Export CSV" link for its table, and its content. */
export function ReportSection({
  id,
  title,
  csvHref,
  description,
  children,
}: {
  id: string
  title: string
  csvHref?: string
  description?: string
  children: ReactNode
}) {
  const headingId = `${id}-heading`
  return (
    <section aria-labelledby={headingId} className="space-y-3" data-testid={`report-${id}`}>
      <div className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <h2 id={headingId} className="text-lg font-semibold">
            {title}
          </h2>
          {description ? <p className="text-sm text-slate-500">{description}</p> : null}
        </div>
        {csvHref ? (
          <a
            href={csvHref}
            download
            className="rounded-md px-3 py-2 text-sm font-semibold text-indigo-600 ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
            aria-label={`Export CSV: ${title}`}
          >
            Export CSV
          </a>
        ) : null}
      </div>
      {children}
    </section>
  )
}

export function DataTable<R>({
  caption,
  columns,
  rows,
  rowKey,
  empty,
  footer,
}: {
  caption: string
  columns: ReadonlyArray<ReportColumn<R>>
  rows: readonly R[]
  rowKey: (row: R) => string | number
  empty: string
  footer?: ReactNode
}) {
  return (
    <Card className="overflow-x-auto p-0">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
          <tr>
            {columns.map((column) => (
              <th
                key={column.header}
                scope="col"
                className={cn('px-4 py-3', column.align === 'right' && 'text-right')}
              >
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((column) => (
                <td
                  key={column.header}
                  className={cn(
                    'px-4 py-2',
                    column.align === 'right' && 'whitespace-nowrap text-right tabular-nums',
                  )}
                >
                  {column.render(row)}
                </td>
              ))}
            </tr>
          ))}
          {rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="px-4 py-8 text-center text-slate-500">
                {empty}
              </td>
            </tr>
          ) : null}
        </tbody>
        {footer ? <tfoot className="bg-slate-50 font-semibold">{footer}</tfoot> : null}
      </table>
    </Card>
  )
}

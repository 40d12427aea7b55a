import type { ReactNode } from 'react'
import { buttonClasses } from '#app/components/ui/button.tsx'
import { EmptyState } from '#app/components/ui/empty-state.tsx'
import { TBody, TD, TH, THead, TR, Table, TableScroll } from '#app/components/ui/table.tsx'
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
        <div className="min-w-0">
          <h2 id={headingId} className="text-lg font-semibold">
            {title}
          </h2>
          {description ? <p className="text-sm text-slate-600">{description}</p> : null}
        </div>
        {csvHref ? (
          <a
            href={csvHref}
            download
            className={buttonClasses({ variant: 'secondary', size: 'sm' })}
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

/** A report's rows in a table that scrolls inside its own focusable region on narrow screens. */
export function DataTable<R>({
  caption,
  columns,
  rows,
  rowKey,
  empty,
  totals,
}: {
  caption: string
  columns: ReadonlyArray<ReportColumn<R>>
  rows: readonly R[]
  rowKey: (row: R) => string | number
  empty: string
  /** The last columns' totals, in order; the row is labelled "Total" across the others. */
  totals?: ReactNode[]
}) {
  if (rows.length === 0) return <EmptyState title={empty} />
  return (
    <TableScroll label={caption} className="relative bg-white shadow-sm ring-1 ring-slate-200">
      <Table>
        <caption className="sr-only">{caption}</caption>
        <THead>
          <TR>
            {columns.map((column) => (
              <TH key={column.header} className={cn(column.align === 'right' && 'text-right')}>
                {column.header}
              </TH>
            ))}
          </TR>
        </THead>
        <TBody>
          {rows.map((row) => (
            <TR key={rowKey(row)}>
              {columns.map((column) => (
                <TD
                  key={column.header}
                  className={cn(
                    column.align === 'right' && 'whitespace-nowrap text-right tabular-nums',
                  )}
                >
                  {column.render(row)}
                </TD>
              ))}
            </TR>
          ))}
        </TBody>
        {totals ? (
          <tfoot className="bg-slate-50 font-semibold">
            <TR>
              <TH
                scope="row"
                colSpan={columns.length - totals.length}
                className="text-sm normal-case tracking-normal text-slate-900"
              >
                Total
              </TH>
              {totals.map((total, index) => (
                <TD key={index} className="whitespace-nowrap text-right tabular-nums">
                  {total}
                </TD>
              ))}
            </TR>
          </tfoot>
        ) : null}
      </Table>
    </TableScroll>
  )
}

import type { ReactNode } from 'react'
import { HistoryTable, type HistoryTableProps } from '#app/components/admin/user/history-table.tsx'
import { buttonClasses } from '#app/components/ui/button.tsx'
import type { ReportTable } from '#server/services/reports/reports-csv.ts'
import { csvHref, type Reports } from './report-helpers.ts'

type SectionProps = {
  id: string
  title: string
  description: string
  /** The table its "Export CSV" link downloads, over the report's range. */
  csv: { table: ReportTable; range: Reports['range'] }
}

/** A report section: heading, an "Export CSV" link for its table, and its content. */
export function ReportSection({
  id,
  title,
  description,
  csv,
  children,
}: SectionProps & { children: ReactNode }) {
  const headingId = `${id}-heading`
  return (
    <section aria-labelledby={headingId} className="space-y-3" data-testid={`report-${id}`}>
      <div className="flex flex-wrap items-end justify-between gap-2">
        <div className="min-w-0">
          <h2 id={headingId} className="text-lg font-semibold">
            {title}
          </h2>
          <p className="text-sm text-slate-600">{description}</p>
        </div>
        <a
          href={csvHref(csv.table, csv.range)}
          download
          className={buttonClasses({ variant: 'secondary', size: 'sm' })}
          aria-label={`Export CSV: ${title}`}
        >
          Export CSV
        </a>
      </div>
      {children}
    </section>
  )
}

/** A report section that is one table, named after the section. */
export function ReportTableSection<Row>({
  id,
  title,
  description,
  csv,
  ...table
}: SectionProps & Omit<HistoryTableProps<Row>, 'label' | 'caption'>) {
  return (
    <ReportSection id={id} title={title} description={description} csv={csv}>
      <HistoryTable label={title} caption={title} {...table} />
    </ReportSection>
  )
}

import type { HTMLAttributes, Key, ReactNode } from 'react'
import { Table, TableScroll, TBody, TD, TH, THead, TR } from '#app/components/ui/table.tsx'
import { cn } from '#app/lib/utils.ts'

export type Column<Row> = {
  key: string
  header: ReactNode
  cell: (row: Row) => ReactNode
  /** Right-aligned figures (amounts, balances, counts). */
  numeric?: boolean
  className?: string
}

type RowProps = HTMLAttributes<HTMLTableRowElement> & { 'data-testid'?: string }

const NUMERIC = 'whitespace-nowrap text-right tabular-nums'

export type HistoryTableProps<Row> = {
  /** Names the scrolling region, e.g. "Credit history". */
  label: string
  /** A caption for screen readers, where the table's own name helps beyond the region's. */
  caption?: string
  columns: Array<Column<Row>>
  rows: readonly Row[]
  rowKey: (row: Row) => Key
  rowProps?: (row: Row) => RowProps
  empty: ReactNode
  /** The last columns' totals, in order; the footer row is labelled "Total" across the others. */
  totals?: ReactNode[]
}

/**
 * The admin pages' one table of rows under named columns (histories, reports), scrolling
 * sideways inside its own keyboard-focusable region so the page never does.
 */
export function HistoryTable<Row>({
  label,
  caption,
  columns,
  rows,
  rowKey,
  rowProps,
  empty,
  totals,
}: HistoryTableProps<Row>) {
  return (
    <TableScroll label={label} className="bg-white shadow-sm ring-1 ring-slate-200">
      <Table>
        {caption ? <caption className="sr-only">{caption}</caption> : null}
        <THead>
          <TR>
            {columns.map((column) => (
              <TH key={column.key} className={cn(column.numeric && 'text-right')}>
                {column.header}
              </TH>
            ))}
          </TR>
        </THead>
        <TBody>
          {rows.map((row) => (
            <TR key={rowKey(row)} {...rowProps?.(row)}>
              {columns.map((column) => (
                <TD key={column.key} className={cn(column.numeric && NUMERIC, column.className)}>
                  {column.cell(row)}
                </TD>
              ))}
            </TR>
          ))}
          {rows.length === 0 ? (
            <TR>
              <TD colSpan={columns.length} className="py-8 text-center text-slate-600">
                {empty}
              </TD>
            </TR>
          ) : null}
        </TBody>
        {totals && rows.length > 0 ? (
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
                <TD key={index} className={NUMERIC}>
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

import type { HTMLAttributes, Key, ReactNode } from 'react'
import { Table, TableScroll, TBody, TD, TFoot, TH, THead, TR } from '#app/components/ui/table.tsx'
import { cn } from '#app/lib/utils.ts'

export type Column<Row> = {
  key: string
  header: string
  /** A shorter label for the cell on a narrow screen's card; the header by default. */
  label?: string
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
  /** Rows as cards on a narrow screen (see Table); by default when there are over 4 columns. */
  stack?: boolean
}

/**
 * The one table of rows under named columns (histories, reports): on a narrow screen each row
 * becomes a card of labelled values; otherwise it scrolls sideways, if it must, inside its own
 * keyboard-focusable region so the page never does.
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
  stack = columns.length > 4,
}: HistoryTableProps<Row>) {
  return (
    <TableScroll label={label} className="bg-white shadow-sm ring-1 ring-slate-200">
      <Table stack={stack}>
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
                <TD
                  key={column.key}
                  label={column.label ?? column.header}
                  className={cn(column.numeric && NUMERIC, column.className)}
                >
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
          <TFoot>
            <TR>
              <TH
                scope="row"
                colSpan={columns.length - totals.length}
                className="text-sm normal-case tracking-normal text-slate-900"
              >
                Total
              </TH>
              {totals.map((total, index) => {
                const column = columns[columns.length - totals.length + index]!
                return (
                  <TD key={index} label={column.label ?? column.header} className={NUMERIC}>
                    {total}
                  </TD>
                )
              })}
            </TR>
          </TFoot>
        ) : null}
      </Table>
    </TableScroll>
  )
}

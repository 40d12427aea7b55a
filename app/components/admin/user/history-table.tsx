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

/**
 * The admin tabs' one history table: rows under named columns, scrolling sideways inside
 * its own keyboard-focusable region so the page never does.
 */
export function HistoryTable<Row>({
  label,
  columns,
  rows,
  rowKey,
  rowProps,
  empty,
}: {
  /** Names the scrolling region, e.g. "Credit history". */
  label: string
  columns: Array<Column<Row>>
  rows: readonly Row[]
  rowKey: (row: Row) => Key
  rowProps?: (row: Row) => RowProps
  empty: ReactNode
}) {
  return (
    <TableScroll label={label} className="bg-white shadow-sm ring-1 ring-slate-200">
      <Table>
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
                  className={cn(
                    column.numeric && 'whitespace-nowrap text-right tabular-nums',
                    column.className,
                  )}
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
      </Table>
    </TableScroll>
  )
}

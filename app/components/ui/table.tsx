import type {
  HTMLAttributes,
  ReactNode,
  TableHTMLAttributes,
  TdHTMLAttributes,
  ThHTMLAttributes,
} from 'react'
import { cn } from '#app/lib/utils.ts'

/**
 * The box a wide table scrolls in, so the page itself never scrolls sideways on a phone.
 * It is a named, focusable region: keyboard users can scroll it with the arrow keys.
 */
export function TableScroll({
  label,
  className,
  ...props
}: Omit<HTMLAttributes<HTMLDivElement>, 'aria-label'> & {
  /** What the table lists, e.g. "Transactions"; read out when the region gets focus. */
  label: string
}) {
  return (
    <div
      role="region"
      aria-label={label}
      tabIndex={0}
      className={cn('relative w-full max-w-full overflow-x-auto rounded-md', className)}
      {...props}
    />
  )
}

export function Table({ className, ...props }: TableHTMLAttributes<HTMLTableElement>) {
  return (
    <table className={cn('min-w-full divide-y divide-slate-200 text-sm', className)} {...props} />
  )
}

export function THead({ className, ...props }: HTMLAttributes<HTMLTableSectionElement>) {
  return <thead className={cn('bg-slate-50 text-left', className)} {...props} />
}

export function TBody({ className, ...props }: HTMLAttributes<HTMLTableSectionElement>) {
  return <tbody className={cn('divide-y divide-slate-100 bg-white', className)} {...props} />
}

export function TR({ className, ...props }: HTMLAttributes<HTMLTableRowElement>) {
  return <tr className={cn('align-top', className)} {...props} />
}

export function TH({ className, scope = 'col', ...props }: ThHTMLAttributes<HTMLTableCellElement>) {
  return (
    <th
      scope={scope}
      className={cn(
        'whitespace-nowrap px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-600',
        className,
      )}
      {...props}
    />
  )
}

export function TD({ className, ...props }: TdHTMLAttributes<HTMLTableCellElement>) {
  return <td className={cn('px-3 py-2 text-slate-700', className)} {...props} />
}

/** The header of a row-actions column: no visible text, but named for screen readers. */
export function ActionsHead({
  label = 'Actions',
  ...props
}: Omit<ThHTMLAttributes<HTMLTableCellElement>, 'children'> & { label?: string }) {
  return (
    <TH {...props}>
      <span className="sr-only">{label}</span>
    </TH>
  )
}

/**
 * The usual table: a scroll region named `label`, one header row of `head` cells, and the body
 * rows as children.
 */
export function DataTable({
  label,
  className,
  head,
  children,
}: {
  label: string
  className?: string
  /** The header row's cells (TH, ActionsHead). */
  head: ReactNode
  /** The body rows (TR). */
  children: ReactNode
}) {
  return (
    <TableScroll label={label} className={className}>
      <Table>
        <THead>
          <TR>{head}</TR>
        </THead>
        <TBody>{children}</TBody>
      </Table>
    </TableScroll>
  )
}

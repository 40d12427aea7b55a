import {
  createContext,
  useContext,
  type HTMLAttributes,
  type ReactNode,
  type TableHTMLAttributes,
  type TdHTMLAttributes,
  type ThHTMLAttributes,
} from 'react'
import { cn } from '#app/lib/utils.ts'
import { useScrollsSideways } from './use-scrolls-sideways.ts'

/*
 * A stacking table (`<Table stack>`) shows each row as a small card of "label value" lines
 * when its scroll region is narrower than 40rem (a phone, a narrow column), so every column,
 * the document links included, is seen without scrolling sideways. It stays a table for
 * screen readers: the explicit roles keep the table semantics that `display: block` would
 * drop in some browsers, and the visible labels (CSS generated content with empty alternative
 * text) are not read twice, the column headers already name each cell.
 * Tailwind needs every class written out, hence the repeated `[@container_(max-width:40rem)]:`.
 */
const Stacking = createContext(false)

/**
 * The box a wide table scrolls in, so the page itself never scrolls sideways on a phone.
 * It is a named region and the query container of a stacking table; while its table is wider
 * than it, it is focusable, so keyboard users can scroll it with the arrow keys.
 */
export function TableScroll({
  label,
  className,
  ...props
}: Omit<HTMLAttributes<HTMLDivElement>, 'aria-label'> & {
  /** What the table lists, e.g. "Transactions"; read out when the region gets focus. */
  label: string
}) {
  const [ref, scrolls] = useScrollsSideways<HTMLDivElement>()
  return (
    <div
      ref={ref}
      role="region"
      aria-label={label}
      tabIndex={scrolls ? 0 : undefined}
      className={cn(
        'relative w-full max-w-full overflow-x-auto rounded-md [container-type:inline-size]',
        className,
      )}
      {...props}
    />
  )
}

export function Table({
  className,
  stack = false,
  ...props
}: TableHTMLAttributes<HTMLTableElement> & {
  /** Rows become cards below 40rem; give each TD its `label`. */
  stack?: boolean
}) {
  return (
    <Stacking.Provider value={stack}>
      <table
        role={stack ? 'table' : undefined}
        className={cn(
          'min-w-full divide-y divide-slate-200 text-sm',
          stack && '[@container_(max-width:40rem)]:block',
          className,
        )}
        {...props}
      />
    </Stacking.Provider>
  )
}

/**
 * A part of a stacking table: the header is read but not seen on cards, the body, footer and
 * rows stack (each row a card).
 */
function stackingPart(Tag: 'thead' | 'tbody' | 'tfoot' | 'tr', base: string, stacked: string) {
  return function StackingPart({ className, ...props }: HTMLAttributes<HTMLElement>) {
    const stack = useContext(Stacking)
    return (
      <Tag
        role={stack ? (Tag === 'tr' ? 'row' : 'rowgroup') : undefined}
        className={cn(base, stack && stacked, className)}
        {...props}
      />
    )
  }
}

const ON_CARDS = '[@container_(max-width:40rem)]:block'
export const THead = stackingPart(
  'thead',
  'bg-slate-50 text-left',
  '[@container_(max-width:40rem)]:sr-only',
)
export const TBody = stackingPart('tbody', 'divide-y divide-slate-100 bg-white', ON_CARDS)
export const TFoot = stackingPart('tfoot', 'bg-slate-50 font-semibold', ON_CARDS)
export const TR = stackingPart('tr', 'align-top', `${ON_CARDS} [@container_(max-width:40rem)]:py-2`)

export function TH({ className, scope = 'col', ...props }: ThHTMLAttributes<HTMLTableCellElement>) {
  const stack = useContext(Stacking)
  return (
    <th
      scope={scope}
      role={stack ? (scope === 'row' ? 'rowheader' : 'columnheader') : undefined}
      className={cn(
        'whitespace-nowrap px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-600',
        stack && '[@container_(max-width:40rem)]:block [@container_(max-width:40rem)]:px-4',
        className,
      )}
      {...props}
    />
  )
}

/** The label column and the value beside it, in a stacked row. */
const STACKED_CELL = cn(
  '[@container_(max-width:40rem)]:flex [@container_(max-width:40rem)]:gap-3',
  '[@container_(max-width:40rem)]:px-4 [@container_(max-width:40rem)]:py-1',
  '[@container_(max-width:40rem)]:min-w-0 [@container_(max-width:40rem)]:max-w-none',
  '[@container_(max-width:40rem)]:whitespace-normal [@container_(max-width:40rem)]:text-left',
  "[@container_(max-width:40rem)]:before:content-[attr(data-label)_/_'']",
  '[@container_(max-width:40rem)]:before:w-28 [@container_(max-width:40rem)]:before:shrink-0',
  '[@container_(max-width:40rem)]:before:text-xs [@container_(max-width:40rem)]:before:font-medium',
  '[@container_(max-width:40rem)]:before:leading-5 [@container_(max-width:40rem)]:before:text-slate-600',
  // A cell with nothing in it (no document for this row) is left out of the card.
  '[@container_(max-width:40rem)]:[&:has(>[data-cell-value]:empty)]:hidden',
)

export function TD({
  className,
  label,
  children,
  ...props
}: TdHTMLAttributes<HTMLTableCellElement> & {
  /** In a stacking table: the cell's label on a card (usually its column's header). */
  label?: string
}) {
  const stack = useContext(Stacking)
  const labelled = stack && label !== undefined
  return (
    <td
      role={stack ? 'cell' : undefined}
      data-label={labelled ? label : undefined}
      className={cn(
        'px-3 py-2 text-slate-700',
        stack && '[@container_(max-width:40rem)]:block',
        labelled && STACKED_CELL,
        className,
      )}
      {...props}
    >
      {labelled ? (
        <div
          data-cell-value=""
          className="[@container_(max-width:40rem)]:min-w-0 [@container_(max-width:40rem)]:flex-1"
        >
          {children}
        </div>
      ) : (
        children
      )}
    </td>
  )
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
  stack,
  children,
}: {
  label: string
  className?: string
  /** The header row's cells (TH, ActionsHead). */
  head: ReactNode
  /** Rows become cards on narrow screens (see Table); each TD then needs its `label`. */
  stack?: boolean
  /** The body rows (TR). */
  children: ReactNode
}) {
  return (
    <TableScroll label={label} className={className}>
      <Table stack={stack}>
        <THead>
          <TR>{head}</TR>
        </THead>
        <TBody>{children}</TBody>
      </Table>
    </TableScroll>
  )
}

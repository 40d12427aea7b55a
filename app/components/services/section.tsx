import type { ReactNode, Ref } from 'react'
import { Badge } from '#app/components/ui/badge.tsx'
import { STATUS, type Service } from './helpers.ts'

/**
 * A titled part of the services pages, named by its heading. With `headingRef` the heading
 * can take focus (after an action, it says what changed), with the kit's ring for keyboards.
 */
export function ServicesSection({
  id,
  title,
  intro,
  headingRef,
  className = 'space-y-3',
  children,
}: {
  id: string
  title: string
  intro?: ReactNode
  headingRef?: Ref<HTMLHeadingElement>
  className?: string
  children: ReactNode
}) {
  return (
    <section aria-labelledby={id} className={className}>
      <div>
        <h2
          id={id}
          ref={headingRef}
          tabIndex={headingRef ? -1 : undefined}
          className="text-lg font-semibold focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-600"
        >
          {title}
        </h2>
        {intro ? <p className="mt-1 text-sm text-slate-600">{intro}</p> : null}
      </div>
      {children}
    </section>
  )
}

export function ServiceStatusBadge({ service }: { service: Service }) {
  const status = STATUS[service.status]
  return (
    <Badge tone={status.tone} data-testid="service-status">
      {status.label}
    </Badge>
  )
}

/** Cards in a responsive grid list, or a sentence when there are none. */
export function CardGrid<T extends { id: number }>({
  items,
  empty,
  columns,
  card,
}: {
  items: T[]
  empty: string
  /** The grid's column classes per breakpoint, e.g. "md:grid-cols-2". */
  columns: string
  card: (item: T) => ReactNode
}) {
  if (items.length === 0) return <p className="text-sm text-slate-600">{empty}</p>
  return (
    <ul className={`grid gap-4 ${columns}`}>
      {items.map((item) => (
        <li key={item.id}>{card(item)}</li>
      ))}
    </ul>
  )
}

import { Badge } from '#app/components/ui/badge.tsx'
import { EmptyState } from '#app/components/ui/empty-state.tsx'
import { LocalTime } from '#app/components/ui/local-time.tsx'
import { RowAction } from '#app/components/ui/row-action.tsx'
import { ActionsHead, DataTable, TD, TH, TR } from '#app/components/ui/table.tsx'
import { familyNoun } from '#app/components/admin/catalog/limits-summary.ts'
import {
  STATE_LABELS,
  STATE_TONES,
  eventSubject,
  type ServiceEventRow,
} from './use-service-events.ts'

type Actions = {
  onAttempts: (event: ServiceEventRow) => void
  onRedeliver: (event: ServiceEventRow) => void
}

function EventRow({ event, actions }: { event: ServiceEventRow; actions: Actions }) {
  const subject = eventSubject(event)
  return (
    <TR data-testid="service-event-row" data-state={event.deliveryState}>
      <TD className="min-w-[10rem]">
        <p className="font-medium text-slate-900">{event.type.replace('_', ' ')}</p>
        <LocalTime value={event.createdAt} className="block text-xs text-slate-600" />
        <p className="break-all font-mono text-[11px] text-slate-600">{event.eventId}</p>
      </TD>
      <TD className="min-w-[12rem]">
        <p>
          {familyNoun(event.family)}{' '}
          <span className="tabular-nums text-slate-600">#{event.serviceId}</span>
        </p>
        <p className="text-xs text-slate-600">{subject.product}</p>
        <p className="break-all text-xs text-slate-600">{subject.user}</p>
      </TD>
      <TD className="whitespace-nowrap">
        <Badge tone={STATE_TONES[event.deliveryState]}>{STATE_LABELS[event.deliveryState]}</Badge>
        <p className="mt-1 text-xs text-slate-600">
          {event.attempts} attempt{event.attempts === 1 ? '' : 's'}
        </p>
        {event.deliveryState === 'pending' ? (
          <p className="text-xs text-slate-600">
            next <LocalTime value={event.nextAttemptAt} />
          </p>
        ) : null}
        {event.deliveredAt ? (
          <p className="text-xs text-slate-600">
            delivered <LocalTime value={event.deliveredAt} />
          </p>
        ) : null}
      </TD>
      <TD className="min-w-[14rem] max-w-sm break-words text-xs">{event.lastError ?? '—'}</TD>
      <TD className="min-w-[9rem]">
        <div className="flex flex-wrap justify-end gap-1">
          <RowAction
            disabled={event.attempts === 0}
            aria-label={`Attempts of event ${event.type} for service #${event.serviceId} (${event.attempts})`}
            onClick={() => actions.onAttempts(event)}
          >
            Attempts
          </RowAction>
          {event.deliveryState === 'not_needed' ? null : (
            <RowAction
              aria-label={`Redeliver event ${event.type} for service #${event.serviceId}`}
              onClick={() => actions.onRedeliver(event)}
            >
              Redeliver
            </RowAction>
          )}
        </div>
      </TD>
    </TR>
  )
}

/**
 * The outbox, newest first: each lifecycle event, where its delivery stands, the last error.
 * Scrolls sideways inside its own focusable region on a phone.
 */
export function EventsTable({
  items,
  filtered,
  actions,
}: {
  items: ServiceEventRow[]
  filtered: boolean
  actions: Actions
}) {
  if (items.length === 0)
    return (
      <EmptyState
        title={filtered ? 'No events in this view' : 'No service events yet'}
        description="Every lifecycle change of a service (activated, plan changed, suspended, …) is recorded here; families provisioned by webhook have theirs sent to their endpoint."
      />
    )
  return (
    <DataTable
      label="Service events"
      className="relative bg-white shadow-sm ring-1 ring-slate-200"
      head={
        <>
          <TH>Event</TH>
          <TH>Service</TH>
          <TH>Delivery</TH>
          <TH>Last error</TH>
          <ActionsHead />
        </>
      }
    >
      {items.map((event) => (
        <EventRow key={event.id} event={event} actions={actions} />
      ))}
    </DataTable>
  )
}

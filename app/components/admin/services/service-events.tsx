import { Link } from '@remix-run/react'
import { useState } from 'react'
import { AttemptsDialog } from '#app/components/admin/provisioning/attempts-dialog.tsx'
import {
  STATE_LABELS,
  STATE_TONES,
  type ServiceEventRow,
} from '#app/components/admin/provisioning/use-service-events.ts'
import { Badge } from '#app/components/ui/badge.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { EmptyState } from '#app/components/ui/empty-state.tsx'
import { LocalTime } from '#app/components/ui/local-time.tsx'
import { RowAction } from '#app/components/ui/row-action.tsx'
import { ActionsHead, DataTable, TD, TH, TR } from '#app/components/ui/table.tsx'
import { useSuspenseQuery, useTRPC } from '#app/lib/trpc.ts'

/** The loader's and the page's input: the same query key, so the prefetch is used. */
export const serviceEventsInput = (serviceId: number) => ({ serviceId, limit: 20 })

/**
 * The service's lifecycle events, newest first, with where each delivery stands; each
 * event's attempts in a dialog, redelivery on the webhook delivery log.
 */
export function ServiceEvents({ serviceId, family }: { serviceId: number; family: string }) {
  const trpc = useTRPC()
  const events = useSuspenseQuery(
    trpc.admin.provisioning.events.queryOptions(serviceEventsInput(serviceId)),
  ).data.items
  const [attemptsOf, setAttemptsOf] = useState<ServiceEventRow | null>(null)
  return (
    <Card className="space-y-3 p-4 sm:p-6">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-lg font-semibold">Lifecycle events</h2>
        <Link
          to={`/admin/provisioning/events?family=${family}`}
          className="text-sm text-indigo-700 underline"
        >
          Webhook delivery log
        </Link>
      </div>
      {events.length === 0 ? (
        <EmptyState
          title="No events yet"
          description="Activation, suspension and every other change of this service are recorded here."
        />
      ) : (
        <DataTable
          label="Lifecycle events"
          head={
            <>
              <TH>Event</TH>
              <TH>Delivery</TH>
              <ActionsHead />
            </>
          }
        >
          {events.map((event) => (
            <TR key={event.id} data-testid="service-event-row">
              <TD className="min-w-[10rem]">
                <p className="font-medium text-slate-900">{event.type.replace('_', ' ')}</p>
                <LocalTime value={event.createdAt} className="block text-xs text-slate-600" />
              </TD>
              <TD className="whitespace-nowrap">
                <Badge tone={STATE_TONES[event.deliveryState]}>
                  {STATE_LABELS[event.deliveryState]}
                </Badge>
                <p className="mt-1 text-xs text-slate-600">
                  {event.attempts} attempt{event.attempts === 1 ? '' : 's'}
                </p>
              </TD>
              <TD className="text-right">
                {event.attempts > 0 ? (
                  <RowAction
                    aria-label={`Attempts of event ${event.type} (${event.attempts})`}
                    onClick={() => setAttemptsOf(event)}
                  >
                    Attempts
                  </RowAction>
                ) : null}
              </TD>
            </TR>
          ))}
        </DataTable>
      )}
      <AttemptsDialog event={attemptsOf} onClose={() => setAttemptsOf(null)} />
    </Card>
  )
}

import { Alert } from '#app/components/ui/alert.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Dialog, DialogClose, DialogFooter } from '#app/components/ui/dialog.tsx'
import { LocalTime } from '#app/components/ui/local-time.tsx'
import { openWhile } from '#app/components/ui/open-while.ts'
import { Spinner } from '#app/components/ui/spinner.tsx'
import { DataTable, TD, TH, TR } from '#app/components/ui/table.tsx'
import { parseAppError } from '#app/lib/app-error.ts'
import { formatCount } from '#app/lib/format.ts'
import { useQuery, useTRPC } from '#app/lib/trpc.ts'
import type { DeliveryAttempt, ServiceEventRow } from './use-service-events.ts'

const MAX_BODY = 300

function outcomeOf(attempt: DeliveryAttempt): string {
  const body = attempt.responseBody?.slice(0, MAX_BODY) ?? ''
  return attempt.error ?? (body || '—')
}

/** Every webhook attempt of one event, newest first: when, answer, time taken, error, who asked. */
export function AttemptsDialog({
  event,
  onClose,
}: {
  event: ServiceEventRow | null
  onClose: () => void
}) {
  return (
    <Dialog
      {...openWhile(event, onClose)}
      className="w-[48rem]"
      title={event ? `Attempts: ${event.type} of service #${event.serviceId}` : ''}
      description={event ? `Event ${event.eventId}` : null}
    >
      {event ? <Attempts eventId={event.eventId} /> : null}
      <DialogFooter>
        <DialogClose asChild>
          <Button variant="secondary">Close</Button>
        </DialogClose>
      </DialogFooter>
    </Dialog>
  )
}

function Attempts({ eventId }: { eventId: string }) {
  const trpc = useTRPC()
  const attempts = useQuery(
    trpc.admin.provisioning.deliveries.queryOptions({ eventId, limit: 100 }),
  )
  if (attempts.isPending)
    return (
      <p className="flex items-center gap-2 text-sm text-slate-600" role="status">
        <Spinner /> Loading the attempts…
      </p>
    )
  if (attempts.isError) return <Alert tone="error">{parseAppError(attempts.error).message}</Alert>
  if (attempts.data.items.length === 0)
    return <p className="text-sm text-slate-600">No attempt yet.</p>
  return (
    <DataTable
      label="Delivery attempts"
      className="ring-1 ring-slate-200"
      head={
        <>
          <TH className="text-right">#</TH>
          <TH>When</TH>
          <TH>Answer</TH>
          <TH className="text-right">Took</TH>
          <TH>Error / response</TH>
          <TH>Sent by</TH>
        </>
      }
    >
      {attempts.data.items.map((attempt) => (
        <TR key={attempt.id} data-testid="delivery-attempt-row">
          <TD className="text-right tabular-nums">{attempt.attempt}</TD>
          <TD className="whitespace-nowrap text-xs">
            <LocalTime value={attempt.createdAt} />
          </TD>
          <TD className="whitespace-nowrap">
            {attempt.responseStatus === null ? 'no answer' : `HTTP ${attempt.responseStatus}`}
          </TD>
          <TD className="whitespace-nowrap text-right tabular-nums">
            {formatCount(attempt.durationMs)} ms
          </TD>
          <TD className="min-w-[14rem] max-w-sm break-words text-xs">
            {outcomeOf(attempt)}
            <div className="break-all text-slate-600">{attempt.url}</div>
          </TD>
          <TD className="whitespace-nowrap text-xs">
            {attempt.requestedBy === null ? 'schedule' : `admin #${attempt.requestedBy}`}
          </TD>
        </TR>
      ))}
    </DataTable>
  )
}

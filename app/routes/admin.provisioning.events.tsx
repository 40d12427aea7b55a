import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useState } from 'react'
import { CursorPager } from '#app/components/admin/cursor-pager.tsx'
import { AttemptsDialog } from '#app/components/admin/provisioning/attempts-dialog.tsx'
import { EventsFilters } from '#app/components/admin/provisioning/events-filters.tsx'
import {
  eventsInput,
  eventsParams,
  eventsQueryOf,
} from '#app/components/admin/provisioning/events-query.ts'
import { EventsTable } from '#app/components/admin/provisioning/events-table.tsx'
import { ProvisioningHeader } from '#app/components/admin/provisioning/provisioning-tabs.tsx'
import { useRedeliverEvent } from '#app/components/admin/provisioning/use-redeliver-event.ts'
import {
  useServiceEvents,
  type ServiceEventRow,
} from '#app/components/admin/provisioning/use-service-events.ts'
import { ReasonConfirmDialog } from '#app/components/admin/user/reason-confirm-dialog.tsx'
import { prefetchQueries } from '#app/lib/trpc.server.ts'

export const meta: MetaFunction = () => [{ title: 'Webhook deliveries · Admin · SkyPANEL' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const query = eventsQueryOf(new URL(request.url).searchParams)
  // A forged cursor fails the prefetch: the 400 page.
  const dehydrated = await prefetchQueries(request, context, (trpc) => [
    trpc.admin.provisioning.events.queryOptions(eventsInput(query)),
  ])
  return json({ dehydrated, query })
}

export default function AdminProvisioningEvents() {
  const data = useLoaderData<typeof loader>()
  const page = useServiceEvents(eventsInput(data.query)).data
  const redeliver = useRedeliverEvent()
  const [attemptsOf, setAttemptsOf] = useState<ServiceEventRow | null>(null)
  const [redelivering, setRedelivering] = useState<ServiceEventRow | null>(null)

  return (
    <div className="space-y-4">
      <ProvisioningHeader
        title="Webhook deliveries"
        intro="Every lifecycle event of every service, newest first. Events of families provisioned by webhook are sent, signed, until the receiver accepts them (retried for 3 days); each attempt is logged."
      />
      <EventsFilters query={data.query} />
      <EventsTable
        items={page.items}
        filtered={Boolean(data.query.family || data.query.state)}
        actions={{ onAttempts: setAttemptsOf, onRedeliver: setRedelivering }}
      />
      <CursorPager
        label="Event pages"
        firstHref={data.query.cursor ? `?${eventsParams(data.query).toString()}` : null}
        nextHref={
          page.nextCursor ? `?${eventsParams(data.query, page.nextCursor).toString()}` : null
        }
      />
      <AttemptsDialog event={attemptsOf} onClose={() => setAttemptsOf(null)} />
      <ReasonConfirmDialog
        open={redelivering !== null}
        onClose={() => setRedelivering(null)}
        title={
          redelivering
            ? `Redeliver ${redelivering.type} of service #${redelivering.serviceId}?`
            : ''
        }
        description={
          <p>
            The event is sent again now, with the same event id (a receiver that already has it
            ignores it). If this attempt fails, the worker keeps retrying.
          </p>
        }
        confirmLabel="Redeliver"
        pendingLabel="Sending…"
        reasonHint="Recorded in the admin audit log."
        onConfirm={(reason) =>
          redelivering ? redeliver(redelivering, reason ?? '') : Promise.resolve(null)
        }
      />
    </div>
  )
}

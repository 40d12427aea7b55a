import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useRef, useState } from 'react'
import { ProvisionDialog } from '#app/components/admin/provisioning/provision-dialog.tsx'
import { ProvisioningHeader } from '#app/components/admin/provisioning/provisioning-tabs.tsx'
import { QueueTable } from '#app/components/admin/provisioning/queue-table.tsx'
import {
  QUEUE_INPUT,
  useProvisioningQueue,
  type QueueItem,
} from '#app/components/admin/provisioning/use-provisioning-queue.ts'
import { prefetchQueries } from '#app/lib/trpc.server.ts'

export const meta: MetaFunction = () => [{ title: 'Provisioning queue · Admin · SkyPANEL' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const dehydrated = await prefetchQueries(request, context, (trpc) => [
    trpc.admin.provisioning.queue.queryOptions(QUEUE_INPUT),
  ])
  return json({ dehydrated })
}

export default function AdminProvisioningQueue() {
  const queue = useProvisioningQueue().data
  const [provisioning, setProvisioning] = useState<QueueItem | null>(null)
  // Where focus goes when a provisioned row leaves the queue with its button.
  const listRef = useRef<HTMLDivElement>(null)

  return (
    <div className="space-y-4">
      <ProvisioningHeader
        title="Provisioning"
        intro="Paid services waiting for an admin, oldest order first. Set each one up, then record its hostname and IP here: the service becomes active and the customer sees it."
      />
      <div ref={listRef} tabIndex={-1} data-testid="queue-list">
        <QueueTable items={queue.items} onProvision={setProvisioning} />
      </div>
      <ProvisionDialog
        item={provisioning}
        onClose={() => setProvisioning(null)}
        returnFocusTo={listRef}
      />
    </div>
  )
}

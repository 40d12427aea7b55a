import { useRef, useState } from 'react'
import { ProvisionDialog } from '#app/components/admin/provisioning/provision-dialog.tsx'
import type { QueueItem } from '#app/components/admin/provisioning/use-provisioning-queue.ts'
import { ReasonConfirmDialog } from '#app/components/admin/user/reason-confirm-dialog.tsx'
import { CYCLE_PERIOD } from '#app/components/services/helpers.ts'
import { Button } from '#app/components/ui/button.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { centsToDecimal } from '#app/lib/money.ts'
import type { AdminService } from './use-admin-services.ts'
import { useServiceAdminActions, type StatusChange } from './use-service-admin-actions.ts'
import { ValueReasonDialog } from './value-reason-dialog.tsx'

type Primary = 'provision' | Exclude<StatusChange, 'terminate'>

/** The one status action that fits: provision a pending service, suspend or lift a suspension. */
const PRIMARY: Partial<Record<AdminService['status'], Primary>> = {
  pending: 'provision',
  active: 'suspend',
  past_due: 'suspend',
  suspended: 'unsuspend',
}
const PRIMARY_LABEL: Record<Primary, string> = {
  provision: 'Provision',
  suspend: 'Suspend',
  unsuspend: 'Unsuspend',
}

const CONFIRM: Record<
  StatusChange,
  { title: string; body: string; label: string; pending: string }
> = {
  suspend: {
    title: 'Suspend service #{id}?',
    body: 'It stops now and the customer is told, with your reason. Unsuspend (or a paid renewal) starts it again.',
    label: 'Suspend',
    pending: 'Suspending…',
  },
  unsuspend: {
    title: 'Unsuspend service #{id}?',
    body: 'It runs again: active if its period is paid, otherwise past due until the renewal is paid.',
    label: 'Unsuspend',
    pending: 'Unsuspending…',
  },
  terminate: {
    title: 'Terminate service #{id}?',
    body: 'It ends now, for good, with no refund (refund its charges separately). This cannot be undone.',
    label: 'Terminate',
    pending: 'Terminating…',
  },
}

function queueItemOf(service: AdminService): QueueItem {
  return {
    serviceId: service.id,
    family: service.family,
    cycle: service.cycle,
    orderedAt: service.createdAt,
    currentPeriodStart: service.currentPeriodStart,
    currentPeriodEnd: service.currentPeriodEnd,
    product: service.product,
    user: service.user,
  }
}

/**
 * What an admin may do to the service in its status, each behind a dialog that asks why.
 * Provision, Suspend and Unsuspend share one button (it changes its word with the status), so
 * focus returns to it after the change; after Terminate, to this card's heading.
 */
export function ServiceActions({ service }: { service: AdminService }) {
  const actions = useServiceAdminActions(service)
  const heading = useRef<HTMLHeadingElement>(null)
  const [confirming, setConfirming] = useState<StatusChange | null>(null)
  const [valueChange, setValueChange] = useState<'extend' | 'price' | null>(null)
  const [provisioning, setProvisioning] = useState<QueueItem | null>(null)
  const primary = PRIMARY[service.status]
  const words = confirming ? CONFIRM[confirming] : null

  return (
    <Card className="space-y-3 p-4 sm:p-6">
      <h2 ref={heading} tabIndex={-1} className="text-lg font-semibold">
        Actions
      </h2>
      {primary ? (
        <div className="flex flex-wrap gap-2" data-testid="service-actions">
          <Button
            key="status"
            variant={primary === 'suspend' ? 'danger' : 'primary'}
            onClick={() =>
              primary === 'provision'
                ? setProvisioning(queueItemOf(service))
                : setConfirming(primary)
            }
          >
            {PRIMARY_LABEL[primary]}
          </Button>
          <Button variant="secondary" onClick={() => setValueChange('extend')}>
            Extend
          </Button>
          <Button variant="secondary" onClick={() => setValueChange('price')}>
            Change price
          </Button>
          <Button
            variant="ghost"
            className="text-rose-700"
            onClick={() => setConfirming('terminate')}
          >
            Terminate
          </Button>
        </div>
      ) : (
        <p className="text-sm text-slate-600">None: this service has ended.</p>
      )}
      <ReasonConfirmDialog
        open={confirming !== null}
        onClose={() => setConfirming(null)}
        title={words?.title.replace('{id}', String(service.id)) ?? ''}
        description={<p>{words?.body}</p>}
        confirmLabel={words?.label ?? ''}
        pendingLabel={words?.pending ?? ''}
        tone={confirming === 'unsuspend' ? 'primary' : 'danger'}
        reasonHint="Recorded in the admin audit log."
        returnFocusTo={heading}
        onConfirm={(reason) =>
          confirming ? actions.changeStatus(confirming, reason ?? '') : Promise.resolve(null)
        }
      />
      <ValueReasonDialog
        subject={valueChange}
        onClose={() => setValueChange(null)}
        title={(change) =>
          change === 'extend'
            ? `Extend service #${service.id}`
            : `Change the price of service #${service.id}`
        }
        description={(change) =>
          change === 'extend'
            ? 'Moves the end of the current period (and the next renewal) later, free of charge.'
            : `It renews at ${service.recurringPrice.formatted} per ${CYCLE_PERIOD[service.cycle]} now. The new price applies from the next renewal; the current period keeps the price paid.`
        }
        field={(change) =>
          change === 'extend'
            ? {
                label: 'Days',
                name: 'days',
                inputMode: 'numeric',
                initial: '',
                description: '1 to 365.',
              }
            : {
                label: 'New price (USD)',
                name: 'price',
                inputMode: 'decimal',
                initial: centsToDecimal(service.recurringPrice.cents),
              }
        }
        submitLabel={valueChange === 'extend' ? 'Extend' : 'Change price'}
        pendingLabel="Saving…"
        onSubmit={(change, value, reason) =>
          change === 'extend' ? actions.extend(value, reason) : actions.changePrice(value, reason)
        }
      />
      <ProvisionDialog
        item={provisioning}
        onClose={() => {
          setProvisioning(null)
          void actions.refresh()
        }}
        returnFocusTo={heading}
      />
    </Card>
  )
}

import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useRef } from 'react'
import { DeletePlanDialog } from '#app/components/admin/plans/delete-plan-dialog.tsx'
import { PlansTable } from '#app/components/admin/plans/plans-table.tsx'
import { usePlanAdmin } from '#app/components/admin/plans/use-plan-admin.ts'
import { PlanFormDialog } from '#app/components/dns/plan-form-dialog.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { callOrThrow, serverCaller } from '#app/lib/trpc.server.ts'

export const meta: MetaFunction = () => [{ title: 'DNS plans · Admin · SkyPANEL' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await serverCaller(request, context)
  const plans = await callOrThrow(request, () => caller.admin.dnsPlans.list())
  return json({ plans, loadedAt: Date.now() })
}

export default function AdminDnsPlans() {
  const admin = usePlanAdmin(useLoaderData<typeof loader>())
  // Focus lands here when the row whose button opened a dialog is gone (a deleted plan).
  const newPlanRef = useRef<HTMLButtonElement>(null)

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <div className="min-w-0">
          <h1 className="text-2xl font-bold">DNS plans</h1>
          <p className="text-sm text-slate-600">
            The order here is the order users see. Inactive plans are hidden from users; their
            subscribers keep them. Every change is recorded in the admin audit log.
          </p>
        </div>
        <Button ref={newPlanRef} onClick={() => admin.setEditing({ plan: null })}>
          New plan
        </Button>
      </div>

      <PlansTable
        plans={admin.plans}
        actions={{
          onMove: admin.move,
          reordering: admin.reordering,
          onEdit: (plan) => admin.setEditing({ plan }),
          onToggle: admin.toggleActive,
          togglingId: admin.togglingId,
          onDelete: admin.askDelete,
        }}
      />

      <PlanFormDialog
        open={admin.editing !== null}
        onOpenChange={(open) => {
          if (!open) admin.setEditing(null)
        }}
        plan={admin.editing?.plan ?? null}
        nextDisplayOrder={admin.nextDisplayOrder}
        pending={admin.saving}
        onSubmit={admin.save}
      />

      <DeletePlanDialog
        plan={admin.deleting}
        error={admin.deleteError}
        pending={admin.deletePending}
        onCancel={() => admin.askDelete(null)}
        onConfirm={admin.confirmDelete}
        returnFocusTo={newPlanRef}
      />
    </div>
  )
}

import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { ConfirmDialog } from '#app/components/dns/confirm-dialog.tsx'
import { messageOf } from '#app/components/dns/helpers.ts'
import {
  PlanFormDialog,
  planFieldsOf,
  type AdminPlan,
  type FieldErrors,
  type PlanFields,
} from '#app/components/dns/plan-form-dialog.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Alert, Badge } from '#app/components/ui/card.tsx'
import { useToast } from '#app/components/ui/toast.tsx'
import { callOrThrow, serverCaller } from '#app/lib/trpc.server.ts'
import { useTRPC } from '#app/lib/trpc.ts'
import { cn } from '#app/lib/utils.ts'

export const meta: MetaFunction = () => [{ title: 'DNS plans · Admin · SkyPANEL' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await serverCaller(request, context)
  const plans = await callOrThrow(request, () => caller.admin.dnsPlans.list())
  return json({ plans, loadedAt: Date.now() })
}

type ServerError = {
  message?: string
  data?: { fields?: Record<string, string[]> | null } | null
}

/** Server field errors onto the form's fields; anything else becomes the form's message. */
function formErrorsOf(error: unknown): FieldErrors {
  const e = error as ServerError
  const known = [
    'slug',
    'name',
    'description',
    'price',
    'maxDomains',
    'maxRecords',
    'features',
    'isActive',
    'displayOrder',
  ] as const
  const fields = e.data?.fields ?? {}
  const errors: FieldErrors = {}
  for (const key of known) if (fields[key]) errors[key] = fields[key]
  const rest = Object.entries(fields).filter(([key]) => !(known as readonly string[]).includes(key))
  const matched = Object.keys(errors).length > 0
  if (!matched || rest.length > 0) {
    errors.other = [
      [messageOf(error), ...rest.map(([key, messages]) => `${key}: ${messages.join(' ')}`)].join(
        ' ',
      ),
    ]
  }
  return errors
}

function LimitsCell({ plan }: { plan: AdminPlan }) {
  return (
    <>
      <span className="block">{plan.maxDomains.toLocaleString('en-US')} domains</span>
      <span className="block text-slate-500">
        {plan.maxRecords.toLocaleString('en-US')} records
      </span>
    </>
  )
}

export default function AdminDnsPlans() {
  const data = useLoaderData<typeof loader>()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const toast = useToast()

  const plans = useQuery(
    trpc.admin.dnsPlans.list.queryOptions(undefined, {
      initialData: data.plans,
      initialDataUpdatedAt: data.loadedAt,
    }),
  ).data

  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.admin.dnsPlans.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.dnsPlans.pathKey() }),
    ])

  const create = useMutation({
    ...trpc.admin.dnsPlans.create.mutationOptions(),
    onSettled: refresh,
  })
  const update = useMutation({
    ...trpc.admin.dnsPlans.update.mutationOptions(),
    onSettled: refresh,
  })
  const reorder = useMutation({
    ...trpc.admin.dnsPlans.reorder.mutationOptions(),
    onSettled: refresh,
  })
  const remove = useMutation({
    ...trpc.admin.dnsPlans.delete.mutationOptions(),
    onSettled: refresh,
  })

  const [editing, setEditing] = useState<{ plan: AdminPlan | null } | null>(null)
  const [deleting, setDeleting] = useState<AdminPlan | null>(null)
  const [deleteError, setDeleteError] = useState<string | null>(null)
  const [togglingId, setTogglingId] = useState<number | null>(null)

  const nextDisplayOrder = Math.min(
    10_000,
    plans.reduce((max, plan) => Math.max(max, plan.displayOrder), 0) + 1,
  )

  async function save(fields: PlanFields): Promise<FieldErrors | null> {
    const plan = editing?.plan ?? null
    try {
      if (plan) {
        // Always every field: update's schema fills omitted fields with their defaults.
        const saved = await update.mutateAsync({ planId: plan.id, ...fields })
        toast({ tone: 'success', title: 'Plan saved', description: `${saved.name} was updated.` })
      } else {
        const saved = await create.mutateAsync(fields)
        toast({ tone: 'success', title: 'Plan created', description: `${saved.name} was created.` })
      }
      setEditing(null)
      return null
    } catch (error) {
      return formErrorsOf(error)
    }
  }

  function move(index: number, offset: -1 | 1) {
    const target = index + offset
    if (reorder.isPending || target < 0 || target >= plans.length) return
    const ids = plans.map((plan) => plan.id)
    ;[ids[index], ids[target]] = [ids[target]!, ids[index]!]
    reorder.mutate(
      { planIds: ids },
      {
        onError: (error) =>
          toast({
            tone: 'error',
            title: "Couldn't reorder the plans",
            description: messageOf(error),
          }),
      },
    )
  }

  function toggleActive(plan: AdminPlan) {
    if (togglingId !== null) return
    setTogglingId(plan.id)
    update.mutate(
      { planId: plan.id, ...planFieldsOf(plan), isActive: !plan.isActive },
      {
        onSuccess: (saved) =>
          toast({
            tone: 'success',
            title: saved.isActive ? 'Plan activated' : 'Plan deactivated',
            description: saved.isActive
              ? `${saved.name} is offered to users again.`
              : `${saved.name} is no longer offered; existing subscriptions keep it.`,
          }),
        onError: (error) =>
          toast({
            tone: 'error',
            title: "Couldn't update the plan",
            description: messageOf(error),
          }),
        onSettled: () => setTogglingId(null),
      },
    )
  }

  function confirmDelete() {
    const plan = deleting
    if (!plan || remove.isPending) return
    setDeleteError(null)
    remove.mutate(
      { planId: plan.id },
      {
        onSuccess: () => {
          setDeleting(null)
          toast({
            tone: 'success',
            title: 'Plan deleted',
            description: `${plan.name} was deleted.`,
          })
        },
        onError: (error) => setDeleteError(messageOf(error)),
      },
    )
  }

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <div>
          <h1 className="text-2xl font-bold">DNS plans</h1>
          <p className="text-sm text-slate-600">
            The order here is the order users see. Inactive plans are hidden from users; their
            subscribers keep them.
          </p>
        </div>
        <Button onClick={() => setEditing({ plan: null })}>New plan</Button>
      </div>

      <div className="overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="px-2 py-3">
                Order
              </th>
              <th scope="col" className="px-2 py-3">
                Name
              </th>
              <th scope="col" className="px-2 py-3">
                Slug
              </th>
              <th scope="col" className="px-2 py-3 text-right">
                Price
              </th>
              <th scope="col" className="px-2 py-3">
                Limits
              </th>
              <th scope="col" className="px-2 py-3">
                Status
              </th>
              <th scope="col" className="px-2 py-3 text-right">
                Subscribers
                <span className="block font-normal normal-case">live / total</span>
              </th>
              <th scope="col" className="px-2 py-3">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {plans.map((plan, index) => (
              <tr key={plan.id} data-testid="admin-dns-plan-row">
                <td className="whitespace-nowrap px-2 py-3">
                  <div className="flex items-center gap-0.5">
                    <span className="w-5 tabular-nums text-slate-500">{index + 1}</span>
                    <Button
                      variant="ghost"
                      className="px-1 py-0.5"
                      aria-label={`Move ${plan.name} up`}
                      disabled={index === 0 || reorder.isPending}
                      onClick={() => move(index, -1)}
                    >
                      ↑
                    </Button>
                    <Button
                      variant="ghost"
                      className="px-1 py-0.5"
                      aria-label={`Move ${plan.name} down`}
                      disabled={index === plans.length - 1 || reorder.isPending}
                      onClick={() => move(index, 1)}
                    >
                      ↓
                    </Button>
                  </div>
                </td>
                <td className="px-2 py-3">
                  <p className="font-medium">{plan.name}</p>
                  {plan.features.length > 0 ? (
                    <p className="text-xs text-slate-500">
                      {plan.features.length} feature{plan.features.length === 1 ? '' : 's'}
                    </p>
                  ) : null}
                </td>
                <td className="whitespace-nowrap px-2 py-3 font-mono text-xs">{plan.slug}</td>
                <td className="whitespace-nowrap px-2 py-3 text-right tabular-nums">
                  {plan.price.formatted}
                  <span className="text-slate-500">/mo</span>
                </td>
                <td className="whitespace-nowrap px-2 py-3">
                  <LimitsCell plan={plan} />
                </td>
                <td className="px-2 py-3">
                  <Badge tone={plan.isActive ? 'green' : 'slate'}>
                    {plan.isActive ? 'active' : 'inactive'}
                  </Badge>
                </td>
                <td className="whitespace-nowrap px-2 py-3 text-right tabular-nums">
                  {plan.subscriptions.live} / {plan.subscriptions.total}
                </td>
                <td className="whitespace-nowrap px-2 py-3">
                  <div className="flex justify-end gap-1">
                    <Button
                      variant="secondary"
                      className="px-2 py-1 text-xs"
                      aria-label={`Edit ${plan.name}`}
                      onClick={() => setEditing({ plan })}
                    >
                      Edit
                    </Button>
                    <Button
                      variant="secondary"
                      className="px-2 py-1 text-xs"
                      aria-label={`${plan.isActive ? 'Deactivate' : 'Activate'} ${plan.name}`}
                      disabled={togglingId !== null}
                      aria-busy={togglingId === plan.id || undefined}
                      onClick={() => toggleActive(plan)}
                    >
                      {plan.isActive ? 'Deactivate' : 'Activate'}
                    </Button>
                    <Button
                      variant="ghost"
                      className={cn('px-2 py-1 text-xs text-rose-700 hover:bg-rose-50')}
                      aria-label={`Delete ${plan.name}`}
                      onClick={() => {
                        setDeleteError(null)
                        setDeleting(plan)
                      }}
                    >
                      Delete
                    </Button>
                  </div>
                </td>
              </tr>
            ))}
            {plans.length === 0 ? (
              <tr>
                <td colSpan={8} className="px-4 py-8 text-center text-slate-500">
                  No DNS plans yet. Create the first one.
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>

      <PlanFormDialog
        open={editing !== null}
        onOpenChange={(open) => {
          if (!open) setEditing(null)
        }}
        plan={editing?.plan ?? null}
        nextDisplayOrder={nextDisplayOrder}
        pending={create.isPending || update.isPending}
        onSubmit={save}
      />

      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => {
          if (!open) setDeleting(null)
        }}
        title={deleting ? `Delete ${deleting.name}?` : ''}
        confirmLabel="Delete plan"
        pendingLabel="Deleting…"
        tone="danger"
        onConfirm={confirmDelete}
        pending={remove.isPending}
      >
        {deleting ? (
          <>
            <p>
              This removes the plan for good. Only a plan nobody ever subscribed to can be deleted;
              otherwise deactivate it instead.
            </p>
            {deleting.subscriptions.total > 0 ? (
              <p className="text-amber-800">
                {deleting.name} has {deleting.subscriptions.total} subscription
                {deleting.subscriptions.total === 1 ? '' : 's'} on record.
              </p>
            ) : null}
          </>
        ) : null}
        {deleteError ? <Alert tone="error">{deleteError}</Alert> : null}
      </ConfirmDialog>
    </div>
  )
}

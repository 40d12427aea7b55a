import { useState } from 'react'
import {
  planFieldsOf,
  type AdminPlan,
  type FieldErrors,
  type PlanFields,
} from '#app/components/dns/plan-form-dialog.tsx'
import { useToast } from '#app/components/ui/toast.tsx'
import { parseAppError } from '#app/lib/app-error.ts'
import { useMutation, useQuery, useQueryClient, useTRPC } from '#app/lib/trpc.ts'

const FORM_FIELDS = [
  'slug',
  'name',
  'description',
  'price',
  'maxDomains',
  'maxRecords',
  'features',
  'isActive',
  'displayOrder',
  'reason',
] as const
type FormField = (typeof FORM_FIELDS)[number]

/** Server field errors onto the form's fields; anything else becomes the form's message. */
function formErrorsOf(error: unknown): FieldErrors {
  const parsed = parseAppError(error)
  const errors: FieldErrors = {}
  const rest: string[] = []
  for (const [key, message] of Object.entries(parsed.fieldErrors ?? {})) {
    if ((FORM_FIELDS as readonly string[]).includes(key)) errors[key as FormField] = [message]
    else if (key !== '_') rest.push(`${key}: ${message}`)
  }
  if (Object.keys(errors).length === 0 || rest.length > 0)
    errors.other = [[parsed.message, ...rest].join(' ')]
  return errors
}

/**
 * The admin DNS plan page's state: the live list, the create/edit dialog, the delete
 * confirmation, reordering and switching plans on and off. Every change is audited server-side.
 */
export function usePlanAdmin(initial: { plans: AdminPlan[]; loadedAt: number }) {
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const toast = useToast()

  const plans = useQuery(
    trpc.admin.dnsPlans.list.queryOptions(undefined, {
      initialData: initial.plans,
      initialDataUpdatedAt: initial.loadedAt,
    }),
  ).data

  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.admin.dnsPlans.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.dnsPlans.pathKey() }),
    ])
  // Each change refreshes the admin list and the public plan list, whatever the outcome.
  const create = useMutation({
    ...trpc.admin.dnsPlans.create.mutationOptions({ onSettled: refresh }),
  })
  const update = useMutation({
    ...trpc.admin.dnsPlans.update.mutationOptions({ onSettled: refresh }),
  })
  const reorder = useMutation({
    ...trpc.admin.dnsPlans.reorder.mutationOptions({ onSettled: refresh }),
  })
  const remove = useMutation({
    ...trpc.admin.dnsPlans.delete.mutationOptions({ onSettled: refresh }),
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
      // Always every field: the dialog edits the whole plan.
      const saved = plan
        ? await update.mutateAsync({ planId: plan.id, ...fields })
        : await create.mutateAsync(fields)
      toast({
        tone: 'success',
        title: plan ? 'Plan saved' : 'Plan created',
        description: `${saved.name} was ${plan ? 'updated' : 'created'}.`,
      })
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
            description: parseAppError(error).message,
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
            title: saved.isActive ? 'Plan activated' : 'Plan retired',
            description: saved.isActive
              ? `${saved.name} is offered to users again.`
              : `${saved.name} is no longer offered; existing subscriptions keep it.`,
          }),
        onError: (error) =>
          toast({
            tone: 'error',
            title: "Couldn't update the plan",
            description: parseAppError(error).message,
          }),
        onSettled: () => setTogglingId(null),
      },
    )
  }

  function askDelete(plan: AdminPlan | null) {
    setDeleteError(null)
    setDeleting(plan)
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
        onError: (error) => setDeleteError(parseAppError(error).message),
      },
    )
  }

  return {
    plans,
    editing,
    setEditing,
    nextDisplayOrder,
    saving: create.isPending || update.isPending,
    save,
    move,
    reordering: reorder.isPending,
    toggleActive,
    togglingId,
    deleting,
    deleteError,
    deletePending: remove.isPending,
    askDelete,
    confirmDelete,
  }
}

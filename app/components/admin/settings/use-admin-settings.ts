import { useRevalidator } from '@remix-run/react'
import { useToast } from '#app/components/ui/toast.tsx'
import { parseAppError } from '#app/lib/app-error.ts'
import {
  useMutation,
  useQueryClient,
  useSuspenseQuery,
  useTRPC,
  type RouterOutputs,
} from '#app/lib/trpc.ts'
import { errorsFrom, type SettingsErrors } from './settings-form.ts'
import type { UpdateSettingsInput } from '#server/services/settings/schemas.ts'

export type SettingsView = RouterOutputs['admin']['settings']['get']

export function useAdminSettings() {
  const trpc = useTRPC()
  return useSuspenseQuery(trpc.admin.settings.get.queryOptions())
}

/** Saves; resolves to the form's errors, or null once saved (and the pages' branding reloaded). */
export function useSaveSettings() {
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const revalidator = useRevalidator()
  const toast = useToast()
  const update = useMutation(trpc.admin.settings.update.mutationOptions())
  return {
    pending: update.isPending,
    save: async (input: UpdateSettingsInput): Promise<SettingsErrors | null> => {
      try {
        const { changed, settings } = await update.mutateAsync(input)
        queryClient.setQueryData(trpc.admin.settings.get.queryKey(), settings)
        // The header and every page read the branding from the root loader.
        revalidator.revalidate()
        toast({
          tone: 'success',
          title: changed.length > 0 ? 'Settings saved' : 'Nothing changed',
          description:
            changed.length > 0
              ? 'Recorded in the admin audit log with your reason.'
              : 'Every field already had that value.',
        })
        return null
      } catch (error) {
        const view = parseAppError(error)
        return errorsFrom(view.fieldErrors ?? {}, view.message)
      }
    },
  }
}

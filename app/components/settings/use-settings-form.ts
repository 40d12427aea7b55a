import { useFetcher } from '@remix-run/react'
import { useEffect, useRef } from 'react'
import { useToast } from '#app/components/ui/toast.tsx'
import type { SettingsActionResult, SettingsIntent } from './action-result.ts'

/**
 * One form of the account settings page: its own fetcher (so each form has its own pending
 * state and errors), a success toast, and the form cleared after success (passwords must not
 * linger in the inputs). `onSuccess` runs once per successful answer.
 */
export function useSettingsForm(intent: SettingsIntent, onSuccess?: () => void) {
  const fetcher = useFetcher<SettingsActionResult>({ key: intent })
  const formRef = useRef<HTMLFormElement>(null)
  const handled = useRef<SettingsActionResult | undefined>(undefined)
  const toast = useToast()
  const result = fetcher.data
  useEffect(() => {
    if (fetcher.state !== 'idle' || !result?.ok || handled.current === result) return
    handled.current = result
    toast({ tone: 'success', title: result.message })
    formRef.current?.reset()
    onSuccess?.()
  }, [fetcher.state, result, toast, onSuccess])
  return { fetcher, formRef, result, pending: fetcher.state !== 'idle' }
}

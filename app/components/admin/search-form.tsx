import { Form } from '@remix-run/react'
import { useId } from 'react'
import { Button } from '#app/components/ui/button.tsx'
import { Input } from '#app/components/ui/input.tsx'
import { cn } from '#app/lib/utils.ts'

/**
 * The admin area's one search box: a plain GET to /admin/search?q=… (works without
 * JavaScript). Users by email, name or id; payments by top-up, order or capture id; ledger
 * entries by id, payment reference or idempotency key.
 */
export function AdminSearchForm({
  defaultValue,
  className,
  label = 'Admin search',
}: {
  defaultValue?: string
  className?: string
  /** The search landmark's name; give a second form on one page its own. */
  label?: string
}) {
  const inputId = useId()
  return (
    <Form
      method="get"
      action="/admin/search"
      role="search"
      aria-label={label}
      className={cn('flex w-full min-w-0 items-center gap-2', className)}
    >
      <label htmlFor={inputId} className="sr-only">
        Search admin
      </label>
      <Input
        id={inputId}
        type="search"
        name="q"
        required
        maxLength={200}
        defaultValue={defaultValue}
        // Remounted per value so a new search's text replaces the old one after navigating.
        key={defaultValue ?? ''}
        placeholder="Email, name, id, PayPal id, key"
        autoComplete="off"
        className="min-w-0 flex-1"
      />
      <Button type="submit" variant="secondary" className="shrink-0">
        Search
      </Button>
    </Form>
  )
}

export default AdminSearchForm

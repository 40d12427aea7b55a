import { useState, type FormEvent } from 'react'
import { Alert } from '#app/components/ui/alert.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { Field, SelectField } from '#app/components/ui/field.tsx'
import { parseAppError, type AppErrorView } from '#app/lib/app-error.ts'
import { useMutation, useTRPC } from '#app/lib/trpc.ts'
import { ZCreateApiTokenInput } from '#server/services/api-tokens/schemas.ts'
import { NewTokenNotice } from './new-token-notice.tsx'

const SCOPES = [
  { value: 'read', label: 'read: view balances, history and plans' },
  { value: 'write', label: 'write: also buy, change plans and other changes' },
  { value: 'admin', label: 'admin: also the admin procedures' },
] as const

/** Creates a token; the fields go to the server as typed, its schema words the errors. */
export function CreateTokenForm({
  isAdmin,
  onCreated,
}: {
  isAdmin: boolean
  onCreated: () => void
}) {
  const trpc = useTRPC()
  const create = useMutation(trpc.account.apiTokens.create.mutationOptions())
  const [created, setCreated] = useState<string | null>(null)
  const [error, setError] = useState<AppErrorView | null>(null)

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const formElement = event.currentTarget
    const form = new FormData(formElement)
    const text = (key: string) => {
      const value = form.get(key)
      return typeof value === 'string' ? value : ''
    }
    setError(null)
    setCreated(null)
    // The server's own schema first: a mistake is named on its field without a round trip.
    const parsed = ZCreateApiTokenInput.safeParse({
      name: text('name'),
      scope: text('scope'),
      expiresInDays: text('expiresInDays'),
    })
    if (!parsed.success) {
      setError(parseAppError(parsed.error))
      return
    }
    try {
      const result = await create.mutateAsync(parsed.data)
      setCreated(result.token)
      formElement.reset()
      onCreated()
    } catch (e) {
      setError(parseAppError(e, { fallback: 'Could not create the token.' }))
    }
  }
  const fieldError = (name: string) => error?.fieldErrors?.[name] ?? null
  const general = error && !error.fieldErrors ? error.message : null

  return (
    <Card>
      <h2 className="mb-4 text-lg font-semibold">New token</h2>
      <form
        className="grid gap-4 sm:grid-cols-2"
        onSubmit={(e) => void onSubmit(e)}
        aria-label="Create API token"
        noValidate
      >
        {general ? (
          <Alert tone="error" className="sm:col-span-2">
            {general}
          </Alert>
        ) : null}
        <Field label="Name" name="name" required maxLength={60} errors={fieldError('name')} />
        <SelectField label="Scope" name="scope" defaultValue="read" errors={fieldError('scope')}>
          {SCOPES.filter((s) => s.value !== 'admin' || isAdmin).map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </SelectField>
        <Field
          label="Expires in days"
          name="expiresInDays"
          inputMode="numeric"
          description="1 to 3650; leave empty for a token that does not expire."
          errors={fieldError('expiresInDays')}
        />
        <div className="sm:col-span-2">
          <Button type="submit" pending={create.isPending} pendingLabel="Creating token…">
            Create token
          </Button>
        </div>
      </form>
      {created ? <NewTokenNotice token={created} /> : null}
    </Card>
  )
}

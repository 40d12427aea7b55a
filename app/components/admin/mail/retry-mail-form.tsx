import { Form, useActionData, useNavigation } from '@remix-run/react'
import { Alert } from '#app/components/ui/alert.tsx'
import { Button } from '#app/components/ui/button.tsx'

export type RetryMailResult = { ok: true } | { ok: false; message: string }

/**
 * "Retry now" for a message that was given up: back to the deliver job, which sends it
 * within a minute (ADR 026). Shown only for failed messages; the server checks it again.
 */
export function RetryMailForm() {
  const result = useActionData<RetryMailResult>()
  const navigation = useNavigation()
  return (
    <div className="space-y-2">
      {result && !result.ok ? <Alert tone="error">{result.message}</Alert> : null}
      <Form method="post">
        <Button type="submit" pending={navigation.state === 'submitting'} pendingLabel="Retrying…">
          Retry now
        </Button>
      </Form>
    </div>
  )
}

import { Form, useActionData, useNavigation } from '@remix-run/react'
import { useEffect, useRef } from 'react'
import { Alert } from '#app/components/ui/alert.tsx'
import { Button } from '#app/components/ui/button.tsx'

export type RetryMailResult = { ok: true } | { ok: false; message: string }

/**
 * "Retry now" for a message that was given up: back to the deliver job, which sends it
 * within a minute (ADR 026). The button is offered only for failed messages (the server
 * checks it again). After a retry the button is gone with the status, so the notice that
 * says what happened takes the focus (it would otherwise fall to the page's body).
 */
export function RetryMailForm({ failed }: { failed: boolean }) {
  const result = useActionData<RetryMailResult>()
  const navigation = useNavigation()
  const notice = useRef<HTMLDivElement>(null)
  const retried = result?.ok === true
  useEffect(() => {
    if (retried) notice.current?.focus()
  }, [retried])
  if (retried)
    return (
      <div ref={notice} tabIndex={-1}>
        <Alert tone="success">
          Back in the queue: the mail worker tries it again within a minute. The status below
          changes when it has.
        </Alert>
      </div>
    )
  if (!failed) return null
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

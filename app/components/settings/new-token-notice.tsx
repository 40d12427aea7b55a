import { useEffect, useState } from 'react'
import { Alert } from '#app/components/ui/alert.tsx'
import { Button } from '#app/components/ui/button.tsx'

/** The new token, shown once, with a copy button that says "Copied" politely (live region). */
export function NewTokenNotice({ token }: { token: string }) {
  const [status, setStatus] = useState('')
  useEffect(() => setStatus(''), [token])
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(token)
      setStatus('Copied')
    } catch {
      setStatus('Could not copy: select the token and copy it yourself.')
    }
  }
  return (
    <div className="mt-4">
      <Alert tone="success" title="Copy this token now; it will not be shown again.">
        <div className="mt-2 flex flex-wrap items-center gap-2">
          <code
            data-testid="new-token"
            className="block min-w-0 flex-1 break-all rounded bg-white p-2 text-xs text-slate-900"
          >
            {token}
          </code>
          <Button type="button" variant="secondary" size="sm" onClick={() => void copy()}>
            Copy token
          </Button>
        </div>
      </Alert>
      {/* Outside the Alert: a live region of its own, not nested in another. */}
      <p
        role="status"
        aria-live="polite"
        className="mt-1 min-h-4 text-xs font-medium text-slate-700"
      >
        {status}
      </p>
    </div>
  )
}

import { Alert } from '#app/components/ui/alert.tsx'

/** Said on every mail page of an environment that keeps mail instead of sending it. */
export function LocalMailboxNotice({ mode }: { mode: 'smtp' | 'local' }) {
  if (mode !== 'local') return null
  return (
    <Alert tone="info" title="Local mailbox — mail is not sent in this environment">
      No SMTP server is configured (SMTP_URL), or MAIL_DISCARD is set: every message is kept here
      instead of being delivered. Nobody outside this page sees it.
    </Alert>
  )
}

import { Badge } from '#app/components/ui/badge.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { Facts } from '#app/components/ui/facts.tsx'
import { LocalTime } from '#app/components/ui/local-time.tsx'
import type { MailRow } from './mail-list.tsx'
import { STATUS_BADGES } from './mail-query.ts'

export type MailMessageView = MailRow & {
  eventKey: string
  html: string | null
  text: string | null
  messageId: string | null
  /** Files the message carries (a receipt's PDF), each at the admin document download route. */
  attachments: { filename: string; href: string }[]
}

/**
 * One message as stored. The HTML is shown in a sandboxed frame (no scripts, no same origin:
 * it cannot reach this page or its session); the plain-text version beside it.
 */
export function MailMessage({ mail }: { mail: MailMessageView }) {
  return (
    <div className="space-y-4">
      <Card className="space-y-3">
        <Facts
          rows={[
            ['To', <span className="break-all">{mail.toAddress}</span>],
            [
              'Status',
              <Badge tone={STATUS_BADGES[mail.status].tone}>
                {STATUS_BADGES[mail.status].word}
              </Badge>,
              'mail-status',
            ],
            ['Attempts', String(mail.attempts)],
            ['Written', <LocalTime value={mail.createdAt} />],
            ['Sent', <LocalTime value={mail.sentAt} />],
            ['Event', <span className="break-all font-mono text-xs">{mail.eventKey}</span>],
            [
              'Message-ID',
              <span className="break-all font-mono text-xs">{mail.messageId ?? '—'}</span>,
            ],
            ['Last error', <span className="break-words">{mail.lastError ?? '—'}</span>],
            ['Attachments', <Attachments files={mail.attachments} />, 'mail-attachments'],
          ]}
        />
      </Card>
      {mail.html ? (
        <iframe
          title="Message as HTML"
          sandbox=""
          srcDoc={mail.html}
          className="h-[32rem] w-full rounded-lg bg-white ring-1 ring-slate-200"
        />
      ) : null}
      <details className="rounded-lg bg-white p-4 ring-1 ring-slate-200" open={!mail.html}>
        <summary className="cursor-pointer text-sm font-medium">Plain-text version</summary>
        <pre className="mt-3 whitespace-pre-wrap break-words text-sm" data-testid="mail-text">
          {mail.text ?? 'Not rendered yet: the delivery job renders it on its next attempt.'}
        </pre>
      </details>
    </div>
  )
}

function Attachments({ files }: { files: MailMessageView['attachments'] }) {
  if (files.length === 0) return <>None</>
  return (
    <ul className="space-y-1">
      {files.map((file) => (
        <li key={file.href}>
          <a
            href={file.href}
            download={file.filename}
            className="break-all text-indigo-700 underline underline-offset-2 hover:text-indigo-900"
          >
            {file.filename}
          </a>
        </li>
      ))}
    </ul>
  )
}

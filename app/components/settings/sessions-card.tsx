import { useCallback, useRef, useState } from 'react'
import { AlertDialog } from '#app/components/ui/alert-dialog.tsx'
import { Alert } from '#app/components/ui/alert.tsx'
import { Badge } from '#app/components/ui/badge.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { LocalTime, useTimeZone } from '#app/components/ui/local-time.tsx'
import { RowAction } from '#app/components/ui/row-action.tsx'
import { ActionsHead, DataTable, TD, TH, TR } from '#app/components/ui/table.tsx'
import { formatDateTime } from '#app/lib/format.ts'
import { formError } from './action-result.ts'
import { useSettingsForm } from './use-settings-form.ts'

export type SessionRow = {
  handle: string
  createdAt: string
  lastSeenAt: string
  ip: string | null
  device: string
  userAgent: string | null
  current: boolean
}

export function SessionsCard({ sessions }: { sessions: SessionRow[] }) {
  const heading = useRef<HTMLHeadingElement>(null)
  const timeZone = useTimeZone()
  const [confirming, setConfirming] = useState(false)
  // The row (and its button) is gone after a revoke: focus goes to the section's heading.
  const focusHeading = useCallback(() => heading.current?.focus(), [])
  const one = useSettingsForm('revoke-session', focusHeading)
  const others = useSettingsForm(
    'revoke-others',
    useCallback(() => setConfirming(false), []),
  )
  const error = formError(one.result) ?? formError(others.result)
  const hasOthers = sessions.some((s) => !s.current)
  return (
    <Card className="p-0">
      <section aria-labelledby="sessions-heading">
        <div className="flex flex-wrap items-start justify-between gap-3 p-6 pb-4">
          <div>
            <h2 id="sessions-heading" ref={heading} tabIndex={-1} className="text-lg font-semibold">
              Where you are signed in
            </h2>
            <p className="text-sm text-slate-600">Sign out any device you do not recognise.</p>
          </div>
          {hasOthers ? (
            <AlertDialog
              open={confirming}
              onOpenChange={setConfirming}
              trigger={<Button variant="secondary">Sign out all other sessions</Button>}
              title="Sign out all other sessions?"
              description="Every other browser and device signed in to your account is signed out. This device stays signed in."
              confirmLabel="Sign out others"
              pendingLabel="Signing out…"
              tone="danger"
              pending={others.pending}
              returnFocusTo={heading}
              onConfirm={() =>
                others.fetcher.submit({ intent: 'revoke-others' }, { method: 'post' })
              }
            >
              {formError(others.result) ? (
                <Alert tone="error">{formError(others.result)}</Alert>
              ) : null}
            </AlertDialog>
          ) : null}
        </div>
        {error ? (
          <Alert tone="error" className="mx-6 mb-4">
            {error}
          </Alert>
        ) : null}
        <DataTable
          label="Sessions"
          head={
            <>
              <TH>Device</TH>
              <TH className="hidden md:table-cell">IP address</TH>
              <TH className="hidden md:table-cell">Signed in</TH>
              <TH className="hidden md:table-cell">Last seen</TH>
              <ActionsHead />
            </>
          }
        >
          {sessions.map((session) => (
            <TR key={session.handle}>
              <TD>
                <span className="font-medium" title={session.userAgent ?? undefined}>
                  {session.device}
                </span>
                {session.current ? (
                  <Badge tone="green" className="ml-2">
                    This device
                  </Badge>
                ) : null}
                {/* Phones: the columns hidden there, under the device. */}
                <span className="mt-1 block text-xs text-slate-600 md:hidden">
                  {session.ip ?? 'unknown address'} · last seen{' '}
                  <LocalTime value={session.lastSeenAt} />
                </span>
              </TD>
              <TD className="hidden font-mono text-xs md:table-cell">{session.ip ?? 'unknown'}</TD>
              <TD className="hidden whitespace-nowrap md:table-cell">
                <LocalTime value={session.createdAt} />
              </TD>
              <TD className="hidden whitespace-nowrap md:table-cell">
                <LocalTime value={session.lastSeenAt} />
              </TD>
              <TD className="text-right">
                {session.current ? null : (
                  <one.fetcher.Form method="post">
                    <input type="hidden" name="intent" value="revoke-session" />
                    <input type="hidden" name="session" value={session.handle} />
                    <RowAction
                      type="submit"
                      className="whitespace-nowrap"
                      aria-label={`Sign out ${session.device} (last seen ${formatDateTime(session.lastSeenAt, timeZone)})`}
                      pending={
                        one.pending && one.fetcher.formData?.get('session') === session.handle
                      }
                      pendingLabel="Signing out…"
                    >
                      Sign out
                    </RowAction>
                  </one.fetcher.Form>
                )}
              </TD>
            </TR>
          ))}
        </DataTable>
      </section>
    </Card>
  )
}

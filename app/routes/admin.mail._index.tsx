import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { CursorPager } from '#app/components/admin/cursor-pager.tsx'
import { LocalMailboxNotice } from '#app/components/admin/mail/local-mailbox-notice.tsx'
import { MailList } from '#app/components/admin/mail/mail-list.tsx'
import { mailHref, mailInput, mailQueryOf } from '#app/components/admin/mail/mail-query.ts'
import { StatusViews } from '#app/components/admin/mail/status-views.tsx'
import { requireAdmin } from '#app/lib/auth.server.ts'
import { callOrThrow, serverCaller } from '#app/lib/trpc.server.ts'

export const meta: MetaFunction = () => [{ title: 'Mail · Admin · SkyPANEL' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  // Every admin loader refuses a non-admin itself: a data request (?_data) runs only this one.
  await requireAdmin(request)
  const query = mailQueryOf(new URL(request.url).searchParams)
  const caller = await serverCaller(request, context)
  const page = await callOrThrow(request, () => caller.admin.mail.list(mailInput(query)))
  return json({ query, page })
}

export default function AdminMail() {
  const { query, page } = useLoaderData<typeof loader>()
  return (
    <div className="space-y-4">
      <div className="space-y-2">
        <h1 className="text-2xl font-bold">Mail</h1>
        <p className="text-sm text-slate-600">
          Every message the app writes, newest first: receipts, notices of admin credit adjustments,
          token deliveries. Each is written with the event that causes it and sent by the mail
          worker, retried with backoff; failed deliveries show their last error.
        </p>
      </div>
      <LocalMailboxNotice mode={page.mode} />
      <StatusViews current={query.status} />
      <MailList items={page.items} filtered={Boolean(query.status)} />
      <CursorPager
        label="Message pages"
        firstHref={query.before ? mailHref(query.status) : null}
        nextHref={page.nextBefore ? mailHref(query.status, page.nextBefore) : null}
      />
    </div>
  )
}

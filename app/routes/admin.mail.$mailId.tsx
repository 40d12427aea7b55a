import {
  json,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { LocalMailboxNotice } from '#app/components/admin/mail/local-mailbox-notice.tsx'
import { mailTitle } from '#app/components/admin/mail/mail-list.tsx'
import { MailMessage } from '#app/components/admin/mail/mail-message.tsx'
import {
  RetryMailForm,
  type RetryMailResult,
} from '#app/components/admin/mail/retry-mail-form.tsx'
import { asAppError, requireAdmin } from '#app/lib/auth.server.ts'
import { callOrThrow, serverCaller } from '#app/lib/trpc.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? mailTitle(data.message) : 'Message'} · Mail · Admin · SkyPANEL` },
]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireAdmin(request)
  const caller = await serverCaller(request, context)
  // Not a positive integer: the procedure's schema answers 400; an unknown id, 404.
  const id = /^\d{1,15}$/.test(params.mailId ?? '') ? Number(params.mailId) : -1
  return json(await callOrThrow(request, () => caller.admin.mail.get({ id })))
}

/** Retry now (only a failed message; the procedure refuses the others with 409). */
export async function action({ request, context, params }: ActionFunctionArgs) {
  await requireAdmin(request)
  const caller = await serverCaller(request, context)
  const id = /^\d{1,15}$/.test(params.mailId ?? '') ? Number(params.mailId) : -1
  try {
    await caller.admin.mail.retry({ id })
  } catch (thrown) {
    const error = asAppError(thrown)
    return json<RetryMailResult>({ ok: false, message: error.message }, error.httpStatus)
  }
  // The page again with the new status; the answer tells the form to say it was queued.
  return json<RetryMailResult>({ ok: true })
}

export default function AdminMailMessage() {
  const { message, mode } = useLoaderData<typeof loader>()
  return (
    <div className="space-y-4">
      <Link to="/admin/mail" className="text-sm text-indigo-700 underline-offset-2 hover:underline">
        ← All mail
      </Link>
      <h1 className="break-words text-2xl font-bold">{mailTitle(message)}</h1>
      <LocalMailboxNotice mode={mode} />
      <RetryMailForm failed={message.status === 'failed'} />
      <MailMessage mail={message} />
    </div>
  )
}

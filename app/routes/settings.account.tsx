import {
  json,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import type {
  SettingsActionResult,
  SettingsIntent,
} from '#app/components/settings/action-result.ts'
import { ChangeEmailForm } from '#app/components/settings/change-email-form.tsx'
import { ChangePasswordForm } from '#app/components/settings/change-password-form.tsx'
import { MailPreferencesCard } from '#app/components/settings/mail-preferences-card.tsx'
import { SessionsCard } from '#app/components/settings/sessions-card.tsx'
import { asAppError, requireUser } from '#app/lib/auth.server.ts'
import { NOT_A_FORM, readForm } from '#app/lib/forms.server.ts'
import { plural } from '#app/lib/format.ts'
import { callOrThrow, serverCaller } from '#app/lib/trpc.server.ts'

export const meta: MetaFunction = () => [{ title: 'Account settings · SkyPANEL' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const caller = await serverCaller(request, context)
  const [sessions, mail] = await Promise.all([
    callOrThrow(request, () => caller.account.sessions.list()),
    callOrThrow(request, () => caller.account.mail.preferences()),
  ])
  return json({ email: user.email, sessions, mail })
}

/** Each form posts its `intent`; the procedures (and their zod schemas) decide the rest. */
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request)
  const text = (key: string) => {
    const value = form?.get(key)
    return typeof value === 'string' ? value : ''
  }
  const intent = text('intent') as SettingsIntent
  const answer = (result: SettingsActionResult, status = 200) => json(result, { status })
  if (!form) return answer({ intent: null, ok: false, message: NOT_A_FORM, fields: null }, 400)
  try {
    const caller = await serverCaller(request, context)
    switch (intent) {
      case 'change-password': {
        const { otherSessionsEnded } = await caller.account.password.change({
          currentPassword: text('currentPassword'),
          newPassword: text('newPassword'),
        })
        const others = otherSessionsEnded
          ? ` and ${plural(otherSessionsEnded, 'other session', 'other sessions')} signed out`
          : ''
        return answer({ intent, ok: true, message: `Password changed${others}.` })
      }
      case 'change-email': {
        const { email, changed } = await caller.account.email.change({
          currentPassword: text('currentPassword'),
          email: text('email'),
        })
        const message = changed ? `You now sign in with ${email}.` : `${email} is already yours.`
        return answer({ intent, ok: true, message })
      }
      case 'mail-preferences':
        await caller.account.mail.updatePreferences({
          enabled: form.getAll('enabled').filter((v): v is string => typeof v === 'string'),
          lowBalanceThreshold: text('lowBalanceThreshold'),
        } as never) // form text: the procedure's schema checks every value
        return answer({ intent, ok: true, message: 'Email settings saved.' })
      case 'revoke-session':
        await caller.account.sessions.revoke({ session: text('session') })
        return answer({ intent, ok: true, message: 'That session is signed out.' })
      case 'revoke-others': {
        const { ended } = await caller.account.sessions.revokeOthers()
        const message = ended
          ? `${plural(ended, 'other session', 'other sessions')} signed out.`
          : 'No other session was signed in.'
        return answer({ intent, ok: true, message })
      }
      default:
        return answer({ intent: null, ok: false, message: 'Unknown form.', fields: null }, 400)
    }
  } catch (thrown) {
    if (thrown instanceof Response) throw thrown
    const error = asAppError(thrown)
    if (error.code === 'UNAUTHENTICATED') {
      throw redirect(`/login?redirectTo=${encodeURIComponent('/settings/account')}`)
    }
    return answer(
      { intent: intent || null, ok: false, message: error.message, fields: error.fields ?? null },
      error.httpStatus,
    )
  }
}

export default function AccountSettingsPage() {
  const { email, sessions, mail } = useLoaderData<typeof loader>()
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Account settings</h1>
      <div className="grid gap-6 lg:grid-cols-2">
        <ChangePasswordForm />
        <ChangeEmailForm email={email} />
      </div>
      <MailPreferencesCard preferences={mail} />
      <SessionsCard sessions={sessions} />
    </div>
  )
}

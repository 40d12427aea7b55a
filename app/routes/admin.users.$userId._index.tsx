import {
  json,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { useActionData, useLoaderData, useNavigation, useRouteLoaderData } from '@remix-run/react'
import { AuditLogTable } from '#app/components/admin/audit-log-table.tsx'
import {
  UserAccessForms,
  type AccessActionResult,
  type AccessIntent,
} from '#app/components/admin/user-access-forms.tsx'
import { userTabMeta } from '#app/components/admin/user/meta.ts'
import { Alert } from '#app/components/ui/alert.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { LocalTime } from '#app/components/ui/local-time.tsx'
import { asAppError } from '#app/lib/auth.server.ts'
import { NOT_A_FORM, readForm } from '#app/lib/forms.server.ts'
import { callOrThrow, serverCaller } from '#app/lib/trpc.server.ts'
import { useOptionalUser } from '#app/root.tsx'
import type { loader as userLoader } from './admin.users.$userId.tsx'

const AUDIT_LIMIT = 20

export const meta: MetaFunction = ({ matches }) => userTabMeta(matches, 'Profile')

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const caller = await serverCaller(request, context)
  const audit = await callOrThrow(request, () =>
    caller.admin.auditLog.list({ targetUserId: Number(params.userId), limit: AUDIT_LIMIT }),
  )
  return json({ audit: audit.items })
}

const answer = (result: AccessActionResult, status = 200) => json(result, { status })

export async function action({ request, context, params }: ActionFunctionArgs) {
  const caller = await serverCaller(request, context)
  const form = await readForm(request)
  if (!form) return answer({ ok: false, intent: null, message: NOT_A_FORM }, 400)
  const userId = Number(params.userId)
  const intent = form.get('intent')
  const reasonField = form.get('reason')
  const reason = typeof reasonField === 'string' ? reasonField : ''
  try {
    switch (intent) {
      case 'set-role':
        await callOrThrow(request, () =>
          caller.admin.users.setRole({
            userId,
            role: form.get('role') === 'admin' ? 'admin' : 'user',
            reason,
          }),
        )
        return answer({ ok: true, intent, message: 'Role updated.' })
      case 'set-active':
        await callOrThrow(request, () =>
          caller.admin.users.setActive({
            userId,
            isActive: form.get('isActive') === 'true',
            reason,
          }),
        )
        return answer({ ok: true, intent, message: 'Status updated.' })
      default:
        return answer({ ok: false, intent: null, message: 'Unknown action.' }, 400)
    }
  } catch (error) {
    const formIntent = intent as AccessIntent
    if (error instanceof Response) {
      const body = (await error.json().catch(() => null)) as {
        error?: { message?: string; fields?: Record<string, string[]> }
      } | null
      return answer(
        {
          ok: false,
          intent: formIntent,
          message: body?.error?.message ?? 'Update failed.',
          fields: body?.error?.fields ?? null,
        },
        error.status,
      )
    }
    return answer({ ok: false, intent: formIntent, message: asAppError(error).message }, 500)
  }
}

export default function AdminUserProfile() {
  const data = useRouteLoaderData<typeof userLoader>('routes/admin.users.$userId')
  const { audit } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const busy = navigation.state !== 'idle'
  const pendingIntent = navigation.formData?.get('intent')
  const me = useOptionalUser()
  if (!data) return null
  const { user } = data
  const isSelf = me?.id === user.id
  return (
    <div className="space-y-6">
      <Card className="space-y-6">
        {actionData ? (
          <Alert tone={actionData.ok ? 'success' : 'error'}>{actionData.message}</Alert>
        ) : null}
        <dl className="grid gap-4 text-sm sm:grid-cols-2">
          <div>
            <dt className="text-slate-600">User id</dt>
            <dd className="font-medium">{user.id}</dd>
          </div>
          <div>
            <dt className="text-slate-600">Registered</dt>
            <dd className="font-medium">
              <LocalTime value={user.createdAt} />
            </dd>
          </div>
          <div>
            <dt className="text-slate-600">VirtFusion</dt>
            <dd className="font-medium">
              {user.virtfusionUserId ? `linked (#${user.virtfusionUserId})` : 'not linked'}
            </dd>
          </div>
        </dl>
        <UserAccessForms
          user={user}
          disabled={busy || isSelf}
          pendingIntent={typeof pendingIntent === 'string' ? pendingIntent : null}
          result={actionData}
        />
        {isSelf ? (
          <p className="text-xs text-slate-600">You cannot change your own role or status.</p>
        ) : null}
      </Card>
      <AuditLogTable
        title="Admin actions on this user"
        entries={audit.map((entry) => ({ ...entry, adminName: entry.admin.name }))}
      />
    </div>
  )
}

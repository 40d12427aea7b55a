import { json, type ActionFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useNavigation, useRouteLoaderData } from '@remix-run/react'
import { Button } from '#app/components/ui/button.tsx'
import { Alert, Card } from '#app/components/ui/card.tsx'
import { asAppError } from '#app/lib/auth.server.ts'
import { callOrThrow, serverCaller } from '#app/lib/trpc.server.ts'
import { formatDate } from '#app/lib/utils.ts'
import { useOptionalUser } from '#app/root.tsx'
import type { loader as userLoader } from './admin.users.$userId.tsx'
import { NOT_A_FORM, readForm } from '#app/lib/forms.server.ts'

export async function action({ request, context, params }: ActionFunctionArgs) {
  const caller = await serverCaller(request, context)
  const form = await readForm(request)
  if (!form) return json({ ok: false as const, message: NOT_A_FORM }, { status: 400 })
  const userId = Number(params.userId)
  try {
    switch (form.get('intent')) {
      case 'set-role':
        await callOrThrow(request, () =>
          caller.admin.users.setRole({
            userId,
            role: form.get('role') === 'admin' ? 'admin' : 'user',
          }),
        )
        return json({ ok: true as const, message: 'Role updated.' })
      case 'set-active':
        await callOrThrow(request, () =>
          caller.admin.users.setActive({ userId, isActive: form.get('isActive') === 'true' }),
        )
        return json({ ok: true as const, message: 'Status updated.' })
      default:
        return json({ ok: false as const, message: 'Unknown action.' }, { status: 400 })
    }
  } catch (error) {
    if (error instanceof Response) {
      const body = (await error.json().catch(() => null)) as { error?: { message?: string } } | null
      return json(
        { ok: false as const, message: body?.error?.message ?? 'Update failed.' },
        { status: error.status },
      )
    }
    return json({ ok: false as const, message: asAppError(error).message }, { status: 500 })
  }
}

export default function AdminUserProfile() {
  const data = useRouteLoaderData<typeof userLoader>('routes/admin.users.$userId')
  const actionData = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  const me = useOptionalUser()
  if (!data) return null
  const { user } = data
  const isSelf = me?.id === user.id
  return (
    <Card className="space-y-6">
      {actionData ? (
        <Alert tone={actionData.ok ? 'success' : 'error'}>{actionData.message}</Alert>
      ) : null}
      <dl className="grid gap-4 text-sm sm:grid-cols-2">
        <div>
          <dt className="text-slate-500">User id</dt>
          <dd className="font-medium">{user.id}</dd>
        </div>
        <div>
          <dt className="text-slate-500">Registered</dt>
          <dd className="font-medium">{formatDate(user.createdAt)}</dd>
        </div>
        <div>
          <dt className="text-slate-500">VirtFusion</dt>
          <dd className="font-medium">
            {user.virtfusionUserId ? `linked (#${user.virtfusionUserId})` : 'not linked'}
          </dd>
        </div>
      </dl>
      <div className="flex flex-wrap gap-3">
        <Form method="post">
          <input type="hidden" name="intent" value="set-role" />
          <input type="hidden" name="role" value={user.role === 'admin' ? 'user' : 'admin'} />
          <Button type="submit" variant="secondary" disabled={busy || isSelf}>
            {user.role === 'admin' ? 'Remove admin role' : 'Make admin'}
          </Button>
        </Form>
        <Form method="post">
          <input type="hidden" name="intent" value="set-active" />
          <input type="hidden" name="isActive" value={user.isActive ? 'false' : 'true'} />
          <Button
            type="submit"
            variant={user.isActive ? 'danger' : 'primary'}
            disabled={busy || isSelf}
          >
            {user.isActive ? 'Deactivate user' : 'Activate user'}
          </Button>
        </Form>
      </div>
      {isSelf ? (
        <p className="text-xs text-slate-500">You cannot change your own role or status.</p>
      ) : null}
    </Card>
  )
}

import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, useActionData, useNavigation } from '@remix-run/react'
import { Button } from '#app/components/ui/button.tsx'
import { Alert } from '#app/components/ui/alert.tsx'
import { AuthCard } from '#app/components/auth/auth-card.tsx'
import { Field } from '#app/components/ui/field.tsx'
import {
  assertSameOrigin,
  clientIpOf,
  consumeRegistrationRateLimit,
  createSession,
  createUser,
  getUser,
} from '#app/lib/auth.server.ts'
import { db } from '#app/lib/db.server.ts'
import { requestJob } from '#app/lib/services.server.ts'
import { formFailure, notAFormFailure, readForm } from '#app/lib/forms.server.ts'

export const meta: MetaFunction = () => [{ title: 'Register · SkyPANEL' }]

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getUser(request)) throw redirect('/')
  return null
}

export async function action({ request, context }: ActionFunctionArgs) {
  try {
    assertSameOrigin(request)
    const form = await readForm(request)
    if (!form) return notAFormFailure()
    await consumeRegistrationRateLimit(db, clientIpOf(context))
    // Only these three fields are read: a posted role or is_active never reaches the insert.
    const user = await createUser(db, {
      name: form.get('name') ?? undefined,
      email: form.get('email') ?? undefined,
      password: form.get('password') ?? undefined,
    })
    const { setCookie } = await createSession(db, {
      userId: user.id,
      ip: clientIpOf(context),
      userAgent: request.headers.get('User-Agent'),
    })
    // Link the new account to VirtFusion soon; the linking sweep retries until it succeeds.
    await requestJob('link-virtfusion-users').catch(() => undefined)
    return redirect('/', { headers: { 'Set-Cookie': setCookie } })
  } catch (error) {
    return formFailure(error)
  }
}

export default function RegisterPage() {
  const actionData = useActionData<typeof action>()
  const submitting = useNavigation().state === 'submitting'
  const fields = actionData?.error.fields ?? {}
  return (
    <AuthCard
      title="Create your account"
      prompt="Already registered?"
      link={{ to: '/login', label: 'Log in' }}
    >
      <Form method="post" className="space-y-4" noValidate>
        {actionData?.error && !actionData.error.fields ? (
          <Alert>{actionData.error.message}</Alert>
        ) : null}
        <Field label="Name" name="name" autoComplete="name" required errors={fields.name} />
        <Field
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          required
          errors={fields.email}
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={10}
          description="At least 10 characters, not a common or repetitive one."
          errors={fields.password}
        />
        <Button type="submit" className="w-full" disabled={submitting}>
          {submitting ? 'Creating account…' : 'Create account'}
        </Button>
      </Form>
    </AuthCard>
  )
}

import {
  json,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { Button } from '#app/components/ui/button.tsx'
import { Alert } from '#app/components/ui/alert.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { Field } from '#app/components/ui/field.tsx'
import {
  asAppError,
  clientIpOf,
  getUser,
  logInWithForm,
  safeRedirect,
} from '#app/lib/auth.server.ts'
import { NOT_A_FORM, readForm } from '#app/lib/forms.server.ts'

export const meta: MetaFunction = () => [{ title: 'Log in · SkyPANEL' }]

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getUser(request)) throw redirect('/')
  return { redirectTo: safeRedirect(new URL(request.url).searchParams.get('redirectTo')) }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request.clone())
  if (!form)
    return json(
      { error: { code: 'VALIDATION_FAILED' as const, message: NOT_A_FORM, fields: null } },
      { status: 400 },
    )
  const redirectTo = safeRedirect(form.get('redirectTo'))
  try {
    const { setCookie } = await logInWithForm(request, clientIpOf(context))
    return redirect(redirectTo, { headers: { 'Set-Cookie': setCookie } })
  } catch (error) {
    const appError = asAppError(error)
    return json(
      {
        error: { code: appError.code, message: appError.message, fields: appError.fields ?? null },
      },
      { status: appError.httpStatus },
    )
  }
}

export default function LoginPage() {
  const { redirectTo } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const submitting = useNavigation().state === 'submitting'
  return (
    <div className="mx-auto max-w-sm">
      <h1 className="mb-6 text-2xl font-bold">Log in</h1>
      <Card>
        <Form method="post" className="space-y-4" noValidate>
          <input type="hidden" name="redirectTo" value={redirectTo} />
          {actionData?.error ? <Alert>{actionData.error.message}</Alert> : null}
          <Field label="Email" name="email" type="email" autoComplete="email" required autoFocus />
          <Field
            label="Password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
          />
          <Button type="submit" className="w-full" disabled={submitting}>
            {submitting ? 'Logging in…' : 'Log in'}
          </Button>
        </Form>
      </Card>
      <p className="mt-4 text-center text-sm text-slate-600">
        No account yet?{' '}
        <Link to="/register" className="font-semibold text-indigo-600">
          Register
        </Link>
      </p>
    </div>
  )
}

import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { Button } from '#app/components/ui/button.tsx'
import { Alert } from '#app/components/ui/alert.tsx'
import { AuthCard } from '#app/components/auth/auth-card.tsx'
import { Field } from '#app/components/ui/field.tsx'
import { clientIpOf, getUser, logInWithForm, safeRedirect } from '#app/lib/auth.server.ts'
import { formFailure, notAFormFailure, readForm } from '#app/lib/forms.server.ts'

export const meta: MetaFunction = () => [{ title: 'Log in · SkyPANEL' }]

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getUser(request)) throw redirect('/')
  return { redirectTo: safeRedirect(new URL(request.url).searchParams.get('redirectTo')) }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request.clone())
  if (!form) return notAFormFailure()
  const redirectTo = safeRedirect(form.get('redirectTo'))
  try {
    const { setCookie } = await logInWithForm(request, clientIpOf(context))
    return redirect(redirectTo, { headers: { 'Set-Cookie': setCookie } })
  } catch (error) {
    return formFailure(error)
  }
}

export default function LoginPage() {
  const { redirectTo } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const submitting = useNavigation().state === 'submitting'
  return (
    <AuthCard title="Log in" prompt="No account yet?" link={{ to: '/register', label: 'Register' }}>
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
        <Button type="submit" className="w-full" pending={submitting} pendingLabel="Logging in…">
          Log in
        </Button>
      </Form>
    </AuthCard>
  )
}

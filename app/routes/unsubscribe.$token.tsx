import {
  json,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useNavigation,
  useRouteError,
} from '@remix-run/react'
import { ErrorContent } from '#app/components/layout/error-content.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { asAppError } from '#app/lib/auth.server.ts'
import { callOrThrow, serverCaller } from '#app/lib/trpc.server.ts'
import { MAIL_CATEGORY_LABELS } from '#server/services/mail/preferences/categories.ts'

export const meta: MetaFunction = () => [{ title: 'Unsubscribe · SkyPANEL' }]

/**
 * The signed link from an optional email (ADR 026 addendum). GET only shows a button, so a
 * mail scanner that follows links unsubscribes nobody; POST unsubscribes — the button, or a
 * mail provider's RFC 8058 one-click POST (`List-Unsubscribe=One-Click`). A link that is not
 * ours answers 403 and changes nothing. No session needed: the signature is the authority.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const caller = await serverCaller(request, context)
  const token = params.token ?? ''
  const target = await callOrThrow(request, () => caller.account.mail.unsubscribeTarget({ token }))
  return json({ label: MAIL_CATEGORY_LABELS[target.category].label })
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const caller = await serverCaller(request, context)
  try {
    const target = await caller.account.mail.unsubscribe({ token: params.token ?? '' })
    return json({ ok: true as const, label: MAIL_CATEGORY_LABELS[target.category].label })
  } catch (thrown) {
    const error = asAppError(thrown)
    return json({ ok: false as const, message: error.message }, error.httpStatus)
  }
}

export default function UnsubscribePage() {
  const { label } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const navigation = useNavigation()
  return (
    <div className="mx-auto max-w-lg space-y-4 py-8">
      <h1 className="text-2xl font-bold">Unsubscribe</h1>
      <Card className="space-y-4">
        {result?.ok ? (
          <p role="status">
            Done: you no longer get “{result.label}” emails. Turn them back on in your{' '}
            <Link to="/settings/account" className="text-indigo-700 underline">
              account settings
            </Link>
            .
          </p>
        ) : (
          <>
            <p>
              Stop getting “{label}” emails? Receipts, security and other account messages still
              come.
            </p>
            {result && !result.ok ? <p role="alert">{result.message}</p> : null}
            <Form method="post">
              <input type="hidden" name="List-Unsubscribe" value="One-Click" />
              <Button
                type="submit"
                pending={navigation.state === 'submitting'}
                pendingLabel="Unsubscribing…"
              >
                Unsubscribe from {label}
              </Button>
            </Form>
          </>
        )}
      </Card>
    </div>
  )
}

/** A link that is not ours (403): the way on is the settings page (sign-in first if needed). */
export function ErrorBoundary() {
  return (
    <ErrorContent
      error={useRouteError()}
      home={{ to: '/settings/account', label: 'Open your mail preferences' }}
    />
  )
}

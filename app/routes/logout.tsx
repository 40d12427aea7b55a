import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form } from '@remix-run/react'
import { Button } from '#app/components/ui/button.tsx'
import { Card } from '#app/components/ui/card.tsx'
import {
  assertSameOrigin,
  destroySession,
  errorResponse,
  readSessionId,
} from '#app/lib/auth.server.ts'
import { db } from '#app/lib/db.server.ts'

export async function action({ request }: ActionFunctionArgs) {
  try {
    assertSameOrigin(request)
  } catch (error) {
    throw errorResponse(error)
  }
  const sessionId = await readSessionId(request)
  const headers = new Headers()
  if (sessionId) headers.set('Set-Cookie', await destroySession(db, sessionId))
  return redirect('/login', { headers })
}

export async function loader({ request }: LoaderFunctionArgs) {
  // A GET never logs out (a link or image could trigger it); show a confirm button instead.
  if (!(await readSessionId(request))) throw redirect('/login')
  return null
}

export default function LogoutPage() {
  return (
    <div className="mx-auto max-w-sm">
      <Card>
        <h1 className="mb-4 text-xl font-bold">Log out?</h1>
        <Form method="post">
          <Button type="submit">Log out</Button>
        </Form>
      </Card>
    </div>
  )
}

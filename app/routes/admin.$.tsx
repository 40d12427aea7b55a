import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { requireAdmin } from '#app/lib/auth.server.ts'

/** Any unknown /admin/… path: a 404 shown inside the admin shell (admin.tsx's boundary). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request)
  throw json({ error: { message: 'There is no such admin page.' } }, { status: 404 })
}

export default function AdminNotFound() {
  return null
}

import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Card } from '#app/components/ui/card.tsx'
import { requireUser } from '#app/lib/auth.server.ts'

export const meta: MetaFunction = () => [{ title: 'Dashboard · SkyPANEL' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  return json({ name: user.name, role: user.role })
}

export default function Dashboard() {
  const { name, role } = useLoaderData<typeof loader>()
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Welcome, {name}</h1>
      <div className="grid gap-4 sm:grid-cols-2">
        <Card>
          <h2 className="font-semibold">Billing</h2>
          <p className="mt-1 text-sm text-slate-600">
            VirtFusion tokens for VPS and custom credits for everything else.
          </p>
          <Link to="/billing" className="mt-3 inline-block text-sm font-semibold text-indigo-600">
            Open billing →
          </Link>
        </Card>
        <Card>
          <h2 className="font-semibold">DNS plans</h2>
          <p className="mt-1 text-sm text-slate-600">
            Basic, Pro and Enterprise DNS hosting paid from custom credits.
          </p>
          <Link to="/dns-plans" className="mt-3 inline-block text-sm font-semibold text-indigo-600">
            See plans →
          </Link>
        </Card>
        {role === 'admin' ? (
          <Card>
            <h2 className="font-semibold">Administration</h2>
            <p className="mt-1 text-sm text-slate-600">Manage users, roles and balances.</p>
            <Link to="/admin" className="mt-3 inline-block text-sm font-semibold text-indigo-600">
              Open admin →
            </Link>
          </Card>
        ) : null}
      </div>
    </div>
  )
}

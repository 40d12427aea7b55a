import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Card } from '#app/components/ui/card.tsx'
import { requireUser } from '#app/lib/auth.server.ts'

export const meta: MetaFunction = () => [{ title: 'DNS Plans · SkyPANEL' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request)
  return null
}

export default function DnsPlansPage() {
  return (
    <Card>
      <h1 className="text-2xl font-bold">DNS plans</h1>
    </Card>
  )
}

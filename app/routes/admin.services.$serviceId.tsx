import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { ServiceActions } from '#app/components/admin/services/service-actions.tsx'
import { ServiceCharges } from '#app/components/admin/services/service-charges.tsx'
import {
  ServiceEvents,
  serviceEventsInput,
} from '#app/components/admin/services/service-events.tsx'
import { ServiceFacts } from '#app/components/admin/services/service-facts.tsx'
import { StatusBadge } from '#app/components/admin/services/services-table.tsx'
import { useAdminService } from '#app/components/admin/services/use-admin-services.ts'
import { FAMILY_LABEL } from '#app/components/services/helpers.ts'
import { prefetchQueries } from '#app/lib/trpc.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Service #${data?.serviceId ?? ''} · Admin · SkyPANEL` },
]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  // As the URL has it: the schema refuses a bad id with a 400, an unknown one is a 404.
  const serviceId = Number(params.serviceId)
  const dehydrated = await prefetchQueries(request, context, (trpc) => [
    trpc.services.admin.get.queryOptions({ serviceId }),
    trpc.admin.provisioning.events.queryOptions(serviceEventsInput(serviceId)),
  ])
  return json({ dehydrated, serviceId })
}

export default function AdminServiceDetail() {
  const { serviceId } = useLoaderData<typeof loader>()
  const service = useAdminService(serviceId).data

  return (
    <div className="space-y-6">
      <div className="min-w-0">
        <Link to="/admin/services" className="text-sm text-indigo-700 underline">
          ← All services
        </Link>
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-bold">Service #{service.id}</h1>
          <StatusBadge status={service.status} />
        </div>
        <p className="break-words text-sm text-slate-600">
          {FAMILY_LABEL[service.family]} {service.product.name} for {service.user.name}
        </p>
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        <ServiceFacts service={service} />
        <ServiceActions service={service} />
      </div>
      <ServiceCharges service={service} />
      <ServiceEvents serviceId={service.id} family={service.family} />
    </div>
  )
}

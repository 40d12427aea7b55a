import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { DetailHeader } from '#app/components/admin/detail-header.tsx'
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
      <DetailHeader
        back={{ to: '/admin/services', label: 'All services' }}
        title={`Service #${service.id}`}
        badges={<StatusBadge status={service.status} />}
      >
        {FAMILY_LABEL[service.family]} {service.product.name} for {service.user.name}
      </DetailHeader>
      <div className="grid gap-6 lg:grid-cols-2">
        <ServiceFacts service={service} />
        <ServiceActions service={service} />
      </div>
      <ServiceCharges service={service} />
      <ServiceEvents serviceId={service.id} family={service.family} />
    </div>
  )
}

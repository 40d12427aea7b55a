import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { SettingsForm } from '#app/components/admin/settings/settings-form.tsx'
import {
  useAdminSettings,
  useSaveSettings,
} from '#app/components/admin/settings/use-admin-settings.ts'
import { prefetchQueries } from '#app/lib/trpc.server.ts'

export const meta: MetaFunction = () => [{ title: 'Settings · Admin · SkyPANEL' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const dehydrated = await prefetchQueries(request, context, (trpc) => [
    trpc.admin.settings.get.queryOptions(),
  ])
  return json({ dehydrated })
}

export default function AdminSettings() {
  const view = useAdminSettings().data
  const { save, pending } = useSaveSettings()
  return (
    <div className="max-w-2xl space-y-6">
      <div>
        <h1 tabIndex={-1} className="text-2xl font-bold">
          Settings
        </h1>
        <p className="text-sm text-slate-600">
          Branding and company details, used by every page, email and newly issued document. Issued
          documents keep the details they were issued with. Every change is recorded in the admin
          audit log with its reason.
        </p>
      </div>
      <SettingsForm key={view.version} view={view} pending={pending} save={save} />
    </div>
  )
}

import { NavTabs } from '#app/components/ui/tabs.tsx'

const TABS = [
  { to: '/admin/provisioning', label: 'Queue' },
  { to: '/admin/provisioning/events', label: 'Webhook deliveries' },
]

/** The provisioning pages' heading and their two tabs (each its own URL). */
export function ProvisioningHeader({ title, intro }: { title: string; intro: string }) {
  return (
    <div className="space-y-3">
      <div>
        <h1 className="text-2xl font-bold">{title}</h1>
        <p className="text-sm text-slate-600">{intro}</p>
      </div>
      <NavTabs label="Provisioning" tabs={TABS} />
    </div>
  )
}

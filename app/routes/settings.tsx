import { Outlet } from '@remix-run/react'
import { NavTabs } from '#app/components/ui/tabs.tsx'

const TABS = [
  { to: '/settings/account', label: 'Account' },
  { to: '/settings/tokens', label: 'API tokens' },
]

/** The settings pages share their tabs; each page checks the session itself. */
export default function SettingsLayout() {
  return (
    <div className="space-y-6">
      <NavTabs label="Settings" tabs={TABS} />
      <Outlet />
    </div>
  )
}

import { NavLink } from '@remix-run/react'
import * as TabsPrimitive from '@radix-ui/react-tabs'
import type { ComponentPropsWithoutRef } from 'react'
import { cn } from '#app/lib/utils.ts'

const LIST = 'relative flex max-w-full gap-1 overflow-x-auto border-b border-slate-200'
const TAB =
  '-mb-px whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium text-slate-600 hover:border-slate-300 hover:text-slate-900'
const ACTIVE = 'border-indigo-600 text-indigo-700 hover:border-indigo-600 hover:text-indigo-700'

/** In-page tabs (Radix): arrow keys move between tabs, content panels are labelled by them. */
export const Tabs = TabsPrimitive.Root

export function TabsList({
  className,
  ...props
}: ComponentPropsWithoutRef<typeof TabsPrimitive.List>) {
  return <TabsPrimitive.List className={cn(LIST, className)} {...props} />
}

export function TabsTrigger({
  className,
  ...props
}: ComponentPropsWithoutRef<typeof TabsPrimitive.Trigger>) {
  return (
    <TabsPrimitive.Trigger
      className={cn(
        TAB,
        'border-transparent data-[state=active]:border-indigo-600 data-[state=active]:text-indigo-700',
        className,
      )}
      {...props}
    />
  )
}

export function TabsContent({
  className,
  ...props
}: ComponentPropsWithoutRef<typeof TabsPrimitive.Content>) {
  return <TabsPrimitive.Content className={cn('pt-4', className)} {...props} />
}

/**
 * Tabs that are pages (each its own URL): a nav of links styled as tabs, the current one
 * marked with aria-current="page". Scrolls sideways inside itself on a phone.
 */
export function NavTabs({
  label,
  tabs,
  className,
}: {
  label: string
  tabs: Array<{ to: string; label: string; end?: boolean }>
  className?: string
}) {
  return (
    <nav aria-label={label} className={cn(LIST, className)}>
      {tabs.map((tab) => (
        <NavLink
          key={tab.to}
          to={tab.to}
          end={tab.end ?? true}
          preventScrollReset
          className={({ isActive }) => cn(TAB, 'border-transparent', isActive && ACTIVE)}
        >
          {tab.label}
        </NavLink>
      ))}
    </nav>
  )
}

import { NavLink } from '@remix-run/react'
import {
  createContext,
  useCallback,
  useContext,
  useId,
  useMemo,
  useRef,
  type ComponentPropsWithoutRef,
  type KeyboardEvent,
  type ReactNode,
} from 'react'
import { cn } from '#app/lib/utils.ts'

const LIST = 'relative flex max-w-full gap-1 overflow-x-auto border-b border-slate-200'
const TAB =
  'focus-inset -mb-px whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium text-slate-600 hover:border-slate-300 hover:text-slate-900'
const ACTIVE = 'border-indigo-600 text-indigo-700 hover:border-indigo-600 hover:text-indigo-700'

type TabsState = { value: string; select: (value: string) => void; baseId: string }
const TabsContext = createContext<TabsState | null>(null)

function useTabs(): TabsState {
  const state = useContext(TabsContext)
  if (!state) throw new Error('Tabs parts must be inside <Tabs>')
  return state
}

const idOf = (baseId: string, part: 'tab' | 'panel', value: string) => `${baseId}-${part}-${value}`

/**
 * Which tab a key moves focus to in a horizontal tablist of `count` tabs (WAI-ARIA tabs
 * pattern: arrows wrap around, Home and End go to the ends), or null for any other key.
 */
export function tabIndexAfterKey(key: string, current: number, count: number): number | null {
  if (count === 0) return null
  if (key === 'ArrowRight') return (current + 1) % count
  if (key === 'ArrowLeft') return (current - 1 + count) % count
  if (key === 'Home') return 0
  if (key === 'End') return count - 1
  return null
}

/**
 * In-page tabs, controlled: the WAI-ARIA tabs pattern with automatic activation (arrow keys,
 * Home and End move focus and select; only the selected tab is a tab stop; a panel is
 * labelled by its tab and only the selected one is rendered). Our own rather than Radix
 * Tabs: /billing opens on them, and Radix's roving-focus group, presence and slot were
 * ~6 KB gzip of its first load.
 */
export function Tabs({
  value,
  onValueChange,
  className,
  children,
}: {
  value: string
  onValueChange: (value: string) => void
  className?: string
  children: ReactNode
}) {
  const baseId = useId()
  // One context value per selection (and a stable `select`), so a re-render of the page does
  // not by itself re-render every tab and panel.
  const latest = useRef(onValueChange)
  latest.current = onValueChange
  const select = useCallback((next: string) => latest.current(next), [])
  const state = useMemo(() => ({ value, select, baseId }), [value, select, baseId])
  return (
    <TabsContext.Provider value={state}>
      <div className={className}>{children}</div>
    </TabsContext.Provider>
  )
}

export function TabsList({ className, onKeyDown, ...props }: ComponentPropsWithoutRef<'div'>) {
  function moveFocus(event: KeyboardEvent<HTMLDivElement>) {
    onKeyDown?.(event)
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return
    const tabs = Array.from(event.currentTarget.querySelectorAll<HTMLElement>('[role="tab"]'))
    const current = tabs.indexOf(event.target as HTMLElement)
    if (current === -1) return
    const next = tabIndexAfterKey(event.key, current, tabs.length)
    if (next === null) return
    event.preventDefault()
    tabs[next]!.focus() // selects it (TabsTrigger's onFocus)
  }
  return (
    <div
      role="tablist"
      aria-orientation="horizontal"
      className={cn(LIST, className)}
      onKeyDown={moveFocus}
      {...props}
    />
  )
}

export function TabsTrigger({
  value,
  className,
  onClick,
  onFocus,
  ...props
}: Omit<ComponentPropsWithoutRef<'button'>, 'value'> & { value: string }) {
  const tabs = useTabs()
  const selected = tabs.value === value
  return (
    <button
      type="button"
      role="tab"
      id={idOf(tabs.baseId, 'tab', value)}
      aria-selected={selected}
      aria-controls={idOf(tabs.baseId, 'panel', value)}
      tabIndex={selected ? 0 : -1}
      data-state={selected ? 'active' : 'inactive'}
      className={cn(TAB, 'border-transparent', selected && ACTIVE, className)}
      {...props}
      onClick={(event) => {
        onClick?.(event)
        if (!event.defaultPrevented && !selected) tabs.select(value)
      }}
      onFocus={(event) => {
        onFocus?.(event)
        if (!event.defaultPrevented && !selected) tabs.select(value)
      }}
    />
  )
}

export function TabsContent({
  value,
  className,
  ...props
}: ComponentPropsWithoutRef<'div'> & { value: string }) {
  const tabs = useTabs()
  if (tabs.value !== value) return null
  return (
    <div
      role="tabpanel"
      id={idOf(tabs.baseId, 'panel', value)}
      aria-labelledby={idOf(tabs.baseId, 'tab', value)}
      tabIndex={0}
      data-state="active"
      className={cn('pt-4', className)}
      {...props}
    />
  )
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

import { lazy, Suspense, useRef, useState } from 'react'
import { BellIcon } from '#app/components/layout/icons.tsx'
import { loadLiveRuntime, useLiveQuery } from '#app/lib/live-data.tsx'
import type { RouterOutputs } from '#app/lib/trpc.ts'
import { cn } from '#app/lib/utils.ts'

type NotificationList = RouterOutputs['billing']['notifications']['list']

const REFRESH_MS = 30_000

const loadPanel = () => import('./notification-panel.tsx')
const NotificationPanel = lazy(loadPanel)

/** Where the panel sits, also while its code loads. */
export const PANEL_CLASSES =
  'fixed right-4 top-14 z-50 flex max-h-[calc(100vh-5rem)] w-[24rem] max-w-[calc(100vw-2rem)] flex-col overflow-hidden rounded-lg bg-white shadow-xl ring-1 ring-slate-200'

/**
 * The header bell: the unread count, refreshed every 30 seconds, and the latest
 * notifications in a dialog. Opening it marks them read. The dialog's code comes with the
 * first opening (fetched ahead when the bell is pointed at or focused), not with every page.
 */
export function NotificationBell() {
  const bell = useRef<HTMLButtonElement>(null)
  const [open, setOpen] = useState(false)
  // Once opened, the panel stays mounted (closed), so closing runs Radix's focus return.
  const [opened, setOpened] = useState(false)
  // Unread when the panel was opened: still highlighted after they are marked read.
  const [fresh, setFresh] = useState<ReadonlySet<number>>(new Set())
  const [now, setNow] = useState(() => Date.now())
  const list = useLiveQuery((trpc) => ({
    ...trpc.billing.notifications.list.queryOptions(),
    refetchInterval: REFRESH_MS,
  }))

  /** Everything unread is read now: the badge clears at once, the refetch after confirms it. */
  async function markAllRead() {
    const { queryClient, trpc, trpcClient } = await loadLiveRuntime()
    const listKey = trpc.billing.notifications.list.queryKey()
    await queryClient.cancelQueries({ queryKey: listKey })
    const readAt = new Date()
    queryClient.setQueryData(listKey, (current) =>
      current
        ? {
            unread: 0,
            items: current.items.map((item) => (item.readAt ? item : { ...item, readAt })),
          }
        : current,
    )
    try {
      await trpcClient.billing.notifications.markRead.mutate({})
    } finally {
      // After a failure too: the badge comes back.
      void queryClient.invalidateQueries({ queryKey: listKey })
    }
  }

  /** The latest list, read now whatever the cache holds. */
  async function latestList(): Promise<NotificationList | undefined> {
    const { queryClient, trpc } = await loadLiveRuntime()
    return queryClient.fetchQuery({
      ...trpc.billing.notifications.list.queryOptions(),
      staleTime: 0,
    })
  }

  const unread = list?.data?.unread ?? 0

  async function onOpenChange(next: boolean) {
    setOpen(next)
    if (!next) return
    setOpened(true)
    setNow(Date.now())
    const unreadIn = (data: NotificationList) =>
      new Set(data.items.filter((item) => !item.readAt).map((item) => item.id))
    if (list?.data) setFresh(unreadIn(list.data))
    // Mark read what the user is about to see: the latest list, fetched now.
    const latest = (await latestList().catch(() => undefined)) ?? list?.data
    if (!latest) return
    setFresh(unreadIn(latest))
    // Without ids: everything unread (the panel shows the latest 20, newest first).
    if (latest.unread > 0) markAllRead().catch(() => undefined)
  }

  return (
    <>
      <button
        ref={bell}
        type="button"
        aria-haspopup="dialog"
        aria-expanded={open}
        onClick={() => void onOpenChange(!open)}
        onPointerEnter={() => void loadPanel()}
        onFocus={() => void loadPanel()}
        className="relative rounded-full p-1.5 text-slate-600 hover:bg-slate-100 hover:text-slate-900"
        data-testid="notification-bell"
      >
        {/* The name comes from the content ("Notifications 3 unread"): an aria-label would
            hide the count it shows (axe: label-content-name-mismatch). */}
        <span className="sr-only">Notifications</span>
        <BellIcon />
        {unread > 0 ? (
          <span
            className="absolute -right-1 -top-1 min-w-[1.25rem] rounded-full bg-rose-600 px-1 text-center text-[0.6875rem] font-semibold leading-5 text-white tabular-nums"
            data-testid="notification-count"
          >
            {unread > 99 ? '99+' : unread}
            <span className="sr-only"> unread</span>
          </span>
        ) : null}
      </button>
      {opened ? (
        <Suspense
          fallback={
            open ? (
              <p role="status" className={cn(PANEL_CLASSES, 'px-4 py-6 text-center text-sm')}>
                Loading notifications…
              </p>
            ) : null
          }
        >
          <NotificationPanel
            open={open}
            onOpenChange={(next) => void onOpenChange(next)}
            trigger={bell}
            items={list?.data?.items ?? []}
            isPending={list?.isPending ?? true}
            isError={list?.isError ?? false}
            fresh={fresh}
            now={now}
          />
        </Suspense>
      ) : null}
    </>
  )
}

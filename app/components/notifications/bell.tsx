import * as Dialog from '@radix-ui/react-dialog'
import { Link } from '@remix-run/react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { BellIcon } from '#app/components/layout/icons.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { useTimeZone } from '#app/components/ui/local-time.tsx'
import { formatDate, formatDateTime } from '#app/lib/format.ts'
import { useTRPC, type RouterOutputs } from '#app/lib/trpc.ts'
import { cn } from '#app/lib/utils.ts'

type NotificationList = RouterOutputs['billing']['notifications']['list']
type Notification = NotificationList['items'][number]

const REFRESH_MS = 30_000

/** "just now", "5 min ago", "3 h ago", "2 d ago", then the date. */
function timeAgo(value: Date, now: number, timeZone: string): string {
  const seconds = Math.max(0, Math.round((now - value.getTime()) / 1000))
  if (seconds < 60) return 'just now'
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return `${minutes} min ago`
  const hours = Math.floor(minutes / 60)
  if (hours < 24) return `${hours} h ago`
  const days = Math.floor(hours / 24)
  if (days < 7) return `${days} d ago`
  return formatDate(value, timeZone)
}

/** Only same-site paths become links ("/dns-plans"), never another origin. */
function internalPath(link: string | null): string | null {
  return link && link.startsWith('/') && !link.startsWith('//') ? link : null
}

function NotificationItem({
  item,
  isNew,
  now,
  onNavigate,
}: {
  item: Notification
  isNew: boolean
  now: number
  onNavigate: () => void
}) {
  const path = internalPath(item.link)
  const timeZone = useTimeZone()
  return (
    <li
      className={cn('space-y-1 px-4 py-3', isNew && 'bg-indigo-50/60')}
      data-testid="notification-item"
    >
      <div className="flex items-start justify-between gap-3">
        <p className="text-sm font-semibold text-slate-900">
          {isNew ? (
            <span className="mr-2 inline-block h-2 w-2 rounded-full bg-indigo-600 align-middle">
              <span className="sr-only">New: </span>
            </span>
          ) : null}
          {item.title}
        </p>
        <time
          dateTime={item.createdAt.toISOString()}
          title={formatDateTime(item.createdAt, timeZone)}
          className="shrink-0 text-xs text-slate-600"
        >
          {timeAgo(item.createdAt, now, timeZone)}
        </time>
      </div>
      <p className="break-words text-sm text-slate-600">{item.body}</p>
      {path ? (
        <Link
          to={path}
          onClick={onNavigate}
          className="inline-block text-sm font-semibold text-indigo-600"
        >
          View →
        </Link>
      ) : null}
    </li>
  )
}

/**
 * The header bell: the unread count, refreshed every 30 seconds, and the latest
 * notifications in a dialog. Opening it marks them read.
 */
export function NotificationBell() {
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const [open, setOpen] = useState(false)
  // Unread when the panel was opened: still highlighted after they are marked read.
  const [fresh, setFresh] = useState<ReadonlySet<number>>(new Set())
  const [now, setNow] = useState(() => Date.now())
  const listKey = trpc.billing.notifications.list.queryKey()
  const list = useQuery({
    ...trpc.billing.notifications.list.queryOptions(),
    refetchInterval: REFRESH_MS,
  })
  const markRead = useMutation({
    ...trpc.billing.notifications.markRead.mutationOptions(),
    onMutate: async () => {
      // Clear the badge at once; the refetch below confirms it.
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
      return undefined
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: listKey }),
  })

  const unread = list.data?.unread ?? 0
  const items = list.data?.items ?? []

  async function onOpenChange(next: boolean) {
    setOpen(next)
    if (!next) return
    setNow(Date.now())
    const unreadIn = (data: NotificationList) =>
      new Set(data.items.filter((item) => !item.readAt).map((item) => item.id))
    if (list.data) setFresh(unreadIn(list.data))
    // Mark read what the user is about to see: the latest list, fetched now.
    const latest = (await list.refetch()).data ?? list.data
    if (!latest) return
    setFresh(unreadIn(latest))
    // Without ids: everything unread (the panel shows the latest 20, newest first).
    if (latest.unread > 0) markRead.mutate({})
  }

  return (
    <Dialog.Root open={open} onOpenChange={(next) => void onOpenChange(next)}>
      <Dialog.Trigger asChild>
        <button
          type="button"
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
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/10" />
        <Dialog.Content className="fixed right-4 top-14 z-50 flex max-h-[calc(100vh-5rem)] w-[24rem] max-w-[calc(100vw-2rem)] flex-col overflow-hidden rounded-lg bg-white shadow-xl ring-1 ring-slate-200">
          <div className="flex items-center justify-between gap-4 border-b border-slate-100 px-4 py-3">
            <Dialog.Title className="text-base font-semibold">Notifications</Dialog.Title>
            <Dialog.Close asChild>
              <Button variant="ghost" className="px-2 py-1 text-xs">
                Close
              </Button>
            </Dialog.Close>
          </div>
          <Dialog.Description className="sr-only">
            Your latest notifications, newest first.
          </Dialog.Description>
          {list.isPending ? (
            <p className="px-4 py-6 text-center text-sm text-slate-500">Loading…</p>
          ) : list.isError && items.length === 0 ? (
            <p role="alert" className="px-4 py-6 text-center text-sm text-rose-700">
              Couldn&apos;t load notifications. Try again shortly.
            </p>
          ) : items.length === 0 ? (
            <p className="px-4 py-6 text-center text-sm text-slate-500">No notifications yet.</p>
          ) : (
            <ul className="divide-y divide-slate-100 overflow-y-auto">
              {items.map((item) => (
                <NotificationItem
                  key={item.id}
                  item={item}
                  isNew={fresh.has(item.id)}
                  now={now}
                  onNavigate={() => setOpen(false)}
                />
              ))}
            </ul>
          )}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  )
}

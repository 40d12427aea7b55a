import * as Dialog from '@radix-ui/react-dialog'
import { Link } from '@remix-run/react'
import type { RefObject } from 'react'
import { Button } from '#app/components/ui/button.tsx'
import { useTimeZone } from '#app/components/ui/local-time.tsx'
import { formatDate, formatDateTime } from '#app/lib/format.ts'
import type { RouterOutputs } from '#app/lib/trpc.ts'
import { cn } from '#app/lib/utils.ts'
import { PANEL_CLASSES } from './bell.tsx'

type Notification = RouterOutputs['billing']['notifications']['list']['items'][number]

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
 * The bell's dialog, loaded when it is first opened (or the bell is pointed at or focused):
 * Radix Dialog and its scroll lock are not needed to render any page.
 * The bell is a plain button, not a Dialog.Trigger, so closing returns focus to it here.
 */
export default function NotificationPanel({
  open,
  onOpenChange,
  trigger,
  items,
  isPending,
  isError,
  fresh,
  now,
}: {
  open: boolean
  onOpenChange: (open: boolean) => void
  trigger: RefObject<HTMLButtonElement | null>
  items: Notification[]
  isPending: boolean
  isError: boolean
  fresh: ReadonlySet<number>
  now: number
}) {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/10" />
        <Dialog.Content
          className={PANEL_CLASSES}
          onCloseAutoFocus={(event) => {
            event.preventDefault()
            trigger.current?.focus()
          }}
        >
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
          {isPending ? (
            <p className="px-4 py-6 text-center text-sm text-slate-500">Loading…</p>
          ) : isError && items.length === 0 ? (
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
                  onNavigate={() => onOpenChange(false)}
                />
              ))}
            </ul>
          )}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  )
}

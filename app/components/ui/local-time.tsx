import { useSyncExternalStore } from 'react'
import {
  browserTimeZone,
  formatDate,
  formatDateTime,
  SERVER_TIME_ZONE,
  type DateInput,
} from '#app/lib/format.ts'

const noChanges = () => () => {}

/**
 * The viewer's time zone. The server render and the hydration pass use UTC (the server cannot
 * know the zone, and both passes must produce the same markup); React then re-renders with
 * the browser's zone. Renders after hydration use the browser's zone at once.
 */
export function useTimeZone(): string {
  return useSyncExternalStore(noChanges, browserTimeZone, () => SERVER_TIME_ZONE)
}

/**
 * A date or date-time in the viewer's time zone, zone named ("Nov 30, 2026, 14:05 CET"), in a
 * <time dateTime> element. `date` shows the day only (in UTC unless `local`: billing days are
 * UTC days).
 */
export function LocalTime({
  value,
  format = 'datetime',
  empty = '—',
  className,
}: {
  value: DateInput | null | undefined
  format?: 'datetime' | 'date'
  /** Shown when there is no value. */
  empty?: string
  className?: string
}) {
  const timeZone = useTimeZone()
  if (value === null || value === undefined || value === '') return <>{empty}</>
  const date = value instanceof Date ? value : new Date(value)
  if (Number.isNaN(date.getTime())) return <>{empty}</>
  const text = format === 'date' ? formatDate(date) : formatDateTime(date, timeZone)
  return (
    <time
      dateTime={date.toISOString()}
      title={format === 'datetime' ? formatDateTime(date, SERVER_TIME_ZONE) : undefined}
      className={className}
    >
      {text}
    </time>
  )
}

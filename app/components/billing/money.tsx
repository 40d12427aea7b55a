import { cn } from '#app/lib/utils.ts'

type MoneyValue = { cents: number; formatted: string }

/** A signed amount: debits in red, credits in green when `signed`. */
export function Amount({
  value,
  signed = false,
  className,
}: {
  value: MoneyValue
  signed?: boolean
  className?: string
}) {
  const tone = value.cents < 0 ? 'text-rose-700' : signed ? 'text-emerald-700' : ''
  const text = signed && value.cents > 0 ? `+${value.formatted}` : value.formatted
  return <span className={cn('tabular-nums', tone, className)}>{text}</span>
}

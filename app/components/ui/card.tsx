import type { HTMLAttributes } from 'react'
import { cn } from '#app/lib/utils.ts'

export function Card({ className, ...props }: HTMLAttributes<HTMLDivElement>) {
  // `cn` does not resolve conflicting classes, so a caller's p-0 must replace the default padding.
  const flush = /(^|\s)p-0(\s|$)/.test(className ?? '')
  return (
    <div
      className={cn(
        'rounded-lg bg-white shadow-sm ring-1 ring-slate-200',
        !flush && 'p-6',
        className,
      )}
      {...props}
    />
  )
}

export function Badge({
  tone = 'slate',
  className,
  ...props
}: HTMLAttributes<HTMLSpanElement> & { tone?: 'slate' | 'green' | 'red' | 'indigo' | 'amber' }) {
  const tones = {
    slate: 'bg-slate-100 text-slate-700',
    green: 'bg-emerald-100 text-emerald-800',
    red: 'bg-rose-100 text-rose-800',
    indigo: 'bg-indigo-100 text-indigo-800',
    amber: 'bg-amber-100 text-amber-800',
  }
  return (
    <span
      className={cn(
        'inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium',
        tones[tone],
        className,
      )}
      {...props}
    />
  )
}

export function Alert({
  tone = 'error',
  className,
  ...props
}: HTMLAttributes<HTMLDivElement> & { tone?: 'error' | 'success' | 'info' }) {
  const tones = {
    error: 'bg-rose-50 text-rose-800 ring-rose-200',
    success: 'bg-emerald-50 text-emerald-800 ring-emerald-200',
    info: 'bg-sky-50 text-sky-800 ring-sky-200',
  }
  return (
    <div
      role={tone === 'error' ? 'alert' : 'status'}
      className={cn('rounded-md p-3 text-sm ring-1', tones[tone], className)}
      {...props}
    />
  )
}

import type { HTMLAttributes } from 'react'
import { cn } from '#app/lib/utils.ts'

export function Card({ className, ...props }: HTMLAttributes<HTMLDivElement>) {
  return (
    <div
      className={cn('rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200', className)}
      {...props}
    />
  )
}

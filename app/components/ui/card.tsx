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

// Temporary: Badge and Alert moved to their own files; these re-exports keep old imports
// working until every caller imports from badge.tsx / alert.tsx (then delete them).
export { Badge } from '#app/components/ui/badge.tsx'
export { Alert } from '#app/components/ui/alert.tsx'

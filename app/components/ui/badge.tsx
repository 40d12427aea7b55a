import type { HTMLAttributes } from 'react'
import { PALETTE, type Colour } from '#app/components/ui/tones.ts'
import { cn } from '#app/lib/utils.ts'

export type BadgeTone = Colour

export function Badge({
  tone = 'slate',
  className,
  ...props
}: HTMLAttributes<HTMLSpanElement> & { tone?: BadgeTone }) {
  return (
    <span
      className={cn(
        'inline-flex items-center whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium',
        PALETTE[tone].soft,
        className,
      )}
      {...props}
    />
  )
}

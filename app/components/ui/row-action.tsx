import { cn } from '#app/lib/utils.ts'
import { Button, type ButtonProps } from './button.tsx'

type RowActionProps = Omit<ButtonProps, 'variant' | 'size'> & {
  /** Names the row acted on ("Edit Pro"): the visible word repeats down the column. */
  'aria-label': string
  /** Quiet rose text for removing the row; a solid danger button would shout in every row. */
  tone?: 'danger'
}

/** A table row's small action button. */
export function RowAction({ tone, className, ...props }: RowActionProps) {
  return (
    <Button
      variant={tone === 'danger' ? 'ghost' : 'secondary'}
      size="sm"
      className={cn(tone === 'danger' && 'text-rose-700 hover:bg-rose-50', className)}
      {...props}
    />
  )
}

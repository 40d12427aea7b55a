/**
 * The `open` and `onOpenChange` of a dialog that is open while there is a `subject` (the row,
 * plan or event it is about): closing it any way (Escape, Cancel, outside) calls `onClose`,
 * which clears the subject.
 */
export function openWhile(subject: unknown, onClose: () => void) {
  return {
    open: subject !== null && subject !== undefined,
    onOpenChange: (open: boolean) => {
      if (!open) onClose()
    },
  }
}

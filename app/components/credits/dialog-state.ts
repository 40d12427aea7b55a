/**
 * A confirmation dialog's state on the pages that charge credits: what it is about, its
 * error, and a shortfall the server reported (INSUFFICIENT_CREDITS) after a refusal.
 */
export type DialogState<T> = { subject: T; error: string | null; shortfallCents: number | null }

/** A dialog just opened on `subject`: no error, no shortfall yet. */
export const opened = <T>(subject: T): DialogState<T> => ({
  subject,
  error: null,
  shortfallCents: null,
})

import { z } from 'zod'

/** mail_status (db/schema/mail.ts), kept here so the schema is safe to import in the browser. */
export const MAIL_STATUSES = ['pending', 'sent', 'failed', 'local'] as const

export const ZMailListInput = z.object({
  status: z.enum(MAIL_STATUSES).optional(),
  /** Keyset cursor: rows with a smaller id (older). */
  before: z.number().int().positive().optional(),
  limit: z.number().int().min(1).max(100).default(50),
})
export type TMailListInput = z.input<typeof ZMailListInput>

export const ZMailId = z.object({ id: z.number().int().positive() })

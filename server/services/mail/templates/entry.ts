import type { ReactElement } from 'react'
import type { DbOrTx } from '#db/client.ts'
import type { Branding } from './layout.tsx'

/** How one template is registered: its subject line and its React Email element. */
export type TemplateEntry<D> = {
  subject: (data: D, branding: Branding) => string
  element: (data: D, branding: Branding) => ReactElement
  /**
   * What the message also prints that exists only when it is rendered (at delivery, after the
   * commit that queued it), read with the delivery's transaction; the stored data stays as queued.
   */
  load?: (db: DbOrTx, data: D) => Promise<D>
}

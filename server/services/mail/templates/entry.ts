import type { ReactElement } from 'react'
import type { Branding } from './layout.tsx'

/** How one template is registered: its subject line and its React Email element. */
export type TemplateEntry<D> = {
  subject: (data: D, branding: Branding) => string
  element: (data: D, branding: Branding) => ReactElement
}

/**
 * The app's status colours, one place: a soft fill for badges, a panel (fill, text, ring) for
 * alerts and toasts. Text on each fill keeps at least 4.5:1 contrast.
 */
export const PALETTE = {
  slate: {
    soft: 'bg-slate-100 text-slate-700',
    panel: 'bg-slate-50 text-slate-800 ring-slate-200',
  },
  green: {
    soft: 'bg-emerald-100 text-emerald-800',
    panel: 'bg-emerald-50 text-emerald-800 ring-emerald-200',
  },
  red: { soft: 'bg-rose-100 text-rose-800', panel: 'bg-rose-50 text-rose-800 ring-rose-200' },
  amber: {
    soft: 'bg-amber-100 text-amber-800',
    panel: 'bg-amber-50 text-amber-900 ring-amber-300',
  },
  indigo: {
    soft: 'bg-indigo-100 text-indigo-800',
    panel: 'bg-indigo-50 text-indigo-800 ring-indigo-200',
  },
  sky: { soft: 'bg-sky-100 text-sky-800', panel: 'bg-sky-50 text-sky-800 ring-sky-200' },
} as const

export type Colour = keyof typeof PALETTE

/** What a message means → its colour. A warning is amber, never the error's red. */
const STATUS_COLOUR = { error: 'red', warning: 'amber', success: 'green', info: 'sky' } as const

export type StatusTone = keyof typeof STATUS_COLOUR

/** Fill, text and ring classes of an alert or toast of this tone. */
export function statusPanel(tone: StatusTone): string {
  return PALETTE[STATUS_COLOUR[tone]].panel
}

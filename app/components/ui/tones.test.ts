import colors from 'tailwindcss/colors'
import { describe, expect, it } from 'vitest'
import { BUTTON_VARIANTS } from './button.tsx'
import { PALETTE } from './tones.ts'

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const channel = parseInt(hex.slice(i, i + 2), 16) / 255
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4
  })
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!
}

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (light! + 0.05) / (dark! + 0.05)
}

/** The hex of a Tailwind colour class such as `hover:bg-indigo-700`. */
function hexOf(classes: string, prefix: string): string {
  const match = classes.split(' ').find((c) => c.startsWith(prefix))
  const [, name, shade] = /-([a-z]+)-(\d+)$/.exec(match ?? '') ?? []
  const hex = (colors as unknown as Record<string, Record<string, string>>)[name!]?.[shade!]
  if (!hex) throw new Error(`no ${prefix} colour in "${classes}"`)
  return hex
}

describe('colours', () => {
  it.each(['primary', 'danger'] as const)(
    'keeps white text at 4.5:1 or more on the %s colour, resting and hovered',
    (variant) => {
      const classes = BUTTON_VARIANTS[variant]
      expect(contrast('#ffffff', hexOf(classes, 'bg-'))).toBeGreaterThanOrEqual(4.5)
      expect(contrast('#ffffff', hexOf(classes, 'hover:bg-'))).toBeGreaterThanOrEqual(4.5)
    },
  )

  it('computes contrast the WCAG way', () => {
    expect(contrast('#ffffff', '#000000')).toBeCloseTo(21, 5)
    // White on indigo-500, the old hover colour: just below the threshold.
    expect(contrast('#ffffff', colors.indigo[500])).toBeLessThan(4.5)
  })

  it.each(Object.keys(PALETTE) as Array<keyof typeof PALETTE>)(
    'keeps %s badge and panel text at 4.5:1 or more on its fill',
    (colour) => {
      for (const classes of [PALETTE[colour].soft, PALETTE[colour].panel])
        expect(contrast(hexOf(classes, 'text-'), hexOf(classes, 'bg-'))).toBeGreaterThanOrEqual(4.5)
    },
  )
})

import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

/**
 * DejaVu Sans, embedded (subset) in every PDF we write: it covers Latin with accents,
 * Cyrillic, Greek, Arabic, Hebrew, arrows and currency signs. Resolved from node_modules
 * (packages stay external in the server build), never from the system.
 */
export const FONT_FILES = {
  regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
} as const
export type FontName = keyof typeof FONT_FILES

/** What is drawn instead of a character no embedded font has (visible, never silent). */
export const REPLACEMENT_CHARACTER = '\uFFFD'

/** The part of a fontkit font pdfkit keeps on an embedded font (`doc._font.font`). */
export type GlyphCoverage = { hasGlyphForCodePoint(codePoint: number): boolean }

// Characters that are not drawn and need no glyph: line breaks, tabs, joiners, direction
// marks, variation selectors.
function notDrawn(codePoint: number): boolean {
  return (
    codePoint === 0x09 ||
    codePoint === 0x0a ||
    codePoint === 0x0d ||
    (codePoint >= 0x200b && codePoint <= 0x200f) ||
    (codePoint >= 0x2028 && codePoint <= 0x202e) ||
    (codePoint >= 0x2060 && codePoint <= 0x2069) ||
    codePoint === 0xfe0e ||
    codePoint === 0xfe0f
  )
}

/**
 * Replaces every character the font cannot draw with U+FFFD and reports which ones it
 * replaced, so a name in a script DejaVu lacks (CJK, emoji) shows a visible mark instead of
 * an invisible or wrong glyph.
 */
export function drawableText(
  text: string,
  font: GlyphCoverage,
): { text: string; replaced: string[] } {
  let out = ''
  const replaced: string[] = []
  for (const char of text) {
    const codePoint = char.codePointAt(0)!
    if (notDrawn(codePoint) || font.hasGlyphForCodePoint(codePoint)) {
      out += char
    } else {
      out += REPLACEMENT_CHARACTER
      replaced.push(char)
    }
  }
  return { text: out, replaced }
}

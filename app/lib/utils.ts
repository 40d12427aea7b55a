export type ClassValue = string | false | null | undefined | 0 | ClassValue[]

function join(classes: ClassValue[]): string {
  let out = ''
  for (const value of classes) {
    if (!value) continue
    const next = Array.isArray(value) ? join(value) : value
    if (next) out = out ? `${out} ${next}` : next
  }
  return out
}

const SIDES: Record<string, string[]> = {
  '': ['x', 'y', 's', 'e', 't', 'r', 'b', 'l'],
  x: ['r', 'l'],
  y: ['t', 'b'],
}
// Which corners a side's rounding covers (rounded-t: tl and tr).
const ROUNDED_CORNERS: Record<string, string[]> = {
  s: ['ss', 'es'],
  e: ['se', 'ee'],
  t: ['tl', 'tr'],
  r: ['tr', 'br'],
  b: ['br', 'bl'],
  l: ['tl', 'bl'],
}
const ROUNDED_SIDES = ['s', 'e', 't', 'r', 'b', 'l', 'ss', 'se', 'ee', 'es', 'tl', 'tr', 'br', 'bl']
const FONT_SIZES = /^(xs|sm|base|lg|[2-9]?xl|\[\d.*(rem|px|em)\])$/
const SHADOW_SIZES = /^(|sm|md|lg|[2-9]?xl|inner|none)$/
const DISPLAY =
  /^(block|inline-block|inline|flex|inline-flex|table|inline-table|table-cell|table-row|grid|inline-grid|contents|list-item|hidden|flow-root)$/
const KEYWORDS: Record<string, string> = {
  static: 'position',
  fixed: 'position',
  absolute: 'position',
  relative: 'position',
  sticky: 'position',
  visible: 'visibility',
  invisible: 'visibility',
  collapse: 'visibility',
  'sr-only': 'sr',
  'not-sr-only': 'sr',
  truncate: 'text-overflow',
  'text-ellipsis': 'text-overflow',
  'text-clip': 'text-overflow',
  uppercase: 'text-transform',
  lowercase: 'text-transform',
  capitalize: 'text-transform',
  'normal-case': 'text-transform',
  underline: 'text-decoration',
  overline: 'text-decoration',
  'line-through': 'text-decoration',
  'no-underline': 'text-decoration',
  'tabular-nums': 'fvn-spacing',
  'proportional-nums': 'fvn-spacing',
  'ring-inset': 'ring-w-inset',
  outline: 'outline-style',
  'outline-none': 'outline-style',
  filter: 'filter',
  'filter-none': 'filter',
  container: 'container',
}

/**
 * The conflict group of one utility (variants and `!` stripped) and the groups it overrides,
 * e.g. `px-4` → px (overrides pr, pl), `text-sm` → font-size (overrides leading). Only the
 * utilities this app uses are told apart; any other class (`group`, a data hook) is always kept. utils.test.ts checks every pair of the app's classes
 * against tailwind-merge.
 */
function groupOf(utility: string): [string | null, string[]] {
  const base = utility.startsWith('-') ? utility.slice(1) : utility
  if (DISPLAY.test(base)) return ['display', []]
  const keyword = KEYWORDS[base]
  if (keyword) return [keyword, []]
  // An arbitrary property (`[container-type:inline-size]`) conflicts with the same property.
  const property = /^\[([a-z-]+):.+\]$/.exec(base)?.[1]
  if (property) return [`[${property}]`, []]
  let m = /^([pm])([xytrblse]?)-/.exec(base)
  if (m) return [m[1]! + m[2]!, (SIDES[m[2]!] ?? []).map((side) => m![1]! + side)]
  m = /^scroll-([pm])([xytrblse]?)-/.exec(base)
  if (m) {
    const kind = `scroll-${m[1]!}`
    return [kind + m[2]!, (SIDES[m[2]!] ?? []).map((side) => kind + side)]
  }
  m = /^(inset|gap|overflow|overscroll)-(?:([xy])-)?/.exec(base)
  if (m) {
    const [, kind, axis] = m
    if (kind === 'inset') {
      if (axis === 'x') return ['inset-x', ['right', 'left']]
      if (axis === 'y') return ['inset-y', ['top', 'bottom']]
      return ['inset', ['inset-x', 'inset-y', 'start', 'end', 'top', 'right', 'bottom', 'left']]
    }
    return axis ? [`${kind}-${axis}`, []] : [kind!, [`${kind}-x`, `${kind}-y`]]
  }
  m =
    /^(top|right|bottom|left|start|end|z|w|h|min-w|min-h|max-w|max-h|opacity|cursor|tracking|leading|align|animate|order|basis|grow|shrink|items|justify-self|justify-items|justify|self|content|place-items|place-content|place-self|col|row|grid-cols|grid-rows|whitespace|break|list|object|blur|duration|ease|delay|transition|translate-x|translate-y|rotate|scale|aspect|columns|space-x|space-y|underline-offset|decoration|line-clamp|size)(?:-|$)/.exec(
      base,
    )
  if (m) {
    const kind = m[1]!
    if (kind === 'size') return ['size', ['w', 'h']]
    if (kind === 'col' || kind === 'row') return [`${kind}-${base.split('-')[1]}`, []]
    if (kind === 'space-x' || kind === 'space-y')
      return [base.endsWith('-reverse') ? `${kind}-reverse` : kind, []]
    return [kind, []]
  }
  m = /^flex(?:-(.*))?$/.exec(base)
  if (m) {
    const value = m[1]!
    if (/^(row|col)(-reverse)?$/.test(value)) return ['flex-direction', []]
    if (/^(wrap|wrap-reverse|nowrap)$/.test(value)) return ['flex-wrap', []]
    return ['flex', ['basis', 'grow', 'shrink']]
  }
  m = /^(text|font|bg|border|ring|rounded|shadow|divide|fill|stroke|outline)(?:-(.*))?$/.exec(base)
  if (m) {
    const kind = m[1]!
    const value = m[2] ?? ''
    switch (kind) {
      case 'text':
        if (FONT_SIZES.test(value)) return ['font-size', ['leading']]
        if (/^(left|center|right|justify|start|end)$/.test(value)) return ['text-align', []]
        return ['text-color', []]
      case 'font':
        if (/^(sans|serif|mono)$/.test(value)) return ['font-family', []]
        return ['font-weight', []]
      case 'rounded': {
        const corner = /^(ss|se|ee|es|tl|tr|br|bl|s|e|t|r|b|l)(?:-|$)/.exec(value)?.[1]
        if (!corner) return ['rounded', ROUNDED_SIDES.map((side) => `rounded-${side}`)]
        const corners = ROUNDED_CORNERS[corner] ?? []
        return [`rounded-${corner}`, corners.map((c) => `rounded-${c}`)]
      }
      case 'shadow':
        return SHADOW_SIZES.test(value) ? ['shadow', []] : ['shadow-color', []]
      case 'border':
      case 'divide': {
        if (/^(solid|dashed|dotted|double|hidden|none)$/.test(value)) return [`${kind}-style`, []]
        const side = /^([xytrblse])(?:-|$)/.exec(value)?.[1]
        const width = side ? value.slice(2) : value
        if (width === '' || /^\d+$/.test(width)) {
          if (kind === 'divide') return [`divide-${side}`, []]
          return side
            ? [`border-w-${side}`, (SIDES[side] ?? []).map((s) => `border-w-${s}`)]
            : ['border-w', SIDES['']!.map((s) => `border-w-${s}`)]
        }
        return [`${kind}-color`, []]
      }
      case 'ring':
      case 'outline':
        if (value === '' || /^\d+$/.test(value)) return [`${kind}-w`, []]
        if (value.startsWith('offset-')) return [`${kind}-offset`, []]
        return [`${kind}-color`, []]
      default:
        // bg, fill, stroke: colours here (no bg-image, bg-position or stroke widths in use).
        return [kind, []]
    }
  }
  return [null, []]
}

/** Splits `hover:sm:p-0` into its variants (sorted, as order does not change them) and utility. */
function parse(className: string): { variants: string; utility: string; important: boolean } {
  const parts: string[] = []
  let depth = 0
  let start = 0
  for (let i = 0; i < className.length; i++) {
    const c = className[i]
    if (c === '[') depth++
    else if (c === ']') depth--
    else if (c === ':' && depth === 0) {
      parts.push(className.slice(start, i))
      start = i + 1
    }
  }
  let utility = className.slice(start)
  const important = utility.startsWith('!')
  if (important) utility = utility.slice(1)
  return { variants: parts.sort().join(':'), utility, important }
}

/**
 * Joins class names and lets later Tailwind classes win over earlier conflicting ones, so a
 * caller's `p-0` or `ring-indigo-500` replaces a component's default instead of racing it in CSS.
 * (What tailwind-merge did, for the utilities this app uses, in a fraction of its 20 KB.)
 */
export function cn(...classes: ClassValue[]): string {
  const list = join(classes).split(/\s+/).filter(Boolean)
  const taken = new Set<string>()
  const kept: string[] = []
  for (let i = list.length - 1; i >= 0; i--) {
    const className = list[i]!
    const { variants, utility, important } = parse(className)
    const [group, overrides] = groupOf(utility)
    if (group === null) {
      kept.push(className)
      continue
    }
    const prefix = `${variants}${important ? '!' : ''}:`
    if (taken.has(prefix + group)) continue
    taken.add(prefix + group)
    for (const other of overrides) taken.add(prefix + other)
    kept.push(className)
  }
  return kept.reverse().join(' ')
}

import postcss from 'postcss'
import tailwind from 'tailwindcss'
import { twMerge } from 'tailwind-merge'
import { describe, expect, it } from 'vitest'
import config from '../../tailwind.config.ts'
import { cn } from './utils.ts'

/** Every class Tailwind finds in app/ (what it generates CSS for), unescaped from the selectors. */
async function appClasses(): Promise<string[]> {
  const { root } = await postcss([tailwind(config)]).process(
    '@tailwind base; @tailwind components; @tailwind utilities;',
    { from: undefined },
  )
  const classes = new Set<string>()
  root.walkRules((rule) => {
    for (const match of rule.selector.matchAll(/\.((?:\\.|[\w-])+)/g))
      classes.add(match[1]!.replace(/\\(.)/g, '$1'))
  })
  return [...classes]
}

describe('cn', () => {
  it('joins truthy classes, nested arrays included', () => {
    expect(cn('a', false, null, undefined, 0, ['b', ['c', false]], '')).toBe('a b c')
  })

  it('lets a later conflicting Tailwind class win', () => {
    expect(cn('rounded-lg bg-white p-6 ring-1 ring-slate-200', 'p-0')).toBe(
      'rounded-lg bg-white ring-1 ring-slate-200 p-0',
    )
    // The DNS current-plan highlight: the card's ring-1/ring-slate-200 must give way.
    expect(cn('ring-1 ring-slate-200 bg-white', 'bg-indigo-50/40 ring-2 ring-indigo-600')).toBe(
      'bg-indigo-50/40 ring-2 ring-indigo-600',
    )
    expect(cn('px-4 py-2 text-sm', 'px-2 py-1 text-xs')).toBe('px-2 py-1 text-xs')
    expect(cn('p-4', 'hover:p-2', 'sm:focus:p-1', 'focus:sm:p-0')).toBe(
      'p-4 hover:p-2 focus:sm:p-0',
    )
  })

  it('merges every pair of the classes the app uses as tailwind-merge did', async () => {
    const classes = await appClasses()
    expect(classes.length).toBeGreaterThan(300)
    const differ: string[] = []
    const check = (input: string) => {
      if (cn(input) !== twMerge(input)) differ.push(`${input}: ${cn(input)} ≠ ${twMerge(input)}`)
    }
    for (const a of classes) {
      for (const b of classes) check(`${a} ${b}`)
      // Variants: apart from the bare class, the same in any order.
      check(`${a} sm:hover:${a} hover:sm:${a} data-[state=active]:${a}`)
    }
    expect(differ.slice(0, 20)).toEqual([])
  }, 60_000)
})

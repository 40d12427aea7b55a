import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { Tabs, TabsContent, TabsList, TabsTrigger, tabIndexAfterKey } from './tabs.tsx'

describe('tabIndexAfterKey', () => {
  it('moves right and left, wrapping around the ends', () => {
    expect(tabIndexAfterKey('ArrowRight', 0, 3)).toBe(1)
    expect(tabIndexAfterKey('ArrowRight', 2, 3)).toBe(0)
    expect(tabIndexAfterKey('ArrowLeft', 1, 3)).toBe(0)
    expect(tabIndexAfterKey('ArrowLeft', 0, 3)).toBe(2)
  })

  it('goes to the first tab on Home and the last on End', () => {
    expect(tabIndexAfterKey('Home', 2, 3)).toBe(0)
    expect(tabIndexAfterKey('End', 0, 3)).toBe(2)
  })

  it('leaves other keys (vertical arrows, Tab, Enter) and an empty list alone', () => {
    for (const key of ['ArrowUp', 'ArrowDown', 'Tab', 'Enter', ' ', 'a'])
      expect(tabIndexAfterKey(key, 1, 3)).toBeNull()
    expect(tabIndexAfterKey('ArrowRight', 0, 0)).toBeNull()
  })
})

describe('Tabs', () => {
  const html = renderToStaticMarkup(
    <Tabs value="b" onValueChange={() => {}}>
      <TabsList aria-label="Sections">
        <TabsTrigger value="a">A</TabsTrigger>
        <TabsTrigger value="b">B</TabsTrigger>
      </TabsList>
      <TabsContent value="a">Panel A</TabsContent>
      <TabsContent value="b">Panel B</TabsContent>
    </Tabs>,
  )
  const tag = (pattern: RegExp) => html.match(pattern)?.[0] ?? ''

  it('makes only the selected tab a tab stop, and marks it selected', () => {
    const a = tag(/<button[^>]*>A</)
    const b = tag(/<button[^>]*>B</)
    expect(a).toContain('role="tab"')
    expect(a).toContain('aria-selected="false"')
    expect(a).toContain('tabindex="-1"')
    expect(b).toContain('aria-selected="true"')
    expect(b).toContain('tabindex="0"')
    expect(b).toContain('type="button"')
  })

  it('renders only the selected panel, labelled by its tab and controlled by it', () => {
    expect(html).not.toContain('Panel A')
    const panel = tag(/<div[^>]*role="tabpanel"[^>]*>/)
    const tabId = tag(/<button[^>]*>B</).match(/ id="([^"]+)"/)?.[1]
    const controls = tag(/<button[^>]*>B</).match(/aria-controls="([^"]+)"/)?.[1]
    expect(tabId).toBeTruthy()
    expect(panel).toContain(`aria-labelledby="${tabId}"`)
    expect(panel).toContain(`id="${controls}"`)
    expect(panel).toContain('tabindex="0"')
  })

  it('names the tablist', () => {
    expect(tag(/<div[^>]*role="tablist"[^>]*>/)).toContain('aria-label="Sections"')
  })
})

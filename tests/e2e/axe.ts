import { createRequire } from 'node:module'
import type { AxeResults, RunOptions } from 'axe-core'
import type { Page } from 'playwright-core'

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

/** WCAG 2.0, 2.1 and 2.2, levels A and AA. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa']

export type AxeFinding = { id: string; impact: string; help: string; targets: string[] }

/** The serious and critical WCAG A/AA violations axe-core finds on the page as it is now. */
export async function seriousAxeViolations(page: Page): Promise<AxeFinding[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axePath })
  return page.evaluate(async (tags) => {
    const axe = (
      window as unknown as {
        axe: { run: (context: Document, options: RunOptions) => Promise<AxeResults> }
      }
    ).axe
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    })
    return result.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => ({
        id: violation.id,
        impact: violation.impact ?? '',
        help: violation.help,
        targets: violation.nodes.map((node) => node.target.join(' ')),
      }))
  }, WCAG_TAGS)
}

/**
 * Whether the page scrolls sideways, and if so the elements sticking out past the right
 * edge (deepest first) so the page's owner knows what to fix.
 */
export async function horizontalOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = window.innerWidth
    if (document.documentElement.scrollWidth <= width) return []
    const describe = (element: Element) => {
      const id = element.id ? `#${element.id}` : ''
      const classes = [...element.classList]
        .slice(0, 4)
        .map((name) => `.${name}`)
        .join('')
      return `${element.tagName.toLowerCase()}${id}${classes}`
    }
    const sticksOut = (element: Element) => element.getBoundingClientRect().right > width + 1
    // Inside a box that scrolls or clips sideways, sticking out is clipped and harmless; except
    // position:absolute (sr-only text) whose containing block is outside that box.
    const clipped = (element: Element) => {
      if (getComputedStyle(element).position === 'absolute') return false
      for (let parent = element.parentElement; parent && parent !== document.body; ) {
        if (getComputedStyle(parent).overflowX !== 'visible') return true
        parent = parent.parentElement
      }
      return false
    }
    const offenders = [...document.body.querySelectorAll('*')].filter(
      (element) =>
        sticksOut(element) &&
        !clipped(element) &&
        // Only the innermost: a child that sticks out too is the real culprit.
        ![...element.children].some((child) => sticksOut(child) && !clipped(child)),
    )
    return [
      `page is ${document.documentElement.scrollWidth}px wide at ${width}px`,
      ...offenders
        .slice(0, 5)
        .map(
          (element) =>
            `${describe(element)} ends at ${Math.round(element.getBoundingClientRect().right)}px`,
        ),
    ]
  })
}

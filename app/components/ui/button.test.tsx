import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { Button } from './button.tsx'

describe('Button', () => {
  it('shows a spinner and the pending label, and is busy and disabled while pending', () => {
    const html = renderToStaticMarkup(
      <Button pending pendingLabel="Completing payment…">
        Pay $25.00 with PayPal
      </Button>,
    )
    expect(html).toContain('aria-busy="true"')
    expect(html).toContain('disabled=""')
    expect(html).toContain('<svg')
    expect(html).toContain('Completing payment…')
    expect(html).not.toContain('Pay $25.00')
  })

  it('is an ordinary button when not pending', () => {
    const html = renderToStaticMarkup(<Button>Save</Button>)
    expect(html).not.toContain('aria-busy="')
    expect(html).not.toContain('disabled=""')
    expect(html).not.toContain('<svg')
    expect(html).toContain('type="button"')
  })

  it("lets the caller's classes win over the defaults", () => {
    const html = renderToStaticMarkup(<Button className="px-6 bg-emerald-600">Go</Button>)
    expect(html).toContain('px-6')
    expect(html).not.toContain('px-3')
    expect(html).not.toContain('bg-indigo-600')
  })
})

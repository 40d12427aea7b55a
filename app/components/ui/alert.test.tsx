import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { Alert } from './alert.tsx'

describe('Alert', () => {
  it('interrupts only for errors; a warning is a polite status in its own colour', () => {
    expect(renderToStaticMarkup(<Alert tone="error">x</Alert>)).toContain('role="alert"')
    const warning = renderToStaticMarkup(<Alert tone="warning">x</Alert>)
    expect(warning).toContain('role="status"')
    expect(warning).toContain('bg-amber-50')
    expect(warning).not.toContain('rose')
  })

  it('shows a title above the message', () => {
    expect(
      renderToStaticMarkup(
        <Alert tone="info" title="Heads up">
          Body
        </Alert>,
      ),
    ).toMatch(/<p class="font-semibold">Heads up<\/p><div class="mt-1">Body<\/div>/)
  })
})

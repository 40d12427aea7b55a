import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { LocalTime } from './local-time.tsx'

describe('LocalTime', () => {
  it('renders UTC, named, in a <time dateTime> on the server (the hydration pass renders the same)', () => {
    expect(renderToStaticMarkup(<LocalTime value="2026-11-30T13:05:00Z" />)).toBe(
      '<time dateTime="2026-11-30T13:05:00.000Z" title="Nov 30, 2026, 13:05 UTC">Nov 30, 2026, 13:05 UTC</time>',
    )
  })

  it('shows the day only for format="date", and a dash for no value', () => {
    expect(
      renderToStaticMarkup(<LocalTime value={new Date('2026-11-30T13:05:00Z')} format="date" />),
    ).toBe('<time dateTime="2026-11-30T13:05:00.000Z">Nov 30, 2026</time>')
    expect(renderToStaticMarkup(<LocalTime value={null} />)).toBe('—')
    expect(renderToStaticMarkup(<LocalTime value="garbage" empty="never" />)).toBe('never')
  })
})

import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { Field, SelectField, TextareaField } from './field.tsx'

function attr(html: string, tag: string, name: string): string | undefined {
  const element = new RegExp(`<${tag}[^>]*>`).exec(html)?.[0] ?? ''
  return new RegExp(`${name}="([^"]*)"`).exec(element)?.[1]
}

describe('Field', () => {
  it('ties the label, the description and the error to the input', () => {
    const html = renderToStaticMarkup(
      <Field id="amount" label="Amount" description="In dollars" errors={['Too large.']} />,
    )
    expect(attr(html, 'label', 'for')).toBe('amount')
    expect(attr(html, 'input', 'aria-invalid')).toBe('true')
    expect(attr(html, 'input', 'aria-describedby')).toBe('amount-description amount-error')
    expect(html).toContain('id="amount-description"')
    expect(html).toMatch(/id="amount-error"[^>]*>Too large\.</)
  })

  it('is valid without errors, and accepts one error as a string', () => {
    const valid = renderToStaticMarkup(<Field id="a" label="A" errors={[]} />)
    expect(attr(valid, 'input', 'aria-invalid')).toBeUndefined()
    expect(attr(valid, 'input', 'aria-describedby')).toBeUndefined()
    const one = renderToStaticMarkup(<Field id="b" label="B" errors="Required." />)
    expect(attr(one, 'input', 'aria-describedby')).toBe('b-error')
  })

  it('does the same for selects and textareas', () => {
    const select = renderToStaticMarkup(
      <SelectField id="s" label="S" errors="Pick one.">
        <option>x</option>
      </SelectField>,
    )
    expect(attr(select, 'select', 'aria-describedby')).toBe('s-error')
    expect(attr(select, 'select', 'aria-invalid')).toBe('true')
    const textarea = renderToStaticMarkup(<TextareaField id="t" label="T" description="Why" />)
    expect(attr(textarea, 'textarea', 'aria-describedby')).toBe('t-description')
  })
})

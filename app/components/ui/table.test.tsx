import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { DataTable, Table, TableScroll, TBody, TD, TH, THead, TR } from './table.tsx'

describe('TableScroll', () => {
  it('is a named region that the keyboard can focus and scroll, scrolling sideways inside itself', () => {
    const html = renderToStaticMarkup(
      <TableScroll label="Transactions">
        <Table>
          <THead>
            <TR>
              <TH>When</TH>
            </TR>
          </THead>
          <TBody>
            <TR>
              <TD>today</TD>
            </TR>
          </TBody>
        </Table>
      </TableScroll>,
    )
    expect(html).toMatch(
      /^<div role="region" aria-label="Transactions" tabindex="0" class="[^"]*overflow-x-auto/,
    )
    expect(html).toContain('<th scope="col"')
  })
})

describe('a stacking table', () => {
  const render = (stack: boolean) =>
    renderToStaticMarkup(
      <DataTable label="Transactions" stack={stack} head={<TH>Document</TH>}>
        <TR>
          <TD label="Document">
            <a href="/x.pdf">Receipt PDF</a>
          </TD>
        </TR>
      </DataTable>,
    )

  it('keeps its table roles and labels each cell for the narrow screen’s card', () => {
    const html = render(true)
    expect(html).toMatch(/<table role="table"/)
    expect(html).toMatch(/<thead role="rowgroup"/)
    expect(html).toMatch(/<th scope="col" role="columnheader"/)
    expect(html).toMatch(/<tr role="row"/)
    expect(html).toMatch(
      /<td role="cell" data-label="Document" class="[^"]*before:content-\[attr\(data-label\)_\/_&#x27;&#x27;\][^"]*"><div data-cell-value="" [^>]*><a href="\/x.pdf">Receipt PDF<\/a><\/div><\/td>/,
    )
  })

  it('is a plain table unless asked', () => {
    const html = render(false)
    expect(html).not.toContain('role="table"')
    expect(html).not.toContain('data-label')
    expect(html).toMatch(/<td class="[^"]*"><a href="\/x.pdf">/)
  })
})

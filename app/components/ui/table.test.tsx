import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { Table, TableScroll, TBody, TD, TH, THead, TR } from './table.tsx'

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

import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { HistoryTable, type Column } from './history-table.tsx'

type Row = { id: number; name: string; cents: number }
const COLUMNS: Array<Column<Row>> = [
  { key: 'name', header: 'Name', cell: (row) => row.name },
  { key: 'amount', header: 'Amount', numeric: true, cell: (row) => `$${row.cents / 100}` },
]

describe('HistoryTable', () => {
  it('scrolls inside a named, focusable region and marks rows for tests', () => {
    const html = renderToStaticMarkup(
      <HistoryTable
        label="Credit history"
        columns={COLUMNS}
        rows={[{ id: 1, name: 'Refund', cents: 500 }]}
        rowKey={(row) => row.id}
        rowProps={() => ({ 'data-testid': 'entry' })}
        empty="Nothing yet."
      />,
    )
    expect(html).toMatch(/role="region"[^>]*aria-label="Credit history"[^>]*tabindex="0"/)
    expect(html).toContain('data-testid="entry"')
    expect(html).toMatch(/<th[^>]*scope="col"[^>]*text-right[^>]*>Amount<\/th>/)
    expect(html).not.toContain('Nothing yet.')
  })

  it('says why it is empty in a row spanning every column', () => {
    const html = renderToStaticMarkup(
      <HistoryTable
        label="x"
        columns={COLUMNS}
        rows={[]}
        rowKey={(row) => row.id}
        empty="Nothing yet."
      />,
    )
    expect(html).toMatch(/<td[^>]*colSpan="2"[^>]*>Nothing yet\.<\/td>/)
  })
})

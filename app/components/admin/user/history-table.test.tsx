import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { HistoryTable, type Column, type HistoryTableProps } from './history-table.tsx'

type Row = { id: number; name: string; cents: number }
const COLUMNS: Array<Column<Row>> = [
  { key: 'name', header: 'Name', cell: (row) => row.name },
  { key: 'amount', header: 'Amount', numeric: true, cell: (row) => `$${row.cents / 100}` },
]
const REFUND: Row = { id: 1, name: 'Refund', cents: 500 }

const render = (props: Partial<HistoryTableProps<Row>>) =>
  renderToStaticMarkup(
    <HistoryTable
      label="x"
      columns={COLUMNS}
      rows={[]}
      rowKey={(row) => row.id}
      empty="Nothing yet."
      {...props}
    />,
  )

describe('HistoryTable', () => {
  it('scrolls inside a named, focusable region and marks rows for tests', () => {
    const html = render({
      label: 'Credit history',
      rows: [REFUND],
      rowProps: () => ({ 'data-testid': 'entry' }),
    })
    expect(html).toMatch(/role="region"[^>]*aria-label="Credit history"[^>]*tabindex="0"/)
    expect(html).toContain('data-testid="entry"')
    expect(html).toMatch(/<th[^>]*scope="col"[^>]*text-right[^>]*>Amount<\/th>/)
    expect(html).not.toContain('Nothing yet.')
  })

  it('says why it is empty in a row spanning every column', () => {
    expect(render({})).toMatch(/<td[^>]*colSpan="2"[^>]*>Nothing yet\.<\/td>/)
  })

  it('names the table and totals the last columns in a footer labelled across the others', () => {
    const html = render({ caption: 'Refunds per day', rows: [REFUND], totals: ['$5'] })
    expect(html).toContain('<caption class="sr-only">Refunds per day</caption>')
    expect(html).toMatch(
      /<tfoot[^>]*><tr[^>]*><th scope="row"[^>]*colSpan="1"[^>]*>Total<\/th><td[^>]*text-right[^>]*>\$5<\/td><\/tr><\/tfoot>/,
    )
  })

  it('leaves out the totals when there are no rows to total', () => {
    const html = render({ totals: ['$0'] })
    expect(html).not.toContain('<tfoot')
    expect(html).not.toContain('<caption')
  })
})

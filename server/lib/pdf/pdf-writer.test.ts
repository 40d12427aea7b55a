import { describe, expect, it } from 'vitest'
import { REPLACEMENT_CHARACTER } from './fonts.ts'
import { extractPdfText } from './pdf-text.testing.ts'
import { moneyText, openPdfWriter } from './pdf-writer.ts'

const company = {
  name: 'Ærø Hosting ApS',
  address: 'Søndergade 1\n5970 Ærøskøbing',
  taxId: 'DK12345678',
  supportEmail: 'help@example.com',
  logo: null,
}

async function render(
  lines: string[],
): Promise<{ bytes: Buffer; text: string[]; undrawable: string[] }> {
  const pdf = await openPdfWriter({ title: 'Test', createdAt: new Date('2026-01-02T03:04:05Z') })
  pdf.header(company, 'Invoice', [['Number', 'INV-2026-000001']])
  pdf.table(
    [
      { header: 'Description', share: 0.75 },
      { header: 'Amount', share: 0.25, align: 'right' },
    ],
    lines.map((line, i) => [line, moneyText(100 * (i + 1))]),
  )
  pdf.totals([['Total', moneyText(12345)]])
  const bytes = await pdf.end()
  return { bytes, text: await extractPdfText(bytes), undrawable: pdf.undrawable }
}

// Font subsetting and pdf.js are CPU-bound: on a loaded machine one render can take seconds.
describe('PdfWriter', { timeout: 30_000 }, () => {
  it('embeds fonts that draw accents, Cyrillic, Greek, arrows and currency signs, and the text round-trips', async () => {
    const names = [
      'Zoë Ångström-Nuñez → renewal',
      'Дмитрий Иванов: продление',
      'Σωκράτης Παπαδόπουλος',
      'Price € 12,50 · £ 3 · ¥ 7 ← ↔ ⇒',
      'Łódź Šťastný Ğüneş Þórr',
    ]
    const { bytes, text, undrawable } = await render(names)
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-')
    for (const [i, name] of names.entries()) expect(text).toContain(`${name} $${i + 1}.00`)
    expect(text).toContain('Ærø Hosting ApS')
    expect(text).toContain('Total $123.45')
    expect(undrawable).toEqual([])
  })

  it('draws Arabic and Hebrew letters (each word extracts in logical order)', async () => {
    const { text, undrawable } = await render(['محمد علي', 'שלום עולם'])
    const all = text.join(' ')
    for (const word of ['محمد', 'علي', 'שלום', 'עולם']) expect(all).toContain(word)
    expect(undrawable).toEqual([])
  })

  it('replaces a character no embedded font can draw with a visible U+FFFD and reports it', async () => {
    const { text, undrawable } = await render(['王小明 → ok'])
    expect(text).toContain(`${REPLACEMENT_CHARACTER.repeat(3)} → ok $1.00`)
    expect(undrawable).toEqual(['王', '小', '明'])
  })

  it('writes money from integer cents only', () => {
    expect(moneyText(123456789)).toBe('$1,234,567.89')
    expect(moneyText(-5, '€')).toBe('-€0.05')
    expect(() => moneyText(1.5)).toThrow()
  })

  it('continues long tables on new pages', async () => {
    const { text } = await render(Array.from({ length: 80 }, (_, i) => `Line ${i + 1}`))
    expect(text).toContain('Line 1 $1.00')
    expect(text).toContain('Line 80 $80.00')
    expect(text.filter((line) => line === 'Description Amount').length).toBeGreaterThan(1)
  })
})

import { describe, expect, it } from 'vitest'
import { pdfResponse, safeFilename } from './pdf-response.ts'

describe('pdfResponse', () => {
  it('is a private, uncached attachment', async () => {
    const response = pdfResponse(new TextEncoder().encode('%PDF-1.7'), 'statement-2026-01.pdf')
    expect(response.headers.get('Content-Type')).toBe('application/pdf')
    expect(response.headers.get('Content-Disposition')).toBe(
      'attachment; filename="statement-2026-01.pdf"',
    )
    expect(response.headers.get('Cache-Control')).toBe('private, no-store')
    expect(await response.text()).toBe('%PDF-1.7')
  })

  it('keeps quotes, slashes, newlines and dot-dot out of the file name', () => {
    expect(safeFilename('Receipt R-2026/0001.pdf')).toBe('Receipt-R-2026-0001.pdf')
    expect(safeFilename('../../etc/passwd')).toBe('etc-passwd.pdf')
    expect(safeFilename('a"\r\nSet-Cookie: x=1.pdf')).toBe('a-Set-Cookie-x-1.pdf')
    expect(safeFilename('')).toBe('document.pdf')
    expect(safeFilename('ü.pdf')).toBe('document.pdf')
    expect(safeFilename('x'.repeat(300))).toBe(`${'x'.repeat(96)}.pdf`)
  })
})

/**
 * A PDF download: always an attachment, never cached by a browser or a proxy (documents
 * carry names, addresses and money). The file name is reduced to letters, digits, dots,
 * dashes and underscores, so no header injection or path survives in it.
 */
export function pdfResponse(bytes: Uint8Array, filename: string, method = 'GET'): Response {
  return new Response(method === 'HEAD' ? null : new Uint8Array(bytes), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="${safeFilename(filename)}"`,
      'Content-Length': String(bytes.byteLength),
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}

/**
 * "Receipt R-2026/0001.pdf" → "Receipt-R-2026-0001.pdf": the name without its ".pdf",
 * reduced to safe characters (at most 96), then ".pdf" again; "document.pdf" if nothing is left.
 */
export function safeFilename(name: string): string {
  const stem = name
    .replace(/\.pdf$/i, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^[.-]+|[.-]+$/g, '')
    .slice(0, 96)
  return `${stem === '' ? 'document' : stem}.pdf`
}

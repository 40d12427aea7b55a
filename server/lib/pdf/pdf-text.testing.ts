/**
 * Test helper (imports the dev dependency pdfjs-dist; never imported by app code): the text
 * of every page of a PDF, one string per line as pdf.js extracts it.
 */
export async function extractPdfText(bytes: Uint8Array): Promise<string[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs')
  const pdf = await pdfjs.getDocument({ data: new Uint8Array(bytes), useSystemFonts: false })
    .promise
  const lines: string[] = []
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n)
    const content = await page.getTextContent()
    let line = ''
    for (const item of content.items) {
      if (!('str' in item)) continue
      line += item.str
      if (item.hasEOL) {
        if (line.trim() !== '') lines.push(line.trim())
        line = ''
      }
    }
    if (line.trim() !== '') lines.push(line.trim())
  }
  await pdf.destroy()
  return lines
}

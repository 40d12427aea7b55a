import type PDFDocument from 'pdfkit'
import { drawableText, FONT_FILES, type FontName, type GlyphCoverage } from './fonts.ts'

/** The issuer's block at the top of every document, as it was when the document was issued. */
export type PdfCompany = {
  name: string
  /** Several lines (street, city, country), separated by newlines. */
  address: string
  taxId: string | null
  supportEmail: string | null
  /** PNG or JPEG bytes. */
  logo: Uint8Array | null
}

export type PdfColumn = {
  header: string
  /** Share of the usable width; the shares of a table add up to 1. */
  share: number
  align?: 'left' | 'right'
}

export type PdfWriterOptions = {
  title: string
  /** Written into the PDF's metadata, so the same document renders to the same bytes. */
  createdAt: Date
}

const PAGE = { size: 'A4' as const, margin: 50 }
const SIZE = { small: 8, body: 9.5, heading: 18 }
const GREY = '#555555'
const RULE = '#cccccc'

/** 1234 → "$12.34", -500 → "-$5.00" with any symbol ("$", "€", "CR "). Integer cents only. */
export function moneyText(cents: number, symbol = '$'): string {
  if (!Number.isSafeInteger(cents)) throw new Error(`not integer cents: ${cents}`)
  const abs = Math.abs(cents)
  const whole = Math.trunc(abs / 100).toLocaleString('en-US')
  return `${cents < 0 ? '-' : ''}${symbol}${whole}.${String(abs % 100).padStart(2, '0')}`
}

/**
 * A small layout kit over pdfkit for our documents (receipts, invoices, credit notes,
 * statements): DejaVu Sans embedded, a company header, key/value blocks, tables with
 * right-aligned money that continue on new pages, totals, and `end()` → the PDF bytes.
 * Every string goes through `drawableText`: characters no embedded font has become U+FFFD
 * and are listed in `undrawable` (the caller logs them).
 */
type PdfKit = typeof PDFDocument

// pdfkit and its font tables cost ~24 MB resident: loaded with the first document, not at start.
let pdfkit: Promise<PdfKit> | undefined

/** A writer for one document; the first call loads pdfkit. */
export async function openPdfWriter(options: PdfWriterOptions): Promise<PdfWriter> {
  pdfkit ??= import('pdfkit').then((module) => module.default)
  return new PdfWriter(options, await pdfkit)
}

export class PdfWriter {
  readonly doc: PDFKit.PDFDocument
  readonly undrawable: string[] = []
  private readonly chunks: Buffer[] = []
  private readonly finished: Promise<Buffer>

  constructor(options: PdfWriterOptions, Document: PdfKit) {
    this.doc = new Document({
      size: PAGE.size,
      margin: PAGE.margin,
      font: FONT_FILES.regular,
      bufferPages: false,
      info: {
        Title: options.title,
        Producer: 'SkyPANEL',
        Creator: 'SkyPANEL',
        CreationDate: options.createdAt,
        ModDate: options.createdAt,
      },
    })
    this.doc.registerFont('regular', FONT_FILES.regular)
    this.doc.registerFont('bold', FONT_FILES.bold)
    this.useFont('regular', SIZE.body)
    this.doc.on('data', (chunk: Buffer) => this.chunks.push(chunk))
    this.finished = new Promise((resolve, reject) => {
      this.doc.on('end', () => resolve(Buffer.concat(this.chunks)))
      this.doc.on('error', reject)
    })
  }

  get left(): number {
    return this.doc.page.margins.left
  }
  get width(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right
  }
  private get bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom
  }

  private useFont(name: FontName, size: number): void {
    this.doc.font(name).fontSize(size)
  }

  /** The text as the current font can draw it (see drawableText). */
  safe(text: string): string {
    // pdfkit keeps the fontkit font of an embedded TTF on `_font.font`.
    const font = (this.doc as unknown as { _font: { font: GlyphCoverage } })._font.font
    const { text: drawable, replaced } = drawableText(text, font)
    this.undrawable.push(...replaced)
    return drawable
  }

  /** Writes text at (x, y) within width; returns its height. */
  private cell(
    text: string,
    x: number,
    y: number,
    width: number,
    options: { align?: 'left' | 'right'; font?: FontName; size?: number; color?: string } = {},
  ): number {
    this.useFont(options.font ?? 'regular', options.size ?? SIZE.body)
    const safe = this.safe(text)
    this.doc
      .fillColor(options.color ?? 'black')
      .text(safe, x, y, { width, align: options.align ?? 'left' })
    return this.doc.heightOfString(safe, { width })
  }

  private ensureSpace(height: number): void {
    if (this.doc.y + height > this.bottom) {
      this.doc.addPage()
      this.doc.y = this.doc.page.margins.top
    }
  }

  /**
   * The company block on the left (logo, name, address, tax id, support email) and the
   * document's title with its key facts (number, dates) on the right.
   */
  header(company: PdfCompany, title: string, facts: ReadonlyArray<[string, string]>): void {
    const top = this.doc.page.margins.top
    const half = this.width / 2
    let leftY = top
    if (company.logo) {
      this.doc.image(Buffer.from(company.logo), this.left, leftY, { fit: [140, 48] })
      leftY += 56
    }
    leftY += this.cell(company.name, this.left, leftY, half - 10, { font: 'bold', size: 12 }) + 2
    const details = [
      company.address,
      company.taxId ? `Tax ID: ${company.taxId}` : '',
      company.supportEmail ?? '',
    ].filter((line) => line.trim() !== '')
    for (const line of details)
      leftY += this.cell(line, this.left, leftY, half - 10, { color: GREY }) + 1

    let rightY = top
    rightY +=
      this.cell(title, this.left + half, rightY, half, {
        font: 'bold',
        size: SIZE.heading,
        align: 'right',
      }) + 6
    rightY += this.facts(facts, this.left + half, rightY, half)
    this.doc.y = Math.max(leftY, rightY) + 24
  }

  /** Label/value lines, labels grey, values right-aligned; returns the height used. */
  facts(
    rows: ReadonlyArray<[string, string]>,
    x = this.left,
    y = this.doc.y,
    width = this.width,
  ): number {
    let used = 0
    for (const [label, value] of rows) {
      const labelHeight = this.cell(label, x, y + used, width * 0.45, { color: GREY })
      const valueHeight = this.cell(value, x + width * 0.45, y + used, width * 0.55, {
        align: 'right',
      })
      used += Math.max(labelHeight, valueHeight) + 2
    }
    this.doc.y = y + used
    this.doc.x = this.left
    return used
  }

  /** A labelled block of lines, e.g. "Billed to" with the customer's name and email. */
  block(label: string, lines: readonly string[]): void {
    this.ensureSpace(40)
    let y = this.doc.y
    y += this.cell(label, this.left, y, this.width, { font: 'bold', size: SIZE.small, color: GREY })
    for (const line of lines) y += this.cell(line, this.left, y, this.width)
    this.doc.y = y + 16
    this.doc.x = this.left
  }

  /** A table; long cells wrap, rows continue on a new page with the header repeated. */
  table(columns: readonly PdfColumn[], rows: ReadonlyArray<readonly string[]>): void {
    const xs: number[] = []
    let x = this.left
    for (const column of columns) {
      xs.push(x)
      x += column.share * this.width
    }
    const widthOf = (i: number) => columns[i]!.share * this.width - (i < columns.length - 1 ? 8 : 0)
    const drawHeader = () => {
      this.ensureSpace(40)
      const y = this.doc.y
      let height = 0
      columns.forEach((column, i) => {
        height = Math.max(
          height,
          this.cell(column.header, xs[i]!, y, widthOf(i), {
            font: 'bold',
            size: SIZE.small,
            color: GREY,
            align: column.align,
          }),
        )
      })
      this.rule(y + height + 3)
      this.doc.y = y + height + 7
    }
    drawHeader()
    for (const row of rows) {
      this.useFont('regular', SIZE.body)
      const height = Math.max(
        ...row.map((text, i) => this.doc.heightOfString(text, { width: widthOf(i) })),
      )
      if (this.doc.y + height + 6 > this.bottom) {
        this.doc.addPage()
        this.doc.y = this.doc.page.margins.top
        drawHeader()
      }
      const y = this.doc.y
      row.forEach((text, i) => this.cell(text, xs[i]!, y, widthOf(i), { align: columns[i]!.align }))
      this.rule(y + height + 3, 0.3)
      this.doc.y = y + height + 7
    }
    this.doc.x = this.left
    this.doc.y += 6
  }

  /** Totals on the right half; the last row (the total) in bold. */
  totals(rows: ReadonlyArray<[string, string]>): void {
    this.ensureSpace(rows.length * 16 + 10)
    const x = this.left + this.width / 2
    const half = this.width / 2
    rows.forEach(([label, value], i) => {
      const last = i === rows.length - 1
      const font: FontName = last ? 'bold' : 'regular'
      const y = this.doc.y
      const height = Math.max(
        this.cell(label, x, y, half * 0.55, { font }),
        this.cell(value, x + half * 0.55, y, half * 0.45, { font, align: 'right' }),
      )
      this.doc.y = y + height + 3
    })
    this.doc.x = this.left
    this.doc.y += 12
  }

  /** A paragraph of small grey text (notes, payment details, footers). */
  note(text: string): void {
    this.ensureSpace(24)
    const height = this.cell(text, this.left, this.doc.y, this.width, {
      size: SIZE.small,
      color: GREY,
    })
    this.doc.y += height + 6
    this.doc.x = this.left
  }

  private rule(y: number, lineWidth = 0.6): void {
    this.doc
      .save()
      .lineWidth(lineWidth)
      .strokeColor(RULE)
      .moveTo(this.left, y)
      .lineTo(this.left + this.width, y)
      .stroke()
      .restore()
  }

  /** Finishes the document and returns its bytes. */
  end(): Promise<Buffer> {
    this.doc.end()
    return this.finished
  }
}

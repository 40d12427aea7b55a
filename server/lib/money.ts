/**
 * Money is integer cents end to end (ADR 003). User amounts are parsed from their decimal
 * text; a JS number is only ever read through its shortest round-trip text, and the REST
 * and tRPC adapters keep the caller's original text for fractional numbers
 * (see quoteFractionalNumbers), so nothing here multiplies a float.
 */

const DECIMAL_TEXT = /^(0|[1-9]\d{0,11})(?:\.(\d{1,2}))?$/

export type Cents = number

/** "12.34" → 1234. Returns a message instead of throwing, for schema use. */
export function parseDecimalToCents(
  text: string,
): { ok: true; cents: Cents } | { ok: false; message: string } {
  if (text.length === 0) return { ok: false, message: 'Enter an amount' }
  // A number in exponent form ("1e3", "2.5E-1"), not any text with an e in it ("five").
  if (/^[+-]?(\d+\.?\d*|\.\d+)e[+-]?\d+$/i.test(text))
    return { ok: false, message: 'Exponent notation is not accepted; write the amount like 12.34' }
  if (text.startsWith('-')) return { ok: false, message: 'Amount must be positive' }
  const fraction = /^\d+\.(\d+)$/.exec(text)?.[1]
  if (fraction && fraction.length > 2 && /[1-9]/.test(fraction.slice(2))) {
    return { ok: false, message: 'Amount can have at most two decimal places' }
  }
  // Trailing zeros beyond the cents ("12.500") do not change the value.
  const normalised =
    fraction && fraction.length > 2 ? text.slice(0, text.length - (fraction.length - 2)) : text
  const match = DECIMAL_TEXT.exec(normalised)
  if (!match) return { ok: false, message: 'Amount must be a decimal number like 12.34' }
  const whole = Number(match[1])
  const cents = Number((match[2] ?? '').padEnd(2, '0'))
  return { ok: true, cents: whole * 100 + cents }
}

/** 1234 → "$12.34"; -500 → "-$5.00". */
export function formatCents(cents: Cents): string {
  const sign = cents < 0 ? '-' : ''
  const abs = Math.abs(cents)
  const whole = Math.trunc(abs / 100)
  const fraction = String(abs % 100).padStart(2, '0')
  return `${sign}$${whole.toLocaleString('en-US')}.${fraction}`
}

/** 1234 → "12.34" (for CSV and inputs: no currency sign, no grouping). */
export function centsToDecimal(cents: Cents): string {
  const sign = cents < 0 ? '-' : ''
  const abs = Math.abs(cents)
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

/** Money as every response carries it: exact cents and a display string. */
export type Money = { cents: Cents; formatted: string }
export function money(cents: Cents): Money {
  return { cents, formatted: formatCents(cents) }
}

/**
 * Rewrites every JSON number token that has a fraction or exponent into a JSON string of
 * its original text, so amounts are parsed from what the caller wrote (JSON.parse would
 * round "0.1000000000000000055" to 0.1 and turn "1e3" into 1000). Integers stay numbers.
 * Invalid JSON is returned unchanged for JSON.parse to reject.
 */
export function quoteFractionalNumbers(json: string): string {
  let out = ''
  let i = 0
  while (i < json.length) {
    const ch = json[i]!
    if (ch === '"') {
      const start = i
      i++
      while (i < json.length && json[i] !== '"') i += json[i] === '\\' ? 2 : 1
      i++
      out += json.slice(start, i)
      continue
    }
    if (ch === '-' || (ch >= '0' && ch <= '9')) {
      const match = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(json.slice(i, i + 400))
      if (match) {
        const token = match[0]
        out += match[1] || match[2] ? `"${token}"` : token
        i += token.length
        continue
      }
    }
    out += ch
    i++
  }
  return out
}

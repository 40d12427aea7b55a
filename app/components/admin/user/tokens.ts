import { formatCents } from '#app/lib/money.ts'

/** "1,000 tokens" (TEMPORARY until app/lib/format.ts has the shared one). */
export function formatTokens(tokens: number): string {
  return `${tokens.toLocaleString('en-US')} ${Math.abs(tokens) === 1 ? 'token' : 'tokens'}`
}

/** 100 tokens = $1, so a token count is its dollar value in cents. */
export function tokensValue(tokens: number): string {
  return formatCents(tokens)
}

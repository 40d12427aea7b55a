// Money helpers safe for the browser (no zod, no server code): parse typed amounts, format cents.
export { centsToDecimal, formatCents, parseDecimalToCents } from '#server/lib/money.ts'

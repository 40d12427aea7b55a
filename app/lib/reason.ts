// Browser-safe: the same reason rule the server applies.
export { parseReason } from '#server/lib/reason.ts'

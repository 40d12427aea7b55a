/** Every UTC month from `first` to `last` (both `YYYY-MM`), newest first, at most `cap` of them. */
export function monthsBetween(first: string, last: string, cap = 120): string[] {
  const months: string[] = []
  let year = Number(last.slice(0, 4))
  let month = Number(last.slice(5, 7))
  while (months.length < cap) {
    const value = `${year}-${String(month).padStart(2, '0')}`
    months.push(value)
    if (value <= first) break
    month -= 1
    if (month === 0) {
      month = 12
      year -= 1
    }
  }
  return months
}

/** "2026-01" → "January 2026". */
export const monthLabel = (month: string) =>
  new Date(`${month}-01T00:00:00Z`).toLocaleString('en-US', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  })

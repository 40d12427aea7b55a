import { z } from 'zod'
import { formatCents, parseDecimalToCents, type Cents } from './money.ts'

/**
 * A positive amount as a JSON number with at most two decimals or a decimal string,
 * within [min, max] cents. Produces integer cents.
 */
export function zAmount(limits: { min: Cents; max: Cents }) {
  return z.unknown().transform((value, ctx): Cents => {
    let text: string
    if (typeof value === 'string') text = value.trim()
    else if (typeof value === 'number') {
      if (!Number.isFinite(value)) {
        ctx.addIssue({ code: 'custom', message: 'Amount must be a finite number' })
        return z.NEVER
      }
      text = String(value)
    } else {
      ctx.addIssue({
        code: 'custom',
        message: 'Amount must be a number or a decimal string like "12.34"',
      })
      return z.NEVER
    }
    const parsed = parseDecimalToCents(text)
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: parsed.message })
      return z.NEVER
    }
    if (parsed.cents === 0) {
      ctx.addIssue({ code: 'custom', message: 'Amount must be greater than zero' })
      return z.NEVER
    }
    if (parsed.cents < limits.min || parsed.cents > limits.max) {
      ctx.addIssue({
        code: 'custom',
        message: `Amount must be between ${formatCents(limits.min)} and ${formatCents(limits.max)}`,
      })
      return z.NEVER
    }
    return parsed.cents
  })
}

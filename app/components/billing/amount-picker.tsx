import { useId, useState } from 'react'
import { Button } from '#app/components/ui/button.tsx'
import { Input } from '#app/components/ui/input.tsx'
import { centsToDecimal, formatMoney } from '#app/lib/format.ts'
import { parseDecimalToCents } from '#app/lib/money.ts'

export type AmountChoice = { cents: number | null; error: string | null }

/**
 * Preset buttons plus a custom amount, validated as the user types against the same rules
 * the server applies (decimal text, at most two decimals, within the limits). `disabled`
 * while an order for the chosen amount is open: that order's amount cannot change.
 */
export function AmountPicker({
  presets,
  min,
  max,
  initialCents,
  label,
  onChange,
  describe,
  disabled = false,
}: {
  presets: number[]
  min: number
  max: number
  initialCents?: number | null
  label: string
  onChange: (choice: AmountChoice) => void
  describe?: (cents: number) => string
  disabled?: boolean
}) {
  const id = useId()
  const [text, setText] = useState(initialCents ? centsToDecimal(initialCents) : '')
  const [selected, setSelected] = useState<number | null>(
    initialCents && presets.includes(initialCents) ? initialCents : null,
  )
  const [error, setError] = useState<string | null>(null)

  const choose = (value: string, preset: number | null) => {
    setText(value)
    setSelected(preset)
    const parsed = parseDecimalToCents(value.trim())
    let next: AmountChoice
    if (!parsed.ok) next = { cents: null, error: value.trim() === '' ? null : parsed.message }
    else if (parsed.cents < min || parsed.cents > max)
      next = {
        cents: null,
        error: `Enter an amount between ${formatMoney(min)} and ${formatMoney(max)}`,
      }
    else next = { cents: parsed.cents, error: null }
    setError(next.error)
    onChange(next)
  }

  const current = parseDecimalToCents(text.trim())
  return (
    <fieldset className="min-w-0 space-y-3" disabled={disabled}>
      <legend className="text-sm font-medium text-slate-700">{label}</legend>
      <div className="flex flex-wrap gap-2">
        {presets.map((cents) => (
          <Button
            key={cents}
            variant={selected === cents ? 'primary' : 'secondary'}
            aria-pressed={selected === cents}
            onClick={() => choose(centsToDecimal(cents), cents)}
          >
            {formatMoney(cents)}
          </Button>
        ))}
      </div>
      <div>
        <label htmlFor={`${id}-custom`} className="block text-sm text-slate-600">
          Custom amount (USD, {formatMoney(min)} to {formatMoney(max)})
        </label>
        <Input
          id={`${id}-custom`}
          inputMode="decimal"
          autoComplete="off"
          value={text}
          onChange={(event) => choose(event.target.value, null)}
          invalid={error !== null}
          aria-describedby={error ? `${id}-error` : `${id}-hint`}
          className="mt-1 w-40"
        />
        {error ? (
          <p id={`${id}-error`} role="alert" className="mt-1 text-xs text-rose-600">
            {error}
          </p>
        ) : (
          <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500" aria-live="polite">
            {current.ok && describe && current.cents >= min && current.cents <= max
              ? describe(current.cents)
              : '\u00a0'}
            {disabled ? ' · locked while your order is open' : ''}
          </p>
        )}
      </div>
    </fieldset>
  )
}

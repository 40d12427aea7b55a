import { useId, useState } from 'react'
import { formatCents, parseDecimalToCents } from '#app/lib/money.ts'
import { cn } from '#app/lib/utils.ts'

export type AmountChoice = { cents: number | null; error: string | null }

/**
 * Preset buttons plus a custom amount, validated as the user types against the same rules
 * the server applies (decimal text, at most two decimals, within the limits).
 */
export function AmountPicker({
  presets,
  min,
  max,
  initialCents,
  label,
  onChange,
  describe,
}: {
  presets: number[]
  min: number
  max: number
  initialCents?: number | null
  label: string
  onChange: (choice: AmountChoice) => void
  describe?: (cents: number) => string
}) {
  const id = useId()
  const [text, setText] = useState(initialCents ? (initialCents / 100).toFixed(2) : '')
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
        error: `Enter an amount between ${formatCents(min)} and ${formatCents(max)}`,
      }
    else next = { cents: parsed.cents, error: null }
    setError(next.error)
    onChange(next)
  }

  const current = parseDecimalToCents(text.trim())
  return (
    <fieldset className="space-y-3">
      <legend className="text-sm font-medium text-slate-700">{label}</legend>
      <div className="flex flex-wrap gap-2">
        {presets.map((cents) => (
          <button
            key={cents}
            type="button"
            aria-pressed={selected === cents}
            onClick={() => choose((cents / 100).toFixed(2), cents)}
            className={cn(
              'rounded-md px-3 py-2 text-sm font-semibold ring-1 ring-inset',
              selected === cents
                ? 'bg-indigo-600 text-white ring-indigo-600'
                : 'bg-white text-slate-800 ring-slate-300 hover:bg-slate-50',
            )}
          >
            {formatCents(cents)}
          </button>
        ))}
      </div>
      <div>
        <label htmlFor={`${id}-custom`} className="block text-sm text-slate-600">
          Custom amount (USD, {formatCents(min)} to {formatCents(max)})
        </label>
        <input
          id={`${id}-custom`}
          inputMode="decimal"
          autoComplete="off"
          value={text}
          onChange={(event) => choose(event.target.value, null)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : `${id}-hint`}
          className={cn(
            'mt-1 block w-40 rounded-md border-0 px-3 py-2 text-sm shadow-sm ring-1 ring-inset focus:ring-2',
            error ? 'ring-rose-400 focus:ring-rose-500' : 'ring-slate-300 focus:ring-indigo-600',
          )}
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
          </p>
        )}
      </div>
    </fieldset>
  )
}

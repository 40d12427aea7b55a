import { useId, useState, type ChangeEvent } from 'react'
import { Button } from '#app/components/ui/button.tsx'
import { controlClasses } from '#app/components/ui/input.tsx'
import type { LogoChange } from './settings-form.ts'

/**
 * The logo: the current one (or the chosen file) as a preview, a file picker and Remove. The
 * file is read here as base64; the schema checks its signature and size, like the server.
 */
export function LogoField(props: {
  currentUrl: string | null
  change: LogoChange
  onChange: (change: LogoChange) => void
  error?: string
  maxKb: number
}) {
  const id = useId()
  const [preview, setPreview] = useState<string | null>(null)
  const shown =
    props.change.kind === 'set' ? preview : props.change.kind === 'remove' ? null : props.currentUrl

  function choose(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0]
    if (!file) return
    const reader = new FileReader()
    reader.onload = () => {
      const dataUrl = typeof reader.result === 'string' ? reader.result : ''
      setPreview(dataUrl)
      props.onChange({ kind: 'set', base64: dataUrl.slice(dataUrl.indexOf(',') + 1) })
    }
    reader.readAsDataURL(file)
  }

  const describedBy = [`${id}-help`, props.error ? `${id}-error` : null].filter(Boolean).join(' ')
  return (
    <div className="space-y-2">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        Logo
      </label>
      <p id={`${id}-help`} className="text-xs text-slate-500">
        PNG or JPEG, at most {props.maxKb} KB. Shown in the header and in emails.
      </p>
      <div className="flex flex-wrap items-center gap-3">
        <div className="flex h-16 w-40 items-center justify-center rounded border border-slate-200 bg-slate-50">
          {shown ? (
            <img src={shown} alt="Logo preview" className="max-h-14 max-w-36 object-contain" />
          ) : (
            <span className="text-xs text-slate-600">No logo</span>
          )}
        </div>
        {shown ? (
          <Button
            type="button"
            variant="secondary"
            onClick={() => props.onChange({ kind: 'remove' })}
          >
            Remove logo
          </Button>
        ) : null}
      </div>
      <input
        id={id}
        type="file"
        accept="image/png,image/jpeg"
        onChange={choose}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy}
        className={controlClasses(Boolean(props.error), 'file:mr-3')}
      />
      {props.error ? (
        <p id={`${id}-error`} role="alert" className="text-xs font-medium text-rose-700">
          {props.error}
        </p>
      ) : null}
    </div>
  )
}

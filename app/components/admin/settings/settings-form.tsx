import { useRef, useState, type FormEvent } from 'react'
import { ReasonField } from '#app/components/admin/form-dialog.tsx'
import { useTextFields, VERBATIM } from '#app/components/admin/use-text-fields.ts'
import { Alert } from '#app/components/ui/alert.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { Field, TextareaField } from '#app/components/ui/field.tsx'
import { LogoField } from './logo-field.tsx'
import {
  inputOf,
  validate,
  valuesOf,
  type LogoChange,
  type SettingsErrors,
  type SettingsValues,
} from './settings-form.ts'
import type { SettingsView } from './use-admin-settings.ts'

const LOGO_MAX_KB = 200

/** Every setting on one form, saved together with one reason. Empty fields use the default. */
export function SettingsForm(props: {
  view: SettingsView
  pending: boolean
  save: (input: ReturnType<typeof inputOf>) => Promise<SettingsErrors | null>
}) {
  const { view } = props
  const form = useTextFields<SettingsValues>(() => valuesOf(view))
  const [logo, setLogo] = useState<LogoChange>({ kind: 'keep' })
  const formRef = useRef<HTMLFormElement>(null)
  const defaultHint = (key: keyof SettingsView['defaults']) =>
    view.defaults[key] ? `Empty: ${view.defaults[key]}.` : 'Optional.'

  async function submit(event: FormEvent) {
    event.preventDefault()
    const input = inputOf(form.values, logo)
    const errors = validate(input) ?? (await props.save(input))
    form.setErrors(errors ?? {})
    // A refused save takes the focus to the first field it names, once React has marked it.
    if (errors)
      requestAnimationFrame(() =>
        formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(),
      )
    if (!errors) {
      form.setValues((current) => ({ ...current, reason: '' }))
      setLogo({ kind: 'keep' })
    }
  }

  return (
    <form
      ref={formRef}
      onSubmit={(event) => void submit(event)}
      noValidate
      className="space-y-6"
    >
      <Card className="space-y-4 p-4 sm:p-6">
        <h2 className="text-lg font-semibold">Company</h2>
        <Field
          label="Company name"
          description={defaultHint('companyName')}
          {...form.text('companyName')}
        />
        <TextareaField
          label="Postal address"
          description="One line per line of the address. Printed on documents and in emails."
          rows={4}
          {...form.text('companyAddress')}
        />
        <Field
          label="Tax id"
          description="Printed on invoices and receipts. Optional."
          {...form.text('taxId')}
          {...VERBATIM}
        />
        <Field
          label="Support email"
          type="email"
          description="Where customers can write; shown in emails. Optional."
          {...form.text('supportEmail')}
          {...VERBATIM}
        />
        <LogoField
          currentUrl={view.logo?.url ?? null}
          change={logo}
          onChange={(change) => {
            setLogo(change)
            form.setErrors((current) => ({ ...current, logo: undefined }))
          }}
          error={form.errors.logo}
          maxKb={LOGO_MAX_KB}
        />
      </Card>
      <Card className="space-y-4 p-4 sm:p-6">
        <h2 className="text-lg font-semibold">Custom credits</h2>
        <p className="text-sm text-slate-600">
          How pages and emails name the local wallet. Ledger entries keep their own codes.
        </p>
        <Field
          label="Display name"
          description={defaultHint('creditsDisplayName')}
          {...form.text('creditsDisplayName')}
        />
        <Field
          label="Symbol"
          description={defaultHint('creditsSymbol')}
          {...form.text('creditsSymbol')}
        />
        <Field
          label="Default low-balance threshold"
          inputMode="decimal"
          description={`In dollars, e.g. 5.00. For users who set none. ${defaultHint('lowBalanceDefault')}`}
          {...form.text('lowBalanceDefault')}
        />
      </Card>
      <Card className="space-y-4 p-4 sm:p-6">
        <ReasonField {...form.text('reason')} />
        {form.errors.other ? <Alert tone="error">{form.errors.other}</Alert> : null}
        <Button type="submit" pending={props.pending} pendingLabel="Saving…">
          Save settings
        </Button>
      </Card>
    </form>
  )
}

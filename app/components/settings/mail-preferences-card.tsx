import { Field } from '#app/components/ui/field.tsx'
import { SettingsFormCard } from './settings-form-card.tsx'

export type MailPreferencesView = {
  categories: { category: string; label: string; description: string; enabled: boolean }[]
  mandatory: readonly string[]
  lowBalance: { thresholdCents: number; isDefault: boolean; defaultCents: number }
}

const dollars = (cents: number) => (cents / 100).toFixed(2)

/**
 * Which optional emails the user gets, and the low-balance threshold. Security and
 * money-movement messages are listed as always on, without a switch (they cannot be turned off).
 * Keyed by the saved values so the form shows them again after a save (it resets on success).
 */
export function MailPreferencesCard({ preferences }: { preferences: MailPreferencesView }) {
  const { lowBalance } = preferences
  const key = JSON.stringify(preferences)
  return (
    <SettingsFormCard
      key={key}
      intent="mail-preferences"
      // Not "Email…" (the sign-in address card is "Email") nor "Notifications" (the toasts' region).
      title="Mail preferences"
      description="The emails we send you. Optional ones can be turned off here or with the unsubscribe link in each of them."
      submitLabel="Save email settings"
      pendingLabel="Saving…"
    >
      {(errorsOf) => (
        <>
          <fieldset className="space-y-3">
            <legend className="text-sm font-medium">Optional emails</legend>
            {preferences.categories.map((c) => (
              <div key={c.category} className="flex items-start gap-3">
                <input
                  id={`mail-${c.category}`}
                  type="checkbox"
                  name="enabled"
                  value={c.category}
                  defaultChecked={c.enabled}
                  aria-describedby={`mail-${c.category}-description`}
                  className="mt-1 h-4 w-4 shrink-0 rounded border-slate-400 text-indigo-700 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-700"
                />
                <div className="min-w-0">
                  <label htmlFor={`mail-${c.category}`} className="text-sm font-medium">
                    {c.label}
                  </label>
                  <p id={`mail-${c.category}-description`} className="text-sm text-slate-600">
                    {c.description}
                  </p>
                </div>
              </div>
            ))}
          </fieldset>
          <Field
            label="Low-balance threshold (USD)"
            name="lowBalanceThreshold"
            className="max-w-sm"
            inputMode="decimal"
            autoComplete="off"
            defaultValue={lowBalance.isDefault ? '' : dollars(lowBalance.thresholdCents)}
            placeholder={dollars(lowBalance.defaultCents)}
            description={`Warn me when a charge takes my credits below this. Empty: the default, $${dollars(lowBalance.defaultCents)}.`}
            errors={errorsOf('lowBalanceThreshold')}
          />
          <div>
            <h3 id="mail-always-sent" className="text-sm font-medium">
              Always sent
            </h3>
            <p className="text-sm text-slate-600">
              Security and money-movement emails cannot be turned off: they are your record of
              what happened to your account and your money.
            </p>
            <ul
              aria-labelledby="mail-always-sent"
              className="mt-2 list-disc space-y-1 pl-5 text-sm text-slate-600"
            >
              {preferences.mandatory.map((text) => (
                <li key={text}>{text}</li>
              ))}
            </ul>
          </div>
        </>
      )}
    </SettingsFormCard>
  )
}

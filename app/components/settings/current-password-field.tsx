import { Field } from '#app/components/ui/field.tsx'

/** The password a settings change re-authenticates with (the server checks and throttles it). */
export function CurrentPasswordField({
  errors,
  description,
}: {
  errors: string[] | null | undefined
  description?: string
}) {
  return (
    <Field
      label="Current password"
      name="currentPassword"
      type="password"
      autoComplete="current-password"
      required
      description={description}
      errors={errors}
    />
  )
}

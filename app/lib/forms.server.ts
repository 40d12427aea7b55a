import { json } from '@remix-run/node'
import { asAppError } from '#server/http/respond.ts'
import { NOT_A_FORM } from '#server/http/forms.ts'

export { NOT_A_FORM, readForm } from '#server/http/forms.ts'

/** A form action's failure, as the page shows it: code, message and the fields at fault. */
export function formFailure(error: unknown) {
  const appError = asAppError(error)
  return json(
    {
      error: {
        code: appError.code,
        message: appError.message,
        fields: appError.fields ?? null,
      },
    },
    { status: appError.httpStatus },
  )
}

/** The answer to a body that is not a form (wrong content type, or too large to read). */
export function notAFormFailure() {
  return json(
    { error: { code: 'VALIDATION_FAILED', message: NOT_A_FORM, fields: null } },
    { status: 400 },
  )
}

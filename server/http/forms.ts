import { AppError, toErrorBody } from '#server/errors.ts'
import { json } from './respond.ts'

/** A form body, or null when the body is not a form (JSON, text, broken multipart). */
export async function readForm(request: Request): Promise<FormData | null> {
  try {
    return await request.formData()
  } catch {
    return null
  }
}

export function badForm(): Response {
  return json(
    toErrorBody(
      new AppError(
        'VALIDATION_FAILED',
        'Send the form as application/x-www-form-urlencoded or multipart/form-data.',
      ),
    ),
    { status: 400 },
  )
}

/** The message for a body that is not a form (JSON, text, broken multipart): a 400, not a 500. */
export const NOT_A_FORM =
  'Send the form as application/x-www-form-urlencoded or multipart/form-data.'

/** A form body, or null when the body is not a form. */
export async function readForm(request: Request): Promise<FormData | null> {
  try {
    return await request.formData()
  } catch {
    return null
  }
}

import { isUniqueViolation } from '#db/errors.ts'
import { AppError } from '#server/errors.ts'

/** A product's slug and name are unique within its family: a clear 409 naming the field. */
export function rethrowDuplicate(error: unknown): never {
  if (isUniqueViolation(error, 'products_family_slug_key')) {
    throw new AppError('ALREADY_EXISTS', 'A product of this family already has this slug.', {
      fields: { slug: ['Already taken'] },
    })
  }
  if (isUniqueViolation(error, 'products_family_name_key')) {
    throw new AppError('ALREADY_EXISTS', 'A product of this family already has this name.', {
      fields: { name: ['Already taken'] },
    })
  }
  throw error
}

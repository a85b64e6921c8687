// Maps zod failures onto the error details of docs/api.md §1: a missing field is `required`, anything
// else `invalid`, and `location` names the field so a client can point at it.
import type { z } from 'zod'
import { ApiError } from './apiError'
import type { ErrorDetail } from '../../../common/api'

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined
    value = (value as Record<PropertyKey, unknown>)[key]
  }
  return value
}

export function validate<T extends z.ZodType>(
  schema: T,
  input: unknown,
  locationType: 'body' | 'parameter' = 'body'
): z.infer<T> {
  const result = schema.safeParse(input)
  if (result.success) return result.data
  const details: ErrorDetail[] = result.error.issues.map((issue) => {
    const location = issue.path.length > 0 ? String(issue.path[0]) : locationType
    const missing = issue.code === 'invalid_type' && valueAt(input, issue.path) === undefined
    return {
      message: missing ? `This field is required: ${location}` : `${location}: ${issue.message}`,
      reason: missing ? 'required' : 'invalid',
      location,
      location_type: locationType
    }
  })
  throw new ApiError(400, details)
}

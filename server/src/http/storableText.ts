// Text every store can keep exactly: PostgreSQL refuses NUL in text (SQLite would keep it and
// truncate it in places), and an unpaired UTF-16 surrogate has no UTF-8 form, so it would be
// stored as U+FFFD, a different string from the one sent. Both are refused at the HTTP
// boundary, naming the field, before any route sees them.
import { errors } from './apiError'

// eslint-disable-next-line no-control-regex
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

function firstUnstorable(value: unknown): boolean {
  if (typeof value === 'string') return UNSTORABLE.test(value)
  if (Array.isArray(value)) return value.some(firstUnstorable)
  if (typeof value === 'object' && value !== null) return Object.entries(value).some(([key, inner]) => UNSTORABLE.test(key) || firstUnstorable(inner))
  return false
}

/** Throws 400 invalid at the first field (or key) holding a NUL or an unpaired surrogate. */
export function refuseUnstorableText(fields: Readonly<Record<string, unknown>>, locationType: 'body' | 'parameter'): void {
  for (const [name, value] of Object.entries(fields)) {
    if (UNSTORABLE.test(name) || firstUnstorable(value)) {
      const location = UNSTORABLE.test(name) ? locationType : name
      throw errors.invalid(location, `${location}: contains a NUL character or an unpaired surrogate, which cannot be stored`, locationType)
    }
  }
}

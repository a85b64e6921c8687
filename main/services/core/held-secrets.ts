// The secret values this process holds right now (OAuth access and refresh tokens, the video
// token, TURN credentials), so the log can mask them by value wherever they appear: under an
// innocent field name, inside free text, in an error message. Key-name and shape masking
// (main/platform/logger.ts) cannot know an opaque random token; this can.
import type { Logger } from './platform'

const MASK = '[redacted]'
/** Shorter values are not secrets worth the risk of masking ordinary words. */
const MIN_SECRET_LENGTH = 8
const MAX_DEPTH = 6

export interface SecretMask {
  mask(text: string): string
}

export class HeldSecrets implements SecretMask {
  readonly #byOwner = new Map<string, readonly string[]>()

  /** What `owner` holds now, replacing what it held before. */
  hold(owner: string, values: ReadonlyArray<string | undefined>): void {
    const kept = values.filter((value): value is string => value !== undefined && value.length >= MIN_SECRET_LENGTH)
    if (kept.length === 0) this.#byOwner.delete(owner)
    else this.#byOwner.set(owner, kept)
  }

  release(owner: string): void {
    this.#byOwner.delete(owner)
  }

  mask(text: string): string {
    let masked = text
    for (const values of this.#byOwner.values()) {
      for (const value of values) {
        masked = masked.split(value).join(MASK)
        // The same value as a form body or a query string would carry it.
        const encoded = encodeURIComponent(value)
        if (encoded !== value) masked = masked.split(encoded).join(MASK)
      }
    }
    return masked
  }
}

/** `value` with every string in it masked (objects and arrays rebuilt, errors as name and message). */
export function maskDeep(value: unknown, secrets: SecretMask, depth = 0): unknown {
  if (typeof value === 'string') return secrets.mask(value)
  if (value instanceof Error) return secrets.mask(`${value.name}: ${value.message}`)
  if (depth > MAX_DEPTH || typeof value !== 'object' || value === null) return value
  if (Array.isArray(value)) return value.map((entry) => maskDeep(entry, secrets, depth + 1))
  return Object.fromEntries(Object.entries(value).map(([key, entry]) => [secrets.mask(key), maskDeep(entry, secrets, depth + 1)]))
}

/** A logger that masks every held secret by value before `logger` sees the line. */
export function maskingLogger(logger: Logger, secrets: SecretMask): Logger {
  const entry = (level: keyof Logger) => (message: string, fields?: Record<string, unknown>) =>
    fields === undefined ? logger[level](secrets.mask(message)) : logger[level](secrets.mask(message), maskDeep(fields, secrets) as Record<string, unknown>)
  return { debug: entry('debug'), info: entry('info'), warn: entry('warn'), error: entry('error') }
}

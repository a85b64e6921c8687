// The main process log: one line per event on stderr, with a last line of defence that
// masks anything shaped like a secret, in case a field ever carries one.
import type { Logger } from '../services/core/platform'

const LEVELS = ['debug', 'info', 'warn', 'error'] as const
type Level = (typeof LEVELS)[number]
const SECRET_KEY = /token|password|secret|authorization|auth$/i
const JWT = /\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g
const BEARER = /Bearer\s+[A-Za-z0-9._~+/=-]+/gi

export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.replace(JWT, '[redacted]').replace(BEARER, 'Bearer [redacted]')
  if (depth > 4 || typeof value !== 'object' || value === null) return value
  if (Array.isArray(value)) return value.map((entry) => redact(entry, depth + 1))
  return Object.fromEntries(
    Object.entries(value).map(([key, entry]) => [key, SECRET_KEY.test(key) ? '[redacted]' : redact(entry, depth + 1)])
  )
}

export function createConsoleLogger(minimum: string | undefined = process.env.SHOUTIT_LOG_LEVEL): Logger {
  const threshold = LEVELS.indexOf((LEVELS as readonly string[]).includes(minimum ?? '') ? (minimum as Level) : 'info')
  const log = (level: Level) => (message: string, fields?: Record<string, unknown>) => {
    if (LEVELS.indexOf(level) < threshold) return
    const line = `${new Date().toISOString()} ${level} ${redact(message) as string}`
    console.error(fields ? `${line} ${JSON.stringify(redact(fields))}` : line)
  }
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') }
}

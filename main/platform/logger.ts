// The main process log: one line per event on stderr and, in the app, in a log file in the
// user data folder (logs/main.log, rotated by electron-log), with a last line of defence
// that masks anything shaped like a secret, in case a field ever carries one, and (given the
// process's held secrets) every secret value the process holds, whatever carries it. The file
// gets the line after masking, never the raw fields.
import log from 'electron-log/node'
import type { SecretMask } from '../services/core/held-secrets'
import type { Logger } from '../services/core/platform'

const LEVELS = ['debug', 'info', 'warn', 'error'] as const
type Level = (typeof LEVELS)[number]
const SECRET_KEY = /token|password|secret|authorization|auth$/i
const JWT = /\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g
const BEARER = /Bearer\s+[A-Za-z0-9._~+/=-]+/gi
/** Past this size the file is renamed main.old.log and a new one started: two files at most. */
const MAX_LOG_BYTES = 5 * 1024 * 1024

export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.replace(JWT, '[redacted]').replace(BEARER, 'Bearer [redacted]')
  if (depth > 4 || typeof value !== 'object' || value === null) return value
  if (Array.isArray(value)) return value.map((entry) => redact(entry, depth + 1))
  return Object.fromEntries(
    Object.entries(value).map(([key, entry]) => [key, SECRET_KEY.test(key) ? '[redacted]' : redact(entry, depth + 1)])
  )
}

/** SHOUTIT_LOG_LEVEL, or info when unset or not a level. */
export function logLevel(minimum: string | undefined): Level {
  return (LEVELS as readonly string[]).includes(minimum ?? '') ? (minimum as Level) : 'info'
}

/** The masked text of one event, without time and level. */
function formatEvent(message: string, fields: Record<string, unknown> | undefined): string {
  const text = redact(message) as string
  return fields ? `${text} ${JSON.stringify(redact(fields))}` : text
}

function levelledLogger(minimum: string | undefined, write: (level: Level, text: string) => void): Logger {
  const threshold = LEVELS.indexOf(logLevel(minimum))
  const entry = (level: Level) => (message: string, fields?: Record<string, unknown>) => {
    if (LEVELS.indexOf(level) < threshold) return
    write(level, formatEvent(message, fields))
  }
  return { debug: entry('debug'), info: entry('info'), warn: entry('warn'), error: entry('error') }
}

export interface AppLoggerOptions {
  /** The log file, `<user data>/logs/main.log` in the app. */
  file: string
  minimum?: string | undefined
  /** Also print each line on stderr (default true: a terminal start shows the log). */
  echo?: boolean
  /** The secrets the process holds (main/compose.ts fills it): masked by value in every line. */
  secrets?: SecretMask
}

/** stderr and a rotated file, both after masking. */
export function createAppLogger({ file, minimum = process.env.SHOUTIT_LOG_LEVEL, echo = true, secrets }: AppLoggerOptions): Logger {
  // electron-log's Node build: the file transport only. Its Electron build would also open an
  // IPC channel for renderers to log through, outside the app's validated contract.
  const fileLog = log.create({ logId: `shoutit:${file}` })
  fileLog.transports.console.level = false
  fileLog.transports.file.level = 'silly'
  fileLog.transports.file.resolvePathFn = () => file
  fileLog.transports.file.maxSize = MAX_LOG_BYTES
  fileLog.transports.file.format = '{iso} {level} {text}'
  // Names, rooms and addresses appear in it: readable by the user only.
  fileLog.transports.file.writeOptions = { flag: 'a', mode: 0o600, encoding: 'utf8' }
  return levelledLogger(minimum, (level, masked) => {
    const text = secrets ? secrets.mask(masked) : masked
    if (echo) console.error(`${new Date().toISOString()} ${level} ${text}`)
    fileLog[level](text)
  })
}

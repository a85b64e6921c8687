// The server logs through this narrow interface so tests stay quiet and the CLI can print.
// The CLI's logger is pino: one JSON object per line, with credentials redacted by path as a
// second line of defence (callers already log only chosen fields, never bodies or headers).
import { pino, type DestinationStream } from 'pino'

export type LogFields = Record<string, unknown>

export interface Logger {
  info(message: string, fields?: LogFields): void
  warn(message: string, fields?: LogFields): void
  error(message: string, error?: unknown): void
}

export const quietLogger: Logger = {
  info: () => {},
  warn: () => {},
  error: () => {}
}

const SECRET_FIELDS = ['password', 'token', 'access_token', 'refresh_token', 'secret', 'client_secret', 'authorization', 'cookie']

/** Paths pino blanks out wherever they appear at the top level or one level down (e.g. headers.authorization). */
export const REDACTED_PATHS = [...SECRET_FIELDS, ...SECRET_FIELDS.map((field) => `*.${field}`), 'req.headers.authorization', 'req.headers.cookie']

export interface LoggerSettings {
  /** 'info' logs every request; 'error' only failures. */
  level?: 'info' | 'warn' | 'error'
  /** Where the lines go (standard output when not given). */
  destination?: DestinationStream
}

export function createLogger(settings: LoggerSettings = {}): Logger {
  const options = { level: settings.level ?? 'info', redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }
  const log = settings.destination ? pino(options, settings.destination) : pino(options)
  return {
    info: (message, fields) => log.info(fields ?? {}, message),
    warn: (message, fields) => log.warn(fields ?? {}, message),
    error: (message, error) => log.error(error === undefined ? {} : { err: error }, message)
  }
}

export const consoleLogger: Logger = createLogger()

// The server logs through this narrow interface so tests stay quiet and the CLI can print.
export interface Logger {
  info(message: string): void
  warn(message: string): void
  error(message: string, error?: unknown): void
}

export const quietLogger: Logger = {
  info: () => {},
  warn: () => {},
  error: () => {}
}

export const consoleLogger: Logger = {
  info: (message) => console.log(message),
  warn: (message) => console.warn(message),
  error: (message, error) => console.error(message, error instanceof Error ? error.stack ?? error.message : (error ?? ''))
}

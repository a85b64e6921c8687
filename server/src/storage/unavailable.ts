// A database that cannot be reached right now (restart, failover, a terminated backend, a
// refused or timed-out connection) is a temporary condition, not a bug: the routes answer 503
// with Retry-After, and the pool connects afresh once the database is back.

export class StorageUnavailableError extends Error {
  constructor(override readonly cause: unknown) {
    super('The database is unavailable')
    this.name = 'StorageUnavailableError'
  }
}

/** SQLSTATE classes and codes that mean the connection, not the statement, failed. */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '25006'])
const UNAVAILABLE_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOENT', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND'])
/** node-postgres reports a lost or timed-out connection with these messages and no code. */
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect/,
  /is not queryable$/,
  /^Client was closed/
]

export function isConnectionFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  const code = (error as { code?: unknown }).code
  if (typeof code === 'string' && (code.startsWith('08') || UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_ERRNOS.has(code))) return true
  return UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(error.message))
}

/** Rethrows a connection failure as StorageUnavailableError; anything else as it is. */
export function asStorageError(error: unknown): unknown {
  return isConnectionFailure(error) ? new StorageUnavailableError(error) : error
}

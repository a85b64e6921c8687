// Errors the services raise, and how each crosses IPC as plain data (common/ipc.ts IpcError).
import type { TFunction } from 'i18next'
import type { IpcError } from '../../../common/ipc'

/** A reply in the API's error envelope (docs/api.md §1), or a reply that broke the contract. */
export class ApiError extends Error {
  override readonly name = 'ApiError'
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
    readonly location?: string
  ) {
    super(message)
  }
}

/** The server could not be reached (DNS, refused, reset, timeout). */
export class NetworkError extends Error {
  override readonly name = 'NetworkError'
}

export class NotSignedInError extends Error {
  override readonly name = 'NotSignedInError'
  /** Whether the message says why (a session the server ended), rather than the generic words. */
  readonly hasReason: boolean
  constructor(message?: string) {
    super(message ?? 'You are not signed in.')
    this.hasReason = message !== undefined
  }
}

/** Guests never use video routes (docs/api.md §4): the client refuses before the server has to. */
export class GuestError extends Error {
  override readonly name = 'GuestError'
  constructor(message = 'Guests cannot make or receive video calls. Sign in or create an account.') {
    super(message)
  }
}

export class InvalidRequestError extends Error {
  override readonly name = 'InvalidRequestError'
}

/** `t` words the app's own refusals in its language; messages from the server pass through as they are. */
export function toIpcError(error: unknown, t?: TFunction): IpcError {
  if (error instanceof ApiError) {
    return { code: 'api_error', message: error.message, status: error.status, reason: error.reason, ...(error.location ? { location: error.location } : {}) }
  }
  if (error instanceof NetworkError) return { code: 'network', message: error.message }
  if (error instanceof NotSignedInError) return { code: 'not_signed_in', message: t && !error.hasReason ? t('mainErrors.notSignedIn') : error.message }
  if (error instanceof GuestError) return { code: 'guest', message: t ? t('mainErrors.guest') : error.message }
  if (error instanceof InvalidRequestError) return { code: 'invalid_request', message: error.message }
  // Anything else is our bug: do not leak internals (paths, tokens in messages) to the window.
  return { code: 'internal', message: t ? t('mainErrors.internal') : 'Something went wrong in the app. Try again.' }
}

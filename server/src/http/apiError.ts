// The one error shape of docs/api.md §1. Handlers throw ApiError; the router turns it (and
// anything unexpected) into the envelope, so no failure path can answer in another shape.
import type { ErrorDetail, ErrorEnvelope, ErrorReason } from '../../../common/api'

const STATUS_MESSAGES: Record<number, string> = {
  400: 'Bad request',
  401: 'Not authenticated',
  403: 'Permission denied',
  404: 'Not found',
  405: 'Method not allowed',
  413: 'Request body too large',
  415: 'Unsupported media type',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable'
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly details: ErrorDetail[],
    message?: string,
    /** Extra response headers, e.g. Allow on 405 or Retry-After on 429. */
    readonly headers: Record<string, string> = {}
  ) {
    super(message ?? details[0]?.message ?? STATUS_MESSAGES[status] ?? 'Error')
  }

  toEnvelope(requestId: string): ErrorEnvelope {
    return {
      error: {
        code: this.status,
        message: this.message,
        developer_message: '',
        request_id: requestId,
        errors: this.details
      }
    }
  }
}

type Location = { location: string; locationType?: 'parameter' | 'body' | 'header' }

function detail(message: string, reason: ErrorReason, where?: Location): ErrorDetail {
  if (!where) return { message, reason }
  return { message, reason, location: where.location, location_type: where.locationType ?? 'body' }
}

/** Shorthands for the errors the routes raise, named after the reasons of docs/api.md §1. */
export const errors = {
  required: (location: string, locationType: Location['locationType'] = 'body') =>
    new ApiError(400, [detail(`This field is required: ${location}`, 'required', { location, locationType })]),
  invalid: (location: string, message: string, locationType: Location['locationType'] = 'body') =>
    new ApiError(400, [detail(message, 'invalid', { location, locationType })]),
  badRequest: (message: string) => new ApiError(400, [detail(message, 'bad_request')]),
  notAuthenticated: () =>
    new ApiError(401, [detail('Authentication credentials were not provided', 'not_authenticated', { location: 'Authorization', locationType: 'header' })]),
  authFailed: (message = 'Invalid or expired access token') =>
    new ApiError(401, [detail(message, 'auth_failed', { location: 'Authorization', locationType: 'header' })]),
  permissionDenied: (message: string) => new ApiError(403, [detail(message, 'permission_denied')]),
  notFound: (message = 'Not found') => new ApiError(404, [detail(message, 'not_found')]),
  methodNotAllowed: (method: string, allowed: string[]) =>
    new ApiError(405, [detail(`Method "${method}" not allowed`, 'method_not_allowed')], undefined, { Allow: allowed.join(', ') }),
  payloadTooLarge: (limit: number) => new ApiError(413, [detail(`The body is larger than ${limit} bytes`, 'bad_request')]),
  unsupportedMediaType: (contentType: string) =>
    new ApiError(415, [
      detail(`Unsupported media type "${contentType}": send application/json`, 'unsupported_media_type', { location: 'Content-Type', locationType: 'header' })
    ]),
  throttled: (retryAfterSeconds: number, location: string, what = 'failed attempts') =>
    new ApiError(
      429,
      [detail(`Too many ${what}; try again in ${retryAfterSeconds} seconds`, 'throttled', { location })],
      undefined,
      { 'Retry-After': String(retryAfterSeconds) }
    ),
  unavailable: (retryAfterSeconds: number, cause = 'its database cannot be reached') =>
    new ApiError(
      503,
      [detail(`The service is briefly unavailable (${cause}); try again in ${retryAfterSeconds} seconds`, 'service_unavailable')],
      undefined,
      { 'Retry-After': String(retryAfterSeconds) }
    ),
  internal: () => new ApiError(500, [detail('Internal server error', 'internal_error')])
}

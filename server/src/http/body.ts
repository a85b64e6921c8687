// Reads a request body within a size limit and decodes it by Content-Type. Everything a
// client can get wrong here (size, media type, syntax, shape) becomes an ApiError.
import type { IncomingMessage } from 'node:http'
import { ApiError, errors } from './apiError'

export type BodyKind = 'none' | 'json' | 'json-or-form'

export interface DecodedBody {
  raw: Buffer
  fields: Record<string, unknown>
}

export function readRawBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'])
  if (Number.isFinite(declared) && declared > limit) {
    // Drain nothing: answering before reading is what lets a client stop sending early.
    return Promise.reject(errors.payloadTooLarge(limit))
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let failed = false
    req.on('data', (chunk: Buffer) => {
      if (failed) return
      size += chunk.length
      if (size > limit) {
        failed = true
        reject(errors.payloadTooLarge(limit))
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks))
    })
    req.on('error', (error) => {
      if (!failed) {
        failed = true
        reject(error)
      }
    })
  })
}

function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * An empty body decodes to no fields whatever its Content-Type, so bodiless POSTs such as
 * video_auth work from any HTTP client; a non-empty body must be JSON (or a form where
 * the route allows it, as Pusher clients post their auth requests as forms).
 */
export function decodeBody(req: IncomingMessage, raw: Buffer, kind: BodyKind): DecodedBody {
  if (raw.length === 0) return { raw, fields: {} }
  const type = mediaType(req)
  const acceptsForm = kind === 'json-or-form'
  if (type === 'application/x-www-form-urlencoded' && acceptsForm) {
    return { raw, fields: Object.fromEntries(new URLSearchParams(raw.toString('utf8'))) }
  }
  if (type !== 'application/json' && !type.endsWith('+json')) {
    throw errors.unsupportedMediaType(type || 'none')
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(raw.toString('utf8'))
  } catch {
    throw new ApiError(400, [{ message: 'The body is not valid JSON', reason: 'bad_request', location: 'body', location_type: 'body' }])
  }
  if (!isPlainObject(parsed)) {
    throw new ApiError(400, [{ message: 'The body must be a JSON object', reason: 'bad_request', location: 'body', location_type: 'body' }])
  }
  return { raw, fields: parsed }
}

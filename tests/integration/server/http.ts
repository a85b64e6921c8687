// HTTP helpers for the server's contract tests: one call shape, and an assertion that a
// reply is the error envelope of docs/api.md §1 with the expected status, reason and location.
import { expect } from 'vitest'
import { DEFAULT_OAUTH_CLIENT, ErrorEnvelopeSchema, TokenResponseSchema, type TokenResponse } from '../../../common/api'

export interface CallOptions {
  token?: string
  /** Sent as JSON unless `raw` is given. */
  body?: unknown
  raw?: string | Uint8Array<ArrayBuffer>
  headers?: Record<string, string>
}

export interface CallResult {
  status: number
  headers: Headers
  text: string
  json: unknown
}

export async function call(base: string, method: string, path: string, options: CallOptions = {}): Promise<CallResult> {
  const headers: Record<string, string> = { ...options.headers }
  if (options.token) headers.Authorization = `Bearer ${options.token}`
  let body: string | Uint8Array<ArrayBuffer> | undefined = options.raw
  if (options.body !== undefined) {
    body = JSON.stringify(options.body)
    headers['Content-Type'] ??= 'application/json'
  }
  const response = await fetch(`${base}${path}`, { method, headers, body })
  const text = await response.text()
  let json: unknown
  try {
    json = text ? JSON.parse(text) : undefined
  } catch {
    json = undefined
  }
  return { status: response.status, headers: response.headers, text, json }
}

export function expectError(result: CallResult, status: number, reason: string, location?: string): void {
  expect(result.status, result.text).toBe(status)
  const envelope = ErrorEnvelopeSchema.parse(result.json)
  expect(envelope.error.code).toBe(status)
  expect(envelope.error.message.length).toBeGreaterThan(0)
  expect(envelope.error.errors.map((error) => error.reason)).toContain(reason)
  if (location !== undefined) expect(envelope.error.errors.map((error) => error.location)).toContain(location)
}

export const client = { client_id: DEFAULT_OAUTH_CLIENT.clientId, client_secret: DEFAULT_OAUTH_CLIENT.clientSecret }

/** `headers` lets a test speak through a (trusted or not) proxy with X-Forwarded-For. */
export async function grant(base: string, fields: Record<string, unknown>, headers?: Record<string, string>): Promise<CallResult> {
  return call(base, 'POST', '/v3/oauth2/access_token', { body: { ...client, ...fields }, ...(headers ? { headers } : {}) })
}

export async function grantOk(base: string, fields: Record<string, unknown>, headers?: Record<string, string>): Promise<TokenResponse> {
  const result = await grant(base, fields, headers)
  expect(result.status, result.text).toBe(200)
  return TokenResponseSchema.parse(result.json)
}

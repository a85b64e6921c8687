// docs/api.md §1: every failure, including the router's own, answers in the error envelope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signIn, startTestServer, type TestServer } from '../../support/server'
import { call, expectError } from './http'

let server: TestServer
let token: string

beforeAll(async () => {
  server = await startTestServer({ bodyLimitBytes: 1024 })
  token = (await signIn(server, 'alice')).access_token
})
afterAll(() => server.stop())

describe('transport errors', () => {
  it('answers an unknown route with 404 not_found', async () => {
    expectError(await call(server.url, 'GET', '/v3/nothing/here'), 404, 'not_found')
    expectError(await call(server.url, 'GET', '/'), 404, 'not_found')
    expectError(await call(server.url, 'POST', '/v3/twilio/video_auth/'.replace(/\/$/, '/extra')), 404, 'not_found')
  })

  it('answers a wrong method with 405 method_not_allowed and an Allow header', async () => {
    const result = await call(server.url, 'DELETE', '/v3/twilio/video_auth', { token })
    expectError(result, 405, 'method_not_allowed')
    expect(result.headers.get('allow')).toBe('POST')
    expectError(await call(server.url, 'GET', '/v3/oauth2/access_token'), 405, 'method_not_allowed')
    expectError(await call(server.url, 'POST', '/v3/profiles/me', { token }), 405, 'method_not_allowed')
  })

  it('answers a form body with 415 unsupported_media_type', async () => {
    const result = await call(server.url, 'POST', '/v3/oauth2/access_token', {
      raw: 'grant_type=shoutit_guest',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' }
    })
    expectError(result, 415, 'unsupported_media_type', 'Content-Type')
    expectError(await call(server.url, 'POST', '/v3/twilio/video_call', { token, raw: 'x', headers: { 'Content-Type': 'text/plain' } }), 415, 'unsupported_media_type')
  })

  it('answers an oversized body with 413', async () => {
    const result = await call(server.url, 'POST', '/v3/oauth2/access_token', { body: { padding: 'x'.repeat(5000) } })
    expect(result.status).toBe(413)
    expectError(result, 413, 'bad_request')
  })

  it('answers malformed JSON and non-object JSON with 400 bad_request', async () => {
    expectError(
      await call(server.url, 'POST', '/v3/oauth2/access_token', { raw: '{"grant_type":', headers: { 'Content-Type': 'application/json' } }),
      400,
      'bad_request'
    )
    expectError(await call(server.url, 'POST', '/v3/oauth2/access_token', { raw: '[1,2]', headers: { 'Content-Type': 'application/json' } }), 400, 'bad_request')
  })

  it('answers a missing token with 401 not_authenticated and a bad one with 401 auth_failed', async () => {
    expectError(await call(server.url, 'GET', '/v3/profiles/me'), 401, 'not_authenticated', 'Authorization')
    expectError(await call(server.url, 'GET', '/v3/profiles/me', { token: 'not-a-token' }), 401, 'auth_failed')
    expectError(await call(server.url, 'GET', '/v3/profiles/me', { headers: { Authorization: `Basic ${token}` } }), 401, 'auth_failed')
  })

  it.each([
    ['GET', '/v3/profiles/me'],
    ['GET', '/v3/profiles/bob'],
    ['GET', '/v3/profiles?search=b'],
    ['POST', '/v3/twilio/video_auth'],
    ['GET', '/v3/twilio/video_identity?profile=bob'],
    ['POST', '/v3/twilio/video_call'],
    ['GET', `/v3/twilio/profile?identity=${'a'.repeat(32)}`],
    ['POST', '/v3/twilio/video_reject'],
    ['GET', '/v3/notifications'],
    ['POST', '/v3/notifications/reset'],
    ['POST', '/v3/pusher/auth']
  ])('%s %s needs a valid bearer token', async (method, path) => {
    expectError(await call(server.url, method, path), 401, 'not_authenticated', 'Authorization')
    expectError(await call(server.url, method, path, { token: 'expired-or-made-up' }), 401, 'auth_failed', 'Authorization')
  })

  it('carries a request id in the envelope and the X-Request-Id header', async () => {
    const result = await call(server.url, 'GET', '/v3/nowhere')
    const envelope = result.json as { error: { request_id: string } }
    expect(envelope.error.request_id).toMatch(/^[0-9a-f-]{36}$/)
    expect(result.headers.get('x-request-id')).toBe(envelope.error.request_id)
  })

  it('accepts a bodiless POST with any content type', async () => {
    const result = await call(server.url, 'POST', '/v3/twilio/video_auth', { token, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } })
    expect(result.status).toBe(200)
  })
})

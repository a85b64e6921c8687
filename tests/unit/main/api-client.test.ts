// The API client: the error envelope becomes a typed ApiError, replies are validated, the
// historic empty video_call reply means "available", and expiry waits for one refresh.
import { describe, expect, it } from 'vitest'
import { ApiClient } from '../../../main/services/core/api-client'
import { ApiError, NetworkError } from '../../../main/services/core/errors'
import { composeMain } from '../../../main/compose'
import { FakeApi } from '../../support/platform/fake-api'
import { FakeClock, settle } from '../../support/platform/fake-clock'
import { fakePusherFactory } from '../../support/platform/fake-pusher'
import { createTestPlatform, memoryLogger } from '../../support/platform/platform'

function clientAnswering(respond: () => Response | Promise<Response>): ApiClient {
  const client = new ApiClient({ fetch: async () => respond(), baseUrl: () => 'http://server.test/', clock: new FakeClock(), logger: memoryLogger() })
  client.setTokenSource({ accessToken: async () => 'token', afterUnauthorized: async () => undefined })
  return client
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

describe('ApiClient', () => {
  it('turns the error envelope into an ApiError with status, reason and location', async () => {
    const client = clientAnswering(() =>
      json(400, { error: { code: 400, message: 'Bad', errors: [{ message: "You can't call yourself", reason: 'invalid', location: 'profile', location_type: 'parameter' }] } })
    )
    const error = await client.videoIdentity('alice').catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ status: 400, reason: 'invalid', location: 'profile', message: "You can't call yourself" })
  })

  it('reports a reply outside the contract instead of passing it on', async () => {
    const client = clientAnswering(() => json(200, { identity: 'NOT-HEX' }))
    await expect(client.videoIdentity('bob')).rejects.toMatchObject({ reason: 'invalid_reply' })
  })

  it('treats the historic empty video_call reply as available', async () => {
    const client = clientAnswering(() => new Response('', { status: 200 }))
    await expect(client.videoCall('a'.repeat(32), 'room-12345678', 'video')).resolves.toEqual({ available: true })
    const unavailable = clientAnswering(() => json(200, { available: false }))
    await expect(unavailable.videoCall('a'.repeat(32), 'room-12345678', 'video')).resolves.toEqual({ available: false })
  })

  it('rings with the kind of call the caller started', async () => {
    let body = ''
    const client = new ApiClient({
      fetch: async (_input, init) => {
        body = String(init?.body)
        return json(200, { available: true })
      },
      baseUrl: () => 'http://server.test',
      clock: new FakeClock(),
      logger: memoryLogger()
    })
    client.setTokenSource({ accessToken: async () => 't', afterUnauthorized: async () => undefined })
    await client.videoCall('b'.repeat(32), 'room-12345678', 'voice')
    expect(JSON.parse(body)).toEqual({ identity: 'b'.repeat(32), room: 'room-12345678', kind: 'voice', missed: false })
  })

  it('sends missed as a real boolean', async () => {
    let body = ''
    const client = new ApiClient({
      fetch: async (_input, init) => {
        body = String(init?.body)
        return json(200, {})
      },
      baseUrl: () => 'http://server.test',
      clock: new FakeClock(),
      logger: memoryLogger()
    })
    client.setTokenSource({ accessToken: async () => 't', afterUnauthorized: async () => undefined })
    await client.videoMissed('b'.repeat(32))
    expect(JSON.parse(body)).toEqual({ identity: 'b'.repeat(32), missed: true })
  })

  it('sends one Idempotency-Key per missed call, the same on its retry after a 401', async () => {
    const keys: Array<string | null> = []
    let answered = 0
    const client = new ApiClient({
      fetch: async (_input, init) => {
        keys.push(new Headers(init?.headers).get('idempotency-key'))
        return answered++ === 0 ? json(401, { error: { code: 401, message: 'expired', errors: [{ message: 'expired', reason: 'not_authenticated' }] } }) : json(200, {})
      },
      baseUrl: () => 'http://server.test',
      clock: new FakeClock(),
      logger: memoryLogger()
    })
    client.setTokenSource({ accessToken: async () => 't', afterUnauthorized: async () => undefined })
    await client.videoMissed('b'.repeat(32))
    await client.videoMissed('b'.repeat(32))
    expect(keys).toHaveLength(3)
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/)
    expect(keys[1]).toBe(keys[0])
    expect(keys[2]).not.toBe(keys[0])
  })

  it('reports an unreachable server as a NetworkError a person can read, keeping the cause', async () => {
    const cause = new TypeError('fetch failed')
    const client = new ApiClient({ fetch: () => Promise.reject(cause), baseUrl: () => 'http://127.0.0.1:8787/', clock: new FakeClock(), logger: memoryLogger() })
    client.setTokenSource({ accessToken: async () => 'token', afterUnauthorized: async () => undefined })
    const error = await client.me().catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(NetworkError)
    expect(error).toMatchObject({ message: "Can't reach the Shoutit server at 127.0.0.1:8787. Check your connection, or that the server is running.", cause })
    expect((error as Error).message).not.toMatch(/fetch failed|http:/)
  })

  it('says a server that did not answer in time timed out', async () => {
    const client = clientAnswering(() => Promise.reject(new DOMException('The operation was aborted due to timeout', 'TimeoutError')))
    await expect(client.me()).rejects.toMatchObject({
      message: 'The Shoutit server at server.test did not answer in time. Check your connection, then try again.'
    })
  })
})

describe('session over IPC', () => {
  it('explains a failed sign-in with the server reason, one message for a wrong password and an unknown account', async () => {
    const clock = new FakeClock()
    const api = new FakeApi({ clock })
    const main = composeMain(createTestPlatform({ clock, fetch: api.fetch, createPusher: fakePusherFactory() }))
    await main.ready
    const failed = { ok: false, error: { code: 'api_error', status: 400, reason: 'invalid', location: 'password', message: 'Wrong e-mail, username or password' } }
    expect(await main.ipc.invoke(1, 'session:signIn', { login: 'alice', password: 'wrong' })).toEqual(failed)
    expect(await main.ipc.invoke(1, 'session:signIn', { login: 'nobody', password: 'wrong' })).toEqual(failed)
    await main.dispose()
  })

  it('concurrent requests with an expired token wait for a single refresh', async () => {
    const clock = new FakeClock()
    const api = new FakeApi({ clock, accessTtlSeconds: 900 })
    const main = composeMain(createTestPlatform({ clock, fetch: api.fetch, createPusher: fakePusherFactory() }), { autoStart: false })
    await main.ipc.invoke(1, 'session:signIn', { login: 'alice', password: 'alice-pass' })
    await settle()
    const refreshesBefore = api.refreshes
    // The machine slept past the expiry and no resume event came (or not yet).
    clock.sleep(20 * 60_000)
    const results = await Promise.all(Array.from({ length: 10 }, () => main.ipc.invoke(1, 'people:search', { search: '', page: 1 })))
    expect(results.every((result) => result.ok)).toBe(true)
    expect(api.refreshes - refreshesBefore).toBe(1)
    expect(api.expiredTokenUses).toEqual([])
    await main.dispose()
  })
})

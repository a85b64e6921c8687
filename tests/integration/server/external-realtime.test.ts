// Pointing the server at another Pusher-compatible service is configuration only: here a
// second reference server publishes to, and asks presence of, the first one's realtime
// service through the official pusher library.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ClientConfigSchema, IncomingVideoCallSchema, profileChannelName, roomChannelName, type TokenResponse } from '../../../common/api'
import { signIn, startTestServer, type TestServer } from '../../support/server'
import { call, expectError } from './http'
import { connectRealtime, nextEvent, type RealtimeClient } from './realtime-client'

let realtimeService: TestServer
let api: TestServer
let alice: TokenResponse
let bob: TokenResponse
const clients: RealtimeClient[] = []
/** What the API server's client_config said, read by the first test. */
let clientConfig: unknown
let now = Date.now()

beforeAll(async () => {
  realtimeService = await startTestServer({ seedDemoAccounts: false })
  const { appId, key, secret, host, port } = realtimeService.pusher
  // A 1:1 server whose clock tests can move (from the real time: publishes are signed with it).
  api = await startTestServer({ pusher: { appId, key, secret, host, port, useTLS: false }, roomMemberLimit: 2, clock: () => now })
  ;[alice, bob] = await Promise.all([signIn(api, 'alice'), signIn(api, 'bob')])
})
afterAll(async () => {
  for (const client of clients) client.close()
  await api.stop()
  await realtimeService.stop()
})

const connect = (session: TokenResponse): RealtimeClient => {
  const config = ClientConfigSchema.parse(clientConfig)
  const client = connectRealtime({ url: api.url, pusher: { ...api.pusher, host: config.pusher.host, port: config.pusher.port } }, session.access_token)
  clients.push(client)
  return client
}

describe('external realtime service', () => {
  it('tells clients to connect to the external service', async () => {
    clientConfig = (await call(api.url, 'GET', '/v3/client_config')).json
    expect(ClientConfigSchema.parse(clientConfig).pusher).toEqual({ key: api.pusher.key, host: '127.0.0.1', port: realtimeService.port, tls: false })
  })

  it('rings through it and reads availability from its channels API', async () => {
    const identity = ((await call(api.url, 'GET', '/v3/twilio/video_identity?profile=bob', { token: alice.access_token })).json as { identity: string }).identity
    const before = await call(api.url, 'POST', '/v3/twilio/video_call', { token: alice.access_token, body: { identity, room: 'room-external-1' } })
    expect(before.json).toEqual({ available: false })

    const channel = await connect(bob).subscribe(profileChannelName(bob.profile.id))
    expect(realtimeService.realtimeConnectionCount()).toBe(1)
    const ring = nextEvent(channel, 'incoming_video_call')
    const after = await call(api.url, 'POST', '/v3/twilio/video_call', { token: alice.access_token, body: { identity, room: 'room-external-2' } })
    expect(after.json).toEqual({ available: true })
    expect(IncomingVideoCallSchema.parse(await ring)).toMatchObject({ username: 'alice', video_call: { room: 'room-external-2' } })
    const profile = await call(api.url, 'GET', '/v3/profiles/bob', { token: alice.access_token })
    expect(profile.json).toMatchObject({ is_online: true })
  })

  it('refuses a ring into a full room using the service’s member list', async () => {
    const carol = await signIn(api, 'carol')
    const room = roomChannelName('room-external-3')
    await connect(alice).subscribe(room)
    const ring = async (callee: string) => {
      const identity = ((await call(api.url, 'GET', `/v3/twilio/video_identity?profile=${callee}`, { token: alice.access_token })).json as { identity: string }).identity
      return call(api.url, 'POST', '/v3/twilio/video_call', { token: alice.access_token, body: { identity, room: 'room-external-3' } })
    }
    expect((await ring('bob')).status).toBe(200)
    await connect(bob).subscribe(room)
    // Long after the seats were granted and Bob answered: only the service's members fill the room.
    now += 120_000
    const full = await ring('carol')
    expectError(full, 403, 'permission_denied')
    expect((full.json as { error: { message: string } }).error.message).toBe('This call is full: it holds at most 2 people')
    expectError(await call(api.url, 'POST', '/v3/pusher/auth', { token: carol.access_token, body: { socket_id: '1.2', channel_name: room } }), 403, 'permission_denied')
  })

  it('degrades to "not available" when the service is down', async () => {
    const { appId, key, secret } = realtimeService.pusher
    const orphan = await startTestServer({ pusher: { appId, key, secret, host: '127.0.0.1', port: 1, useTLS: false } })
    try {
      const session = await signIn(orphan, 'alice')
      const identity = ((await call(orphan.url, 'GET', '/v3/twilio/video_identity?profile=bob', { token: session.access_token })).json as { identity: string }).identity
      const reply = await call(orphan.url, 'POST', '/v3/twilio/video_call', { token: session.access_token, body: { identity, room: 'room-orphan-1' } })
      expect(reply).toMatchObject({ status: 200, json: { available: false } })
      expect((await call(orphan.url, 'POST', '/v3/twilio/video_call', { token: session.access_token, body: { identity, missed: true } })).status).toBe(200)
    } finally {
      await orphan.stop()
    }
  })
})

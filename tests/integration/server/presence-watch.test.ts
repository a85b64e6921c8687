// docs/api.md §5, presence by watching: who may watch whom (at /v3/pusher/auth), a change
// reaching the watchers of that person and nobody else, the initial state from
// GET /v3/presence, the retired all-accounts channel, and the webhook path an external
// realtime service (hosted Pusher, soketi) drives.
import type { Channel } from 'pusher-js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  LEGACY_ONLINE_CHANNEL,
  MAX_WATCHED_PROFILES,
  PRESENCE_CHANGED_EVENT,
  PresenceStateSchema,
  profileChannelName,
  watchChannelName,
  type PresenceChanged,
  type TokenResponse
} from '../../../common/api'
import { hmacHex } from '../../../server/src/realtime/signatures'
import { signIn, startTestServer, type TestServer } from '../../support/server'
import { call, expectError, grantOk } from './http'
import { connectRealtime, type RealtimeClient } from './realtime-client'

let server: TestServer
let alice: TokenResponse
let bob: TokenResponse
let carol: TokenResponse
let guest: TokenResponse
const opened: RealtimeClient[] = []

beforeAll(async () => {
  server = await startTestServer()
  ;[alice, bob, carol] = await Promise.all([signIn(server, 'alice'), signIn(server, 'bob'), signIn(server, 'carol')])
  guest = await grantOk(server.url, { grant_type: 'shoutit_guest' })
})
afterAll(async () => {
  for (const client of opened) client.close()
  await server.stop()
})

function realtime(token: TokenResponse): RealtimeClient {
  const client = connectRealtime(server, token.access_token)
  opened.push(client)
  return client
}

/** Every presence_changed a channel receives, in order. */
function recorded(channel: Channel): PresenceChanged[] {
  const seen: PresenceChanged[] = []
  channel.bind(PRESENCE_CHANGED_EVENT, (data: PresenceChanged) => seen.push(data))
  return seen
}

const presenceOf = (token: TokenResponse, ids: string[]) => call(server.url, 'GET', `/v3/presence?profiles=${ids.join(',')}`, { token: token.access_token })

describe('who may watch whom', () => {
  it('an account may watch another account', async () => {
    await realtime(alice).subscribe(watchChannelName(bob.profile.id))
  })

  it('refuses guests, oneself and profiles that are not accounts', async () => {
    expect(await realtime(guest).subscribeExpectingError(watchChannelName(bob.profile.id))).toBe(403)
    const client = realtime(alice)
    expect(await client.subscribeExpectingError(watchChannelName(alice.profile.id))).toBe(403)
    expect(await client.subscribeExpectingError(watchChannelName(guest.profile.id))).toBe(403)
    expect(await client.subscribeExpectingError(watchChannelName('00000000-0000-4000-8000-000000000000'))).toBe(403)
  })

  it('refuses the retired all-accounts channel, so older clients fall back to is_online', async () => {
    expect(await realtime(alice).subscribeExpectingError(LEGACY_ONLINE_CHANNEL)).toBe(403)
  })
})

describe('changes reach the watchers of that person only', () => {
  it("bob's sign-in and sign-out reach alice, who watches him, and not carol, who watches alice", async () => {
    const aliceSees = recorded(await realtime(alice).subscribe(watchChannelName(bob.profile.id)))
    const carolClient = realtime(carol)
    const carolSees: string[] = []
    carolClient.pusher.bind_global((event: string) => {
      if (event === PRESENCE_CHANGED_EVENT) carolSees.push(event)
    })
    await carolClient.subscribe(watchChannelName(alice.profile.id))

    const bobClient = connectRealtime(server, bob.access_token)
    await bobClient.subscribe(profileChannelName(bob.profile.id))
    await expect.poll(() => aliceSees).toEqual([{ profile_id: bob.profile.id, is_online: true }])
    bobClient.close()
    await expect.poll(() => aliceSees).toEqual([
      { profile_id: bob.profile.id, is_online: true },
      { profile_id: bob.profile.id, is_online: false }
    ])
    // A marker on carol's own watch: everything published before it has been delivered.
    const marker = new Promise<void>((resolve) => carolClient.pusher.channel(watchChannelName(alice.profile.id))!.bind(PRESENCE_CHANGED_EVENT, () => resolve()))
    const aliceOwn = connectRealtime(server, alice.access_token)
    await aliceOwn.subscribe(profileChannelName(alice.profile.id))
    await marker
    aliceOwn.close()
    expect(carolSees).toEqual([PRESENCE_CHANGED_EVENT])
  })

  it('a second connection of the same person is no change: only the first in and the last out are', async () => {
    const aliceSees = recorded(await realtime(alice).subscribe(watchChannelName(carol.profile.id)))
    const first = connectRealtime(server, carol.access_token)
    const second = connectRealtime(server, carol.access_token)
    await first.subscribe(profileChannelName(carol.profile.id))
    await second.subscribe(profileChannelName(carol.profile.id))
    first.close()
    await expect.poll(() => server.realtimeConnectionsOf(carol.profile.id)).toBe(1)
    second.close()
    await expect.poll(() => aliceSees.length).toBe(2)
    expect(aliceSees.map((change) => change.is_online)).toEqual([true, false])
  })
})

describe('initial state: GET /v3/presence', () => {
  it('answers who of the asked-for profiles is online now', async () => {
    const bobClient = realtime(bob)
    await bobClient.subscribe(profileChannelName(bob.profile.id))
    const reply = await presenceOf(alice, [bob.profile.id, carol.profile.id])
    expect(reply.status).toBe(200)
    expect(PresenceStateSchema.parse(reply.json)).toEqual({ online: [bob.profile.id], offline: [carol.profile.id] })
    bobClient.close()
    await expect.poll(() => server.realtimeConnectionsOf(bob.profile.id)).toBe(0)
    expect(PresenceStateSchema.parse((await presenceOf(alice, [bob.profile.id])).json)).toEqual({ online: [], offline: [bob.profile.id] })
  })

  it('leaves out profiles one may not watch, refuses guests and a missing or oversized list', async () => {
    expect((await presenceOf(alice, [alice.profile.id, guest.profile.id, 'nobody', carol.profile.id])).json).toEqual({ online: [], offline: [carol.profile.id] })
    expectError(await presenceOf(guest, [bob.profile.id]), 403, 'permission_denied')
    expectError(await call(server.url, 'GET', '/v3/presence', { token: alice.access_token }), 400, 'required', 'profiles')
    expectError(await presenceOf(alice, Array.from({ length: MAX_WATCHED_PROFILES + 1 }, (_, index) => `id-${index}`)), 400, 'invalid', 'profiles')
    expectError(await call(server.url, 'GET', `/v3/presence?profiles=${bob.profile.id}`), 401, 'not_authenticated')
  })
})

describe('webhooks from an external realtime service', () => {
  const post = (body: string, signature: string) =>
    fetch(`${server.url}/v3/pusher/webhook`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Pusher-Key': server.pusher.key, 'X-Pusher-Signature': signature },
      body
    })

  it("a signed channel_occupied / channel_vacated of bob's channel reaches his watchers", async () => {
    const aliceSees = recorded(await realtime(alice).subscribe(watchChannelName(bob.profile.id)))
    const body = JSON.stringify({
      time_ms: Date.now(),
      events: [
        { name: 'channel_occupied', channel: profileChannelName(bob.profile.id) },
        { name: 'channel_vacated', channel: profileChannelName(bob.profile.id) },
        { name: 'member_added', channel: profileChannelName(bob.profile.id), user_id: bob.profile.id },
        { name: 'channel_occupied', channel: 'presence-video-room-some-room-1' }
      ]
    })
    expect((await post(body, hmacHex(server.pusher.secret, body))).status).toBe(200)
    await expect.poll(() => aliceSees).toEqual([
      { profile_id: bob.profile.id, is_online: true },
      { profile_id: bob.profile.id, is_online: false }
    ])
  })

  it('refuses a webhook with a wrong signature or a body that is not a webhook, and publishes nothing', async () => {
    const aliceSees = recorded(await realtime(alice).subscribe(watchChannelName(carol.profile.id)))
    const body = JSON.stringify({ time_ms: Date.now(), events: [{ name: 'channel_occupied', channel: profileChannelName(carol.profile.id) }] })
    expect((await post(body, hmacHex('not-the-secret', body))).status).toBe(401)
    const notWebhook = JSON.stringify({ hello: 'world' })
    expect((await post(notWebhook, hmacHex(server.pusher.secret, notWebhook))).status).toBe(400)
    // A valid one afterwards is the only thing alice sees.
    const vacated = JSON.stringify({ time_ms: Date.now(), events: [{ name: 'channel_vacated', channel: profileChannelName(carol.profile.id) }] })
    expect((await post(vacated, hmacHex(server.pusher.secret, vacated))).status).toBe(200)
    await expect.poll(() => aliceSees.length).toBe(1)
    expect(aliceSees).toEqual([{ profile_id: carol.profile.id, is_online: false }])
  })
})

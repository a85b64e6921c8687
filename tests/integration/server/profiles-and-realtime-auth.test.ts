// docs/api.md §3 (profiles, people search) and §5's HTTP side (pusher auth, client_config,
// notifications).
import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ClientConfigSchema,
  DetailedProfileSchema,
  NotificationListSchema,
  ProfilePageSchema,
  ProfileSchema,
  PusherAuthReplySchema,
  profileChannelName,
  roomChannelName,
  type TokenResponse
} from '../../../common/api'
import { hmacHex } from '../../../server/src/realtime/signatures'
import { signIn, startTestServer, stopTestPostgres, storeKinds, type TestServer } from '../../support/server'
import { call, expectError, grantOk } from './http'

let server: TestServer

/** fetch may not set Host; a raw request can, as any client on the network can. */
function getWithHost(base: string, path: string, host: string, token?: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { Host: host, ...(token ? { Authorization: `Bearer ${token}` } : {}) }
    const sent = request(`${base}${path}`, { headers }, (response) => {
      let text = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => (text += chunk))
      response.on('end', () => resolve(JSON.parse(text)))
    })
    sent.on('error', reject)
    sent.end()
  })
}
let alice: TokenResponse
let guest: TokenResponse

afterAll(stopTestPostgres)

// The whole suite once per store: the server's behaviour must not depend on it.
describe.each(storeKinds())('%s store', (store) => {
  beforeAll(async () => {
    // 26 accounts from one address: more than the default hourly allowance per address.
    server = await startTestServer({ store, loginThrottle: { accountsPerAddress: 100 } })
    alice = await signIn(server, 'alice')
    guest = await grantOk(server.url, { grant_type: 'shoutit_guest' })
    for (let index = 0; index < 25; index++) {
      await grantOk(server.url, { grant_type: 'shoutit_signup', name: `Person ${index}`, email: `person${index}@example.com`, password: 'secret1' })
    }
  })
  afterAll(() => server.stop())

  describe('profiles', () => {
    it('GET /profiles/me is a DetailedProfile of the caller', async () => {
      const me = DetailedProfileSchema.parse((await call(server.url, 'GET', '/v3/profiles/me', { token: alice.access_token })).json)
      expect(me).toMatchObject({ id: alice.profile.id, username: 'alice', email: 'alice@example.com', is_guest: false, is_online: false })
      expect(me.app_url).toBe('shoutit://profile?username=alice&type=user')
    })

    it('GET /profiles/<username> is a Profile without private fields; unknown is 404', async () => {
      const result = await call(server.url, 'GET', '/v3/profiles/bob', { token: alice.access_token })
      const bob = ProfileSchema.parse(result.json)
      expect(bob).toMatchObject({ username: 'bob', name: 'Bob Baker', type: 'user', is_online: false })
      expect(result.json).not.toHaveProperty('email')
      expectError(await call(server.url, 'GET', '/v3/profiles/nobody', { token: alice.access_token }), 404, 'not_found')
      expectError(await call(server.url, 'GET', `/v3/profiles/${guest.profile.username}`, { token: alice.access_token }), 404, 'not_found')
    })

    it('searches callable people (never yourself or guests), paginated', async () => {
      const first = ProfilePageSchema.parse((await call(server.url, 'GET', '/v3/profiles?page_size=10', { token: alice.access_token })).json)
      expect(first.count).toBe(27)
      expect(first.results).toHaveLength(10)
      expect(first.previous).toBeNull()
      expect(first.next).toContain('page=2')
      const usernames = first.results.map((profile) => profile.username)
      expect(usernames).not.toContain('alice')
      const last = ProfilePageSchema.parse((await call(server.url, 'GET', '/v3/profiles?page_size=10&page=3', { token: alice.access_token })).json)
      expect(last.results).toHaveLength(7)
      expect(last.next).toBeNull()
      const bob = ProfilePageSchema.parse((await call(server.url, 'GET', '/v3/profiles?search=BOB', { token: alice.access_token })).json)
      expect(bob.results.map((profile) => profile.username)).toEqual(['bob'])
      const wildcard = ProfilePageSchema.parse((await call(server.url, 'GET', '/v3/profiles?search=%25', { token: alice.access_token })).json)
      expect(wildcard.count).toBe(0)
      expectError(await call(server.url, 'GET', '/v3/profiles?page=0', { token: alice.access_token }), 400, 'invalid', 'page')
      expectError(await call(server.url, 'GET', '/v3/profiles?page_size=abc', { token: alice.access_token }), 400, 'invalid', 'page_size')
    })
  })

  describe('pusher auth', () => {
    const socketId = '1234.5678'

    it("signs the caller's own presence channel with channel_data holding user_id and profile", async () => {
      const channel = profileChannelName(alice.profile.id)
      const result = await call(server.url, 'POST', '/v3/pusher/auth', { token: alice.access_token, body: { socket_id: socketId, channel_name: channel } })
      const reply = PusherAuthReplySchema.parse(result.json)
      const data = JSON.parse(reply.channel_data!) as { user_id: string; profile: { username: string } }
      expect(data.user_id).toBe(alice.profile.id)
      expect(data.profile.username).toBe('alice')
      expect(reply.auth).toBe(`${server.pusher.key}:${hmacHex(server.pusher.secret, `${socketId}:${channel}:${reply.channel_data!}`)}`)
    })

    it('accepts a form body, as pusher-js sends it', async () => {
      const form = new URLSearchParams({ socket_id: socketId, channel_name: profileChannelName(alice.profile.id) }).toString()
      const result = await call(server.url, 'POST', '/v3/pusher/auth', {
        token: alice.access_token,
        raw: form,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' }
      })
      expect(result.status, result.text).toBe(200)
    })

    it("refuses another profile's channel, unknown channels and bad requests", async () => {
      const post = (body: unknown, token = alice.access_token) => call(server.url, 'POST', '/v3/pusher/auth', { token, body })
      expectError(await post({ socket_id: socketId, channel_name: profileChannelName(guest.profile.id) }), 403, 'permission_denied')
      expectError(await post({ socket_id: socketId, channel_name: 'private-anything' }), 403, 'permission_denied')
      expectError(await post({ socket_id: socketId, channel_name: roomChannelName('room-0001') }, guest.access_token), 403, 'permission_denied')
      expectError(await post({ channel_name: profileChannelName(alice.profile.id) }), 400, 'required', 'socket_id')
      expectError(await post({ socket_id: 'abc', channel_name: profileChannelName(alice.profile.id) }), 400, 'invalid', 'socket_id')
      expectError(await post({ socket_id: socketId, channel_name: 'spaces are not allowed' }), 400, 'invalid', 'channel_name')
      expectError(await call(server.url, 'POST', '/v3/pusher/auth', { body: { socket_id: socketId, channel_name: 'x' } }), 401, 'not_authenticated')
    })
  })

  describe('client_config', () => {
    it('tells a client where realtime is, without authentication', async () => {
      const config = ClientConfigSchema.parse((await call(server.url, 'GET', '/v3/client_config')).json)
      expect(config).toEqual({ pusher: { key: server.pusher.key, host: '127.0.0.1', port: server.port, tls: false }, video: { provider: 'p2p' } })
    })

    it("names the listen address, never the request's Host header, in client_config and pagination links", async () => {
      const forged = 'attacker.example:4444'
      const config = ClientConfigSchema.parse(await getWithHost(server.url, '/v3/client_config', forged))
      expect(config.pusher).toMatchObject({ host: '127.0.0.1', port: server.port })
      const page = ProfilePageSchema.parse(await getWithHost(server.url, '/v3/profiles?page_size=10&page=2', forged, alice.access_token))
      for (const link of [page.next, page.previous]) expect(link).toMatch(new RegExp(`^${server.url}/v3/profiles\\?`))
      const notifications = (await getWithHost(server.url, '/v3/notifications?page_size=1', forged, alice.access_token)) as object
      expect(JSON.stringify(notifications)).not.toContain('attacker')
    })

    it('follows publicUrl when the server is behind a proxy', async () => {
      const proxied = await startTestServer({ publicUrl: 'https://calls.example.org', seedDemoAccounts: false })
      try {
        const config = ClientConfigSchema.parse((await call(proxied.url, 'GET', '/v3/client_config')).json)
        expect(config.pusher).toEqual({ key: proxied.pusher.key, host: 'calls.example.org', port: 443, tls: true })
      } finally {
        await proxied.stop()
      }
    })
  })

  describe('notifications', () => {
    it('lists nothing for a new account and resets with 200', async () => {
      const list = NotificationListSchema.parse((await call(server.url, 'GET', '/v3/notifications', { token: alice.access_token })).json)
      expect(list.results).toEqual([])
      expect((await call(server.url, 'POST', '/v3/notifications/reset', { token: alice.access_token })).status).toBe(200)
      expectError(await call(server.url, 'GET', '/v3/notifications'), 401, 'not_authenticated')
      expectError(await call(server.url, 'GET', '/v3/notifications?page=-1', { token: alice.access_token }), 400, 'invalid', 'page')
    })
  })
})

// docs/api.md §2: the four grants, client checks, refresh rotation, expiry and throttling.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DetailedProfileSchema } from '../../../common/api'
import { DEMO_ACCOUNTS, startTestServer, stopTestPostgres, storeKinds, type TestServer } from '../../support/server'
import { call, client, expectError, grant, grantOk } from './http'

let server: TestServer
let now = Date.UTC(2030, 0, 1)
const alice = DEMO_ACCOUNTS[0]!

afterAll(stopTestPostgres)

// The whole suite once per store: the server's behaviour must not depend on it.
describe.each(storeKinds())('%s store', (store) => {
  beforeAll(async () => {
    server = await startTestServer({
      store,
      accessTokenTtlSeconds: 600,
      clock: () => now,
      loginThrottle: { failuresPerAccountAndAddress: 3, accountAndAddressBlockSeconds: 2 }
    })
  })
  afterAll(() => server.stop())

  describe('shoutit_login', () => {
    it('signs in by e-mail or username and returns a DetailedProfile', async () => {
      for (const login of [alice.email, alice.username, alice.email.toUpperCase()]) {
        const reply = await grantOk(server.url, { grant_type: 'shoutit_login', email: login, password: alice.password })
        expect(reply).toMatchObject({ token_type: 'Bearer', expires_in: 600, new_signup: false, scope: 'read write' })
        const profile = DetailedProfileSchema.parse(reply.profile)
        expect(profile).toMatchObject({ username: 'alice', email: alice.email, is_guest: false, type: 'user' })
        expect(profile.stats?.unread_notifications_count).toBe(0)
      }
    })

    it('answers an unknown account and a wrong password alike, and names missing fields', async () => {
      const wrongPassword = await grant(server.url, { grant_type: 'shoutit_login', email: 'bob', password: 'wrong-password' })
      const unknown = await grant(server.url, { grant_type: 'shoutit_login', email: 'nobody@example.com', password: 'whatever' })
      const unknownName = await grant(server.url, { grant_type: 'shoutit_login', email: 'nobody', password: 'whatever' })
      for (const reply of [wrongPassword, unknown, unknownName]) expectError(reply, 400, 'invalid', 'password')
      // Only the request id may differ: nothing in the reply tells whether the account exists.
      const withoutId = (reply: typeof unknown) => ({ ...(reply.json as { error: object }).error, request_id: undefined })
      expect(withoutId(unknown)).toEqual(withoutId(wrongPassword))
      expect(withoutId(unknownName)).toEqual(withoutId(wrongPassword))
      expectError(await grant(server.url, { grant_type: 'shoutit_login', email: 'bob' }), 400, 'required', 'password')
      expectError(await grant(server.url, { grant_type: 'shoutit_login', password: 'x' }), 400, 'required', 'email')
    })

    it('throttles failures in a row with 429 throttled, even for the right password, until the block ends', async () => {
      const carol = DEMO_ACCOUNTS[2]!
      for (let attempt = 0; attempt < 3; attempt++) {
        expectError(await grant(server.url, { grant_type: 'shoutit_login', email: 'carol', password: `guess-${attempt}` }), 400, 'invalid', 'password')
      }
      const overTheLimit = await grant(server.url, { grant_type: 'shoutit_login', email: 'carol', password: 'guess-3' })
      expectError(overTheLimit, 429, 'throttled', 'email')
      const throttled = await grant(server.url, { grant_type: 'shoutit_login', email: 'carol', password: carol.password })
      expectError(throttled, 429, 'throttled', 'email')
      const retryAfter = Number(throttled.headers.get('retry-after'))
      expect(retryAfter).toBeGreaterThan(0)
      expect(retryAfter).toBeLessThanOrEqual(2)
      await new Promise((resolve) => setTimeout(resolve, 2100))
      await grantOk(server.url, { grant_type: 'shoutit_login', email: 'carol', password: carol.password })
    })

    it('forgets failures in a row after a correct sign-in', async () => {
      const bob = DEMO_ACCOUNTS[1]!
      // Bob failed once above; this sign-in starts the count afresh.
      await grantOk(server.url, { grant_type: 'shoutit_login', email: 'bob', password: bob.password })
      for (let round = 0; round < 3; round++) {
        for (let attempt = 0; attempt < 3; attempt++) {
          expectError(await grant(server.url, { grant_type: 'shoutit_login', email: 'bob', password: `guess-${attempt}` }), 400, 'invalid', 'password')
        }
        await grantOk(server.url, { grant_type: 'shoutit_login', email: 'bob', password: bob.password })
      }
    })
  })

  describe('client and grant checks', () => {
    it('requires a known client with the right secret', async () => {
      expectError(await call(server.url, 'POST', '/v3/oauth2/access_token', { body: { grant_type: 'shoutit_guest' } }), 400, 'required', 'client_id')
      expectError(await grant(server.url, { grant_type: 'shoutit_guest', client_id: 'someone-else' }), 400, 'invalid', 'client_id')
      expectError(await grant(server.url, { grant_type: 'shoutit_guest', client_secret: 'nope' }), 400, 'invalid', 'client_secret')
    })

    it('requires a supported grant_type', async () => {
      expectError(await grant(server.url, {}), 400, 'required', 'grant_type')
      expectError(await grant(server.url, { grant_type: 'password' }), 400, 'invalid', 'grant_type')
    })
  })

  describe('shoutit_signup', () => {
    it('creates an account that can then sign in', async () => {
      const reply = await grantOk(server.url, { grant_type: 'shoutit_signup', name: 'Dana Doe', email: 'dana@example.com', password: 'secret1' })
      expect(reply.new_signup).toBe(true)
      expect(reply.profile).toMatchObject({ name: 'Dana Doe', first_name: 'Dana', last_name: 'Doe', email: 'dana@example.com', is_guest: false })
      expect(reply.profile.username).toMatch(/^dana/)
      await grantOk(server.url, { grant_type: 'shoutit_login', email: 'dana@example.com', password: 'secret1' })
    })

    it('refuses a taken e-mail, a bad password length and missing fields', async () => {
      expectError(await grant(server.url, { grant_type: 'shoutit_signup', name: 'A', email: alice.email, password: 'secret1' }), 400, 'invalid', 'email')
      expectError(await grant(server.url, { grant_type: 'shoutit_signup', name: 'A', email: 'a1@example.com', password: '12345' }), 400, 'invalid', 'password')
      expectError(await grant(server.url, { grant_type: 'shoutit_signup', name: 'A', email: 'a2@example.com', password: 'x'.repeat(31) }), 400, 'invalid', 'password')
      expectError(await grant(server.url, { grant_type: 'shoutit_signup', email: 'a3@example.com', password: 'secret1' }), 400, 'required', 'name')
      expectError(await grant(server.url, { grant_type: 'shoutit_signup', name: 'A', email: 'not-an-email', password: 'secret1' }), 400, 'invalid', 'email')
    })
  })

  describe('revoke', () => {
    it('ends the whole pair from either token, answers 200 for a dead token, and checks the client', async () => {
      const revoke = (fields: Record<string, unknown>) => call(server.url, 'POST', '/v3/oauth2/revoke', { body: { ...client, ...fields } })
      const byRefresh = await grantOk(server.url, { grant_type: 'shoutit_login', email: 'bob', password: DEMO_ACCOUNTS[1]!.password })
      expect((await revoke({ token: byRefresh.refresh_token, token_type_hint: 'refresh_token' })).status).toBe(200)
      expectError(await call(server.url, 'GET', '/v3/profiles/me', { token: byRefresh.access_token }), 401, 'auth_failed')
      expectError(await grant(server.url, { grant_type: 'refresh_token', refresh_token: byRefresh.refresh_token }), 400, 'invalid', 'refresh_token')
      expect((await revoke({ token: byRefresh.refresh_token })).status).toBe(200)

      const byAccess = await grantOk(server.url, { grant_type: 'shoutit_login', email: 'bob', password: DEMO_ACCOUNTS[1]!.password })
      expectError(await call(server.url, 'POST', '/v3/oauth2/revoke', { body: { ...client, client_secret: 'wrong', token: byAccess.access_token } }), 400, 'invalid', 'client_secret')
      expect((await call(server.url, 'GET', '/v3/profiles/me', { token: byAccess.access_token })).status).toBe(200)
      expect((await revoke({ token: byAccess.access_token })).status).toBe(200)
      expectError(await grant(server.url, { grant_type: 'refresh_token', refresh_token: byAccess.refresh_token }), 400, 'invalid', 'refresh_token')
      expectError(await revoke({}), 400, 'required', 'token')
    })
  })

  describe('shoutit_signup names', () => {
    it('refuses control, bidirectional-override, isolate and zero-width characters in the name, naming the field', async () => {
      const unsafe = ['Eve\u0000', 'Eve\u0007Bell', 'Eve\u202Egnp.exe', 'Eve\u2066x\u2069', 'E\u200Bve', 'E\u200Dve', 'Ev\uFEFFe', 'Eve\u2028Two']
      for (const [index, name] of unsafe.entries()) {
        const reply = await grant(server.url, { grant_type: 'shoutit_signup', name, email: `unsafe${index}@example.com`, password: 'secret1' })
        expectError(reply, 400, 'invalid', 'name')
      }
      // Letters of any script, accents and emoji stay welcome.
      const ok = await grantOk(server.url, { grant_type: 'shoutit_signup', name: 'Zoë 李 مريم 🙂', email: 'zoe@example.com', password: 'secret1' })
      expect(ok.profile.name).toBe('Zoë 李 مريم 🙂')
    })
  })

  describe('shoutit_guest', () => {
    it('creates a read-only guest that video routes refuse', async () => {
      const reply = await grantOk(server.url, { grant_type: 'shoutit_guest' })
      expect(reply).toMatchObject({ scope: 'read', new_signup: true, profile: { is_guest: true } })
      const me = await call(server.url, 'GET', '/v3/profiles/me', { token: reply.access_token })
      expect(me.json).toMatchObject({ is_guest: true })
      expectError(await call(server.url, 'POST', '/v3/twilio/video_auth', { token: reply.access_token }), 403, 'permission_denied')
      expectError(await call(server.url, 'GET', '/v3/twilio/video_identity?profile=bob', { token: reply.access_token }), 403, 'permission_denied')
      expectError(await call(server.url, 'POST', '/v3/twilio/video_call', { token: reply.access_token, body: {} }), 403, 'permission_denied')
      expectError(await call(server.url, 'GET', '/v3/twilio/profile?identity=x', { token: reply.access_token }), 403, 'permission_denied')
      expectError(await call(server.url, 'POST', '/v3/twilio/video_reject', { token: reply.access_token, body: {} }), 403, 'permission_denied')
    })
  })

  describe('refresh_token', () => {
    it('rotates: the new pair works, the old access and refresh tokens die', async () => {
      const first = await grantOk(server.url, { grant_type: 'shoutit_login', email: 'alice', password: alice.password })
      const second = await grantOk(server.url, { grant_type: 'refresh_token', refresh_token: first.refresh_token })
      expect(second.access_token).not.toBe(first.access_token)
      expect(second.refresh_token).not.toBe(first.refresh_token)
      expect(second.profile.username).toBe('alice')
      expect((await call(server.url, 'GET', '/v3/profiles/me', { token: second.access_token })).status).toBe(200)
      expectError(await call(server.url, 'GET', '/v3/profiles/me', { token: first.access_token }), 401, 'auth_failed')
      expectError(await grant(server.url, { grant_type: 'refresh_token', refresh_token: first.refresh_token }), 400, 'invalid', 'refresh_token')
      expectError(await grant(server.url, { grant_type: 'refresh_token' }), 400, 'required', 'refresh_token')
    })

    it('a replayed, already rotated refresh token revokes its whole family', async () => {
      const first = await grantOk(server.url, { grant_type: 'shoutit_login', email: 'bob', password: DEMO_ACCOUNTS[1]!.password })
      const other = await grantOk(server.url, { grant_type: 'shoutit_login', email: 'bob', password: DEMO_ACCOUNTS[1]!.password })
      const second = await grantOk(server.url, { grant_type: 'refresh_token', refresh_token: first.refresh_token })
      const third = await grantOk(server.url, { grant_type: 'refresh_token', refresh_token: second.refresh_token })
      expectError(await grant(server.url, { grant_type: 'refresh_token', refresh_token: first.refresh_token }), 400, 'invalid', 'refresh_token')
      expectError(await call(server.url, 'GET', '/v3/profiles/me', { token: third.access_token }), 401, 'auth_failed')
      expectError(await grant(server.url, { grant_type: 'refresh_token', refresh_token: third.refresh_token }), 400, 'invalid', 'refresh_token')
      // Another sign-in of the same account is another family, untouched.
      expect((await call(server.url, 'GET', '/v3/profiles/me', { token: other.access_token })).status).toBe(200)
    })

    it('expires access tokens after the configured lifetime; a refresh still works', async () => {
      const reply = await grantOk(server.url, { grant_type: 'shoutit_login', email: 'bob', password: DEMO_ACCOUNTS[1]!.password })
      now += 601_000
      expectError(await call(server.url, 'GET', '/v3/profiles/me', { token: reply.access_token }), 401, 'auth_failed')
      const refreshed = await grantOk(server.url, { grant_type: 'refresh_token', refresh_token: reply.refresh_token })
      expect((await call(server.url, 'GET', '/v3/profiles/me', { token: refreshed.access_token })).status).toBe(200)
    })
  })
})

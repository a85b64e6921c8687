// docs/api.md §4: video tokens (reuse, re-mint, expiry), identities, video_call, profile by
// identity and video_reject, with every error case.
import jwt from 'jsonwebtoken'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ProfileSchema, VideoAuthSchema, type TokenResponse } from '../../../common/api'
import { signIn, startTestServer, stopTestPostgres, storeKinds, type TestServer } from '../../support/server'
import { call, expectError } from './http'

let server: TestServer
let now = Date.UTC(2030, 0, 1)
let alice: TokenResponse
let bob: TokenResponse
const HOUR = 3600_000

const videoAuth = async (session: TokenResponse) => {
  const result = await call(server.url, 'POST', '/v3/twilio/video_auth', { token: session.access_token })
  expect(result.status, result.text).toBe(200)
  return VideoAuthSchema.parse(result.json)
}
const identityOf = async (session: TokenResponse, username: string): Promise<string> => {
  const result = await call(server.url, 'GET', `/v3/twilio/video_identity?profile=${username}`, { token: session.access_token })
  expect(result.status, result.text).toBe(200)
  return (result.json as { identity: string }).identity
}

afterAll(stopTestPostgres)

// The whole suite once per store: the server's behaviour must not depend on it.
describe.each(storeKinds())('%s store', (store) => {
  beforeAll(async () => {
    server = await startTestServer({ store, clock: () => now, accessTokenTtlSeconds: 10 * 24 * 3600 })
    ;[alice, bob] = await Promise.all([signIn(server, 'alice'), signIn(server, 'bob')])
  })
  afterAll(() => server.stop())

  describe('video_auth', () => {
    it('returns a p2p token in the Twilio JWT shape, reused while fresh', async () => {
      const first = await videoAuth(alice)
      expect(first.provider).toBe('p2p')
      expect(first.identity).toMatch(/^[0-9a-f]{32}$/)
      expect(first.expires_at).toBe(now / 1000 + 24 * 3600)
      const decoded = jwt.decode(first.token, { complete: true })!
      expect(decoded.header).toMatchObject({ alg: 'HS256', cty: 'twilio-fpa;v=1' })
      expect(decoded.payload).toMatchObject({ grants: { identity: first.identity, video: {} }, exp: first.expires_at })
      now += HOUR
      expect(await videoAuth(alice)).toEqual(first)
    })

    it('re-mints with a new identity when less than the remainder (4 h) is left, and the old identity still resolves', async () => {
      const before = await videoAuth(alice)
      now = (before.expires_at - 4 * 3600 + 1) * 1000
      const after = await videoAuth(alice)
      expect(after.identity).not.toBe(before.identity)
      expect(after.token).not.toBe(before.token)
      expect(after.expires_at).toBe(now / 1000 + 24 * 3600)
      const oldOwner = await call(server.url, 'GET', `/v3/twilio/profile?identity=${before.identity}`, { token: bob.access_token })
      expect(ProfileSchema.parse(oldOwner.json).username).toBe('alice')
      expect(await identityOf(bob, 'alice')).toBe(after.identity)
    })

    it('replaces an expired token with a new identity; the expired identity stops resolving', async () => {
      const before = await videoAuth(bob)
      now = (before.expires_at + 1) * 1000
      expectError(await call(server.url, 'GET', `/v3/twilio/profile?identity=${before.identity}`, { token: alice.access_token }), 400, 'invalid', 'identity')
      const after = await videoAuth(bob)
      expect(after.identity).not.toBe(before.identity)
      expect(after.expires_at).toBeGreaterThan(now / 1000)
    })
  })

  describe('video_identity', () => {
    it("creates the callee's video client when it has none, and returns it to the callee's video_auth", async () => {
      const carol = await signIn(server, 'carol')
      const identity = await identityOf(alice, 'carol')
      expect(identity).toMatch(/^[0-9a-f]{32}$/)
      expect(await identityOf(bob, 'carol')).toBe(identity)
      expect((await videoAuth(carol)).identity).toBe(identity)
    })

    it("never answers an identity that video_auth would already replace: it could expire while the caller rings it", async () => {
      const carol = await signIn(server, 'carol')
      const before = await videoAuth(carol)
      now = (before.expires_at - 4 * 3600 + 1) * 1000
      const identity = await identityOf(alice, 'carol')
      expect(identity).not.toBe(before.identity)
      // The callee's own next token carries the identity the caller was given.
      expect((await videoAuth(carol)).identity).toBe(identity)
    })

    it('refuses a missing, own or unknown profile with 400 at location profile', async () => {
      const get = (query: string) => call(server.url, 'GET', `/v3/twilio/video_identity${query}`, { token: alice.access_token })
      expectError(await get(''), 400, 'required', 'profile')
      expectError(await get('?profile=alice'), 400, 'invalid', 'profile')
      expectError(await get('?profile=nobody'), 400, 'invalid', 'profile')
      const envelope = (await get('?profile=alice')).json as { error: { errors: { location_type: string; message: string }[] } }
      expect(envelope.error.errors[0]).toMatchObject({ location_type: 'parameter', message: "You can't call yourself" })
    })
  })

  describe('video_call', () => {
    const post = (body: unknown) => call(server.url, 'POST', '/v3/twilio/video_call', { token: alice.access_token, body })

    it('validates identity, missed and room', async () => {
      const identity = await identityOf(alice, 'bob')
      expectError(await post({}), 400, 'required', 'identity')
      expectError(await post({ identity: 'XYZ' }), 400, 'invalid', 'identity')
      expectError(await post({ identity: 'f'.repeat(32), room: 'room-00000001' }), 400, 'invalid', 'identity')
      expectError(await post({ identity, missed: 'false', room: 'room-00000001' }), 400, 'invalid', 'missed')
      expectError(await post({ identity }), 400, 'required', 'room')
      expectError(await post({ identity, room: 'bad room!' }), 400, 'invalid', 'room')
      const self = (await videoAuth(alice)).identity
      expectError(await post({ identity: self, room: 'room-00000001' }), 400, 'invalid', 'identity')
    })

    it('records each call in the audit log', async () => {
      server.audit.clear()
      const identity = await identityOf(alice, 'bob')
      expect((await post({ identity, room: 'room-audit-001' })).json).toEqual({ available: false })
      expect((await post({ identity, missed: true })).status).toBe(200)
      const calls = server.audit.list('video_call')
      expect(calls).toHaveLength(2)
      expect(calls[0]).toMatchObject({ callerProfileId: alice.profile.id, calleeIdentity: identity, calleeProfileId: bob.profile.id, missed: false, room: 'room-audit-001' })
      expect(calls[1]).toMatchObject({ missed: true, room: null })
      expect(calls[0]!.at).toBe(now)
    })
  })

  describe('profile by identity and video_reject', () => {
    it('returns the profile behind an identity and validates the query', async () => {
      const identity = await identityOf(bob, 'alice')
      const result = await call(server.url, 'GET', `/v3/twilio/profile?identity=${identity}`, { token: bob.access_token })
      expect(ProfileSchema.parse(result.json)).toMatchObject({ username: 'alice', id: alice.profile.id })
      expectError(await call(server.url, 'GET', '/v3/twilio/profile', { token: bob.access_token }), 400, 'required', 'identity')
      expectError(await call(server.url, 'GET', '/v3/twilio/profile?identity=123', { token: bob.access_token }), 400, 'invalid', 'identity')
    })

    it('validates video_reject and audits it', async () => {
      const reject = (body: unknown) => call(server.url, 'POST', '/v3/twilio/video_reject', { token: bob.access_token, body })
      const callerIdentity = await identityOf(bob, 'alice')
      expectError(await reject({ room: 'room-00000001', reason: 'busy' }), 400, 'required', 'identity')
      expectError(await reject({ identity: callerIdentity, reason: 'busy' }), 400, 'required', 'room')
      expectError(await reject({ identity: callerIdentity, room: 'room-00000001', reason: 'bored' }), 400, 'invalid', 'reason')
      expectError(await reject({ identity: 'a'.repeat(32), room: 'room-00000001', reason: 'busy' }), 400, 'invalid', 'identity')
      const bobIdentity = await identityOf(alice, 'bob')
      expect((await call(server.url, 'POST', '/v3/twilio/video_call', { token: alice.access_token, body: { identity: bobIdentity, room: 'room-00000001' } })).status).toBe(200)
      server.audit.clear()
      expect((await reject({ identity: callerIdentity, room: 'room-00000001', reason: 'rejected' })).json).toEqual({})
      expect(server.audit.list('video_reject')).toEqual([
        expect.objectContaining({ callerProfileId: alice.profile.id, calleeProfileId: bob.profile.id, room: 'room-00000001', reason: 'rejected' })
      ])
    })
  })

  describe('video_reject authorization', () => {
    const rejectAs = (session: TokenResponse, body: unknown) => call(server.url, 'POST', '/v3/twilio/video_reject', { token: session.access_token, body })
    const ringAs = async (session: TokenResponse, callee: string, room: string) => {
      const result = await call(server.url, 'POST', '/v3/twilio/video_call', { token: session.access_token, body: { identity: await identityOf(session, callee), room } })
      expect(result.status, result.text).toBe(200)
    }

    it('refuses a decline for a room nobody rang, with 403 permission_denied and nothing published', async () => {
      server.audit.clear()
      const reply = await rejectAs(bob, { identity: await identityOf(bob, 'alice'), room: 'room-never-rung', reason: 'rejected' })
      expectError(reply, 403, 'permission_denied')
      expect((reply.json as { error: { message: string } }).error.message).toBe('This caller has not rung you in this room')
      expect(server.audit.list('video_reject')).toEqual([])
    })

    it('accepts a decline only from the callee of the ring: not from a third member, nor from the caller', async () => {
      const carol = await signIn(server, 'carol')
      await ringAs(alice, 'bob', 'room-authz-0001')
      const aliceIdentity = await identityOf(carol, 'alice')
      server.audit.clear()
      expectError(await rejectAs(carol, { identity: aliceIdentity, room: 'room-authz-0001', reason: 'rejected' }), 403, 'permission_denied')
      expectError(await rejectAs(alice, { identity: await identityOf(alice, 'bob'), room: 'room-authz-0001', reason: 'rejected' }), 403, 'permission_denied')
      // A ring in another room does not cover this one.
      expectError(await rejectAs(bob, { identity: aliceIdentity, room: 'room-authz-0002', reason: 'busy' }), 403, 'permission_denied')
      expect(server.audit.list('video_reject')).toEqual([])
      expect((await rejectAs(bob, { identity: aliceIdentity, room: 'room-authz-0001', reason: 'busy' })).json).toEqual({})
      expect(server.audit.list('video_reject')).toEqual([expect.objectContaining({ callerProfileId: alice.profile.id, calleeProfileId: bob.profile.id, room: 'room-authz-0001', reason: 'busy' })])
    })

    it('still accepts the decline after the caller re-rang and gave up (the retry loop, then missed)', async () => {
      await ringAs(alice, 'bob', 'room-authz-0003')
      await ringAs(alice, 'bob', 'room-authz-0003')
      const bobIdentity = await identityOf(alice, 'bob')
      expect((await call(server.url, 'POST', '/v3/twilio/video_call', { token: alice.access_token, body: { identity: bobIdentity, missed: true } })).status).toBe(200)
      expect((await rejectAs(bob, { identity: await identityOf(bob, 'alice'), room: 'room-authz-0003', reason: 'rejected' })).status).toBe(200)
    })
  })

  describe('Twilio provider', () => {
    it('mints real Twilio access tokens when Twilio credentials are set', async () => {
      const twilio = { accountSid: `AC${'1'.repeat(32)}`, apiKeySid: `SK${'2'.repeat(32)}`, apiKeySecret: 'api-key-secret' }
      const twilioServer = await startTestServer({ twilio })
      try {
        const session = await signIn(twilioServer, 'alice')
        const result = await call(twilioServer.url, 'POST', '/v3/twilio/video_auth', { token: session.access_token })
        const auth = VideoAuthSchema.parse(result.json)
        expect(auth.provider).toBe('twilio')
        const verified = jwt.verify(auth.token, twilio.apiKeySecret, { complete: true })
        expect(verified.header).toMatchObject({ cty: 'twilio-fpa;v=1', alg: 'HS256' })
        expect(verified.payload).toMatchObject({ iss: twilio.apiKeySid, sub: twilio.accountSid, grants: { identity: auth.identity, video: {} }, exp: auth.expires_at })
        expect((await call(twilioServer.url, 'GET', '/v3/client_config')).json).toMatchObject({ video: { provider: 'twilio' } })
      } finally {
        await twilioServer.stop()
      }
    })
  })
})

// Text neither store can keep exactly (NUL; an unpaired surrogate, which has no UTF-8 form)
// is refused at the HTTP boundary with 400 invalid naming the field, on both stores alike,
// in bodies, query parameters and path segments, and nothing is stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signIn, startTestServer, stopTestPostgres, storeKinds, type TestServer } from '../../support/server'
import { call, expectError, grant, grantOk } from './http'

afterAll(stopTestPostgres)

describe.each(storeKinds())('%s store: unstorable text', (store) => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer({ store })
  })
  afterAll(() => server.stop())

  it.each([
    ['a NUL', 'Dana\u0000Doe'],
    ['an unpaired high surrogate', 'Dana \uD800'],
    ['an unpaired low surrogate', '\uDC00Dana']
  ])('refuses a sign-up name with %s, naming the field, and creates no account', async (_, name) => {
    const reply = await grant(server.url, { grant_type: 'shoutit_signup', name, email: 'dana@example.com', password: 'secret1' })
    expectError(reply, 400, 'invalid', 'name')
    // The e-mail stayed free: a clean sign-up with it works.
    await grantOk(server.url, { grant_type: 'shoutit_signup', name: `Dana ${store}`, email: `dana-${Math.random()}@example.com`, password: 'secret1' })
    expect((await grant(server.url, { grant_type: 'shoutit_login', email: 'dana@example.com', password: 'secret1' })).status).toBe(400)
  })

  it('refuses a NUL in a sign-in e-mail and in a password, naming each', async () => {
    expectError(await grant(server.url, { grant_type: 'shoutit_login', email: 'alice\u0000', password: 'alice-password' }), 400, 'invalid', 'email')
    expectError(await grant(server.url, { grant_type: 'shoutit_login', email: 'alice', password: 'alice-password\u0000' }), 400, 'invalid', 'password')
  })

  it('refuses a NUL in a query parameter and in a path segment', async () => {
    const alice = await signIn(server, 'alice')
    const search = await call(server.url, 'GET', '/v3/profiles?search=b%00ob', { token: alice.access_token })
    expectError(search, 400, 'invalid', 'search')
    const byName = await call(server.url, 'GET', '/v3/profiles/b%00ob', { token: alice.access_token })
    expectError(byName, 400, 'invalid', 'username')
    const identity = await call(server.url, 'GET', '/v3/twilio/video_identity?profile=bob%00', { token: alice.access_token })
    expectError(identity, 400, 'invalid', 'profile')
  })

  it('still accepts text with characters outside the BMP (paired surrogates)', async () => {
    const reply = await grantOk(server.url, { grant_type: 'shoutit_signup', name: 'Emoji 😀 Fan', email: `emoji-${store}@example.com`, password: 'secret1' })
    expect(reply.profile.name).toBe('Emoji 😀 Fan')
  })
})

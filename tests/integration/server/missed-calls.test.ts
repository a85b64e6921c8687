// Missed calls over HTTP (docs/api.md §4.3): a retried post with the same Idempotency-Key
// stores one notification, each caller may leave only so many (429 with Retry-After), and
// the unread count stays right through posts and resets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { DetailedProfileSchema, NotificationListSchema, type TokenResponse } from '../../../common/api'
import { signIn, startTestServer, stopTestPostgres, storeKinds, type TestServer } from '../../support/server'
import { call, expectError } from './http'

afterAll(stopTestPostgres)

describe.each(storeKinds())('%s store', (store) => {
  let server: TestServer
  let alice: TokenResponse
  let bob: TokenResponse
  let carol: TokenResponse

  beforeAll(async () => {
    server = await startTestServer({ store, missedCallLimits: { perPair: 4, perCaller: 6 } })
    ;[alice, bob, carol] = await Promise.all([signIn(server, 'alice'), signIn(server, 'bob'), signIn(server, 'carol')])
  })
  afterAll(() => server.stop())

  const identityOf = async (session: TokenResponse, username: string): Promise<string> => {
    const reply = await call(server.url, 'GET', `/v3/twilio/video_identity?profile=${username}`, { token: session.access_token })
    expect(reply.status, reply.text).toBe(200)
    return (reply.json as { identity: string }).identity
  }
  const missed = async (caller: TokenResponse, callee: string, key?: string) =>
    call(server.url, 'POST', '/v3/twilio/video_call', {
      token: caller.access_token,
      body: { identity: await identityOf(caller, callee), missed: true },
      ...(key === undefined ? {} : { headers: { 'Idempotency-Key': key } })
    })
  const notificationsOf = async (session: TokenResponse) => {
    const listed = NotificationListSchema.extend({ count: z.number() }).parse(
      (await call(server.url, 'GET', '/v3/notifications?page_size=50', { token: session.access_token })).json
    )
    return { count: listed.count, results: listed.results }
  }
  const unreadOf = async (session: TokenResponse): Promise<number> => {
    const me = DetailedProfileSchema.parse((await call(server.url, 'GET', '/v3/profiles/me', { token: session.access_token })).json)
    return me.stats!.unread_notifications_count
  }
  const reset = async (session: TokenResponse) => expect((await call(server.url, 'POST', '/v3/notifications/reset', { token: session.access_token })).status).toBe(200)

  it('stores one notification for a post retried with the same Idempotency-Key', async () => {
    const before = (await notificationsOf(carol)).count
    expect(await missed(bob, 'carol', 'retry-0001')).toMatchObject({ status: 200, json: {} })
    expect(await missed(bob, 'carol', 'retry-0001')).toMatchObject({ status: 200, json: {} })
    expect((await notificationsOf(carol)).count).toBe(before + 1)
    expect(await unreadOf(carol)).toBe(before + 1)
    // Another key, or none, is another missed call.
    expect((await missed(bob, 'carol', 'retry-0002')).status).toBe(200)
    expect((await missed(bob, 'carol')).status).toBe(200)
    expect((await notificationsOf(carol)).count).toBe(before + 3)
  })

  it('refuses a malformed Idempotency-Key with 400 at the header', async () => {
    const reply = await missed(bob, 'alice', 'has space')
    expectError(reply, 400, 'invalid', 'Idempotency-Key')
    expect((reply.json as { error: { errors: { location_type: string }[] } }).error.errors[0]!.location_type).toBe('header')
    expectError(await missed(bob, 'alice', 'k'.repeat(201)), 400, 'invalid', 'Idempotency-Key')
  })

  it('limits missed calls per caller and callee, then per caller, with 429 and Retry-After; a retry of a stored one still answers 200', async () => {
    // alice has left none yet: 4 to bob are allowed, the 5th is not.
    for (let index = 0; index < 4; index++) expect((await missed(alice, 'bob', `limit-${index}`)).status).toBe(200)
    const countBefore = (await notificationsOf(bob)).count
    const refused = await missed(alice, 'bob', 'limit-4')
    expectError(refused, 429, 'throttled', 'identity')
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    expect((refused.json as { error: { message: string } }).error.message).toMatch(/^Too many missed calls; try again in \d+ seconds$/)
    expect((await notificationsOf(bob)).count).toBe(countBefore)
    expect((await missed(alice, 'bob', 'limit-0')).status, 'a retry is no new missed call').toBe(200)
    // Two more to carol reach alice's 6; the next to anyone is refused.
    for (let index = 0; index < 2; index++) expect((await missed(alice, 'carol', `limit-carol-${index}`)).status).toBe(200)
    expectError(await missed(alice, 'carol', 'limit-carol-2'), 429, 'throttled', 'identity')
    // Others are not held up by alice.
    expect((await missed(carol, 'bob')).status).toBe(200)
  })

  it('keeps the unread count right through missed calls and resets', async () => {
    await reset(bob)
    expect(await unreadOf(bob)).toBe(0)
    expect((await missed(carol, 'bob', 'unread-1')).status).toBe(200)
    expect((await missed(carol, 'bob', 'unread-1')).status).toBe(200)
    expect(await unreadOf(bob)).toBe(1)
    expect((await missed(carol, 'bob', 'unread-2')).status).toBe(200)
    expect(await unreadOf(bob)).toBe(2)
    await reset(bob)
    await reset(bob)
    expect(await unreadOf(bob)).toBe(0)
    expect((await missed(carol, 'bob', 'unread-3')).status).toBe(200)
    expect(await unreadOf(bob)).toBe(1)
    const listed = await notificationsOf(bob)
    expect(listed.results.filter((notification) => !notification.is_read)).toHaveLength(1)
    // The sign-in reply counts the same.
    expect((await signIn(server, 'bob')).profile.stats?.unread_notifications_count).toBe(1)
  })
})

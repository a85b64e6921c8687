// Session and video token keeper over 48 simulated hours with short lifetimes (15 min
// access tokens, 1 h video tokens), sleep/resume and clock skew: refreshes happen exactly
// as the schedule says, no request ever carries an expired token, a 401 storm causes one refresh.
import { afterEach, describe, expect, it } from 'vitest'
import { composeMain, type MainHandle } from '../../../main/compose'
import { FakeApi } from '../../support/platform/fake-api'
import { FakeClock, settle } from '../../support/platform/fake-clock'
import { fakePusherFactory } from '../../support/platform/fake-pusher'
import { createTestPlatform, type TestPlatform } from '../../support/platform/platform'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const SENDER = 1

interface Rig {
  clock: FakeClock
  api: FakeApi
  platform: TestPlatform
  main: MainHandle
}

const rigs: Rig[] = []
afterEach(async () => {
  for (const rig of rigs.splice(0)) await rig.main.dispose()
})

function rig(skewMs = 0, iceServers?: unknown[], janusUrl?: string): Rig {
  const clock = new FakeClock()
  const api = new FakeApi({ clock, accessTtlSeconds: 15 * 60, videoTtlSeconds: 3600, videoRemintBelowSeconds: 15 * 60, skewMs, ...(iceServers ? { iceServers } : {}), ...(janusUrl ? { janusUrl } : {}) })
  const platform = createTestPlatform({ clock, fetch: api.fetch, createPusher: fakePusherFactory() })
  // Margins: refresh the access token 1 min before expiry, the video token 10 min before.
  const main = composeMain(platform, { accessRefreshMarginMs: MINUTE, videoRefreshMarginMs: 10 * MINUTE })
  const created = { clock, api, platform, main }
  rigs.push(created)
  return created
}

async function signIn({ main, api }: Rig): Promise<void> {
  await main.ready
  const result = await main.ipc.invoke(SENDER, 'session:signIn', { login: 'alice', password: api.accounts[0]!.password })
  expect(result.ok).toBe(true)
  await settle()
}

/** Asks for a video token the way a call does, and checks it is valid on the server's clock. */
async function expectUsableVideoToken({ main, api }: Rig): Promise<void> {
  const result = await main.ipc.invoke(SENDER, 'video:getToken', { minValidSeconds: 60 })
  expect(result.ok).toBe(true)
  if (!result.ok) return
  const token = result.value as { expiresAt: number }
  expect(token.expiresAt * 1000).toBeGreaterThan(api.serverNow())
}

describe('token schedule over 48 hours', () => {
  it('refreshes exactly on schedule and never sends an expired token', async () => {
    const r = rig()
    await signIn(r)
    expect(r.api.videoAuths).toBe(1)

    for (let step = 0; step < (48 * 60) / 8; step += 1) {
      await r.clock.advance(8 * MINUTE)
      if (step % 9 === 0) await expectUsableVideoToken(r)
    }

    // 15 min tokens refreshed 1 min early: one refresh every 14 min.
    expect(r.api.refreshes).toBe(Math.floor((48 * 60) / 14))
    // 1 h video tokens refreshed 10 min early: the first at sign-in, then one every 50 min.
    expect(r.api.videoAuths).toBe(1 + Math.floor((48 * 60) / 50))
    expect(r.api.expiredTokenUses).toEqual([])
    expect(r.api.unauthorized).toBe(0)
  })

  it('refreshes both tokens once on resume after sleep, then resumes the cadence', async () => {
    const r = rig()
    await signIn(r)
    // Awake segments (minutes) between sleeps; each sleep outlasts both tokens.
    const awake = [100, 7 * 60 + 3, 13 * 60 + 11, 9 * 60 + 5]
    const sleeps = [3 * HOUR, 8 * HOUR, 2 * HOUR]
    for (let index = 0; index < awake.length; index += 1) {
      await r.clock.advance(awake[index]! * MINUTE)
      await expectUsableVideoToken(r)
      const sleep = sleeps[index]
      if (sleep === undefined) break
      r.clock.sleep(sleep)
      r.platform.power.resume()
      await settle()
      await expectUsableVideoToken(r)
    }
    // Each awake segment starts with fresh tokens (sign-in or resume): its refreshes follow
    // the cadence; each resume adds exactly one refresh of each token.
    const accessExpected = awake.reduce((sum, minutes) => sum + Math.floor(minutes / 14), 0) + sleeps.length
    const videoExpected = 1 + awake.reduce((sum, minutes) => sum + Math.floor(minutes / 50), 0) + sleeps.length
    expect(r.api.refreshes).toBe(accessExpected)
    expect(r.api.videoAuths).toBe(videoExpected)
    expect(r.api.expiredTokenUses).toEqual([])
  })

  it('refreshes both tokens at resume itself, before any call asks for a token', async () => {
    const r = rig()
    await signIn(r)
    await r.clock.advance(30 * MINUTE)
    // Asleep long enough for both tokens to expire; no timer fires while asleep.
    r.clock.sleep(3 * HOUR)
    const resumedAt = r.clock.now()
    const before = r.api.requests.length
    r.platform.power.resume()
    await settle()
    // No IPC call was made: these requests are the resume handler's own.
    const atResume = r.api.requests.slice(before).filter((request) => request.at === resumedAt).map((request) => request.path)
    expect(atResume).toContain('POST /v3/oauth2/access_token')
    expect(atResume).toContain('POST /v3/twilio/video_auth')
    expect(r.main.services.videoTokens.state()).toMatchObject({ state: 'fresh' })
    expect(r.api.expiredTokenUses).toEqual([])
  })

  it.each([
    ['server ahead', 20 * MINUTE],
    ['server behind', -20 * MINUTE],
    // expires_at (1 h after the server's now) is already in the past on our clock.
    ['server 2 h behind', -2 * HOUR]
  ])('judges video expiry on the server clock (%s)', async (_label, skewMs) => {
    const r = rig(skewMs)
    await signIn(r)
    for (let step = 0; step < (12 * 60) / 5; step += 1) {
      await r.clock.advance(5 * MINUTE)
      await expectUsableVideoToken(r)
    }
    expect(r.api.videoAuths).toBe(1 + Math.floor((12 * 60) / 50))
    expect(r.api.expiredTokenUses).toEqual([])
  })

  it('fetches at once when a kept video token has expired while the app was closed', async () => {
    const r = rig()
    await signIn(r)
    await r.main.dispose()
    r.clock.sleep(5 * HOUR)
    const pathsBefore = r.api.paths.length
    const again = composeMain(r.platform, { accessRefreshMarginMs: MINUTE, videoRefreshMarginMs: 10 * MINUTE })
    rigs.push({ ...r, main: again })
    await again.ready
    await settle()
    const session = await again.ipc.invoke(SENDER, 'session:get', {})
    expect(session).toMatchObject({ ok: true, value: { state: 'signed-in' } })
    expect(r.api.refreshes).toBe(1)
    expect(r.api.videoAuths).toBe(2)
    // Start-up: restore → refresh the access token → then video_auth and realtime side by side
    // (a video_auth being retried must not keep calls from ringing).
    const startup = r.api.paths.slice(pathsBefore)
    expect(startup[0]).toBe('POST /v3/oauth2/access_token')
    expect(startup.slice(1).sort()).toEqual(['GET /v3/client_config', 'POST /v3/twilio/video_auth'])
    await expectUsableVideoToken({ ...r, main: again })
    expect(r.api.expiredTokenUses).toEqual([])
  })
})

describe('401 handling', () => {
  it('a 401 storm causes exactly one refresh, and every request is retried once', async () => {
    const r = rig()
    await signIn(r)
    r.api.revokeAccessTokens()
    const results = await Promise.all(
      Array.from({ length: 25 }, () => r.main.ipc.invoke(SENDER, 'people:search', { search: '', page: 1 }))
    )
    expect(results.every((result) => result.ok)).toBe(true)
    expect(r.api.refreshes).toBe(1)
    expect(r.api.unauthorized).toBe(25)
  })

  it('a refused refresh signs the user out with a reason and wipes the secrets', async () => {
    const r = rig()
    await signIn(r)
    const events: unknown[] = []
    r.main.onEvent((event) => {
      if (event.channel === 'session:changed') events.push(event.payload)
    })
    r.api.revokeAccessTokens()
    r.api.revokeRefreshTokens()
    const result = await r.main.ipc.invoke(SENDER, 'people:search', { search: '', page: 1 })
    expect(result).toMatchObject({ ok: false, error: { code: 'not_signed_in' } })
    expect(events.at(-1)).toMatchObject({ state: 'signed-out', reason: expect.stringMatching(/sign in again/i) })
    const token = await r.main.ipc.invoke(SENDER, 'video:tokenState', {})
    expect(token).toMatchObject({ ok: true, value: { state: 'none' } })
  })
})

describe('video token failures', () => {
  it('retries with capped backoff while offline, shows it, and recovers', async () => {
    const r = rig()
    await signIn(r)
    const states: Array<{ state: string; nextAttemptAt?: number }> = []
    r.main.onEvent((event) => {
      if (event.channel === 'video:tokenStateChanged') states.push(event.payload as { state: string })
    })
    r.api.offline = true
    await r.clock.advance(3 * HOUR)
    // While offline the access token cannot be renewed either, so video_auth fails before
    // reaching the network: count the keeper's scheduled retries.
    const attempts = new Set(states.filter((state) => state.state === 'retrying').map((state) => state.nextAttemptAt)).size
    // Backoff 2 s, 4 s, … capped at 5 min: a few hours offline is dozens of attempts, not thousands.
    expect(attempts).toBeGreaterThan(5)
    expect(attempts).toBeLessThan(60)
    expect(states.some((state) => state.state === 'retrying' && typeof state.nextAttemptAt === 'number')).toBe(true)
    r.api.offline = false
    await r.clock.advance(6 * MINUTE)
    const state = await r.main.ipc.invoke(SENDER, 'video:tokenState', {})
    expect(state).toMatchObject({ ok: true, value: { state: 'fresh' } })
    await expectUsableVideoToken(r)
    expect(r.api.expiredTokenUses).toEqual([])
  })

  it("hands a call the ICE servers that came with its video token, and none when the server sent none", async () => {
    const turn = { urls: ['turn:turn.example.org?transport=udp'], username: '1700000000:p-1', credential: 'c2lnbmVk' }
    const withTurn = rig(0, [{ urls: 'stun:turn.example.org' }, turn])
    await signIn(withTurn)
    const token = await withTurn.main.ipc.invoke(SENDER, 'video:getToken', { minValidSeconds: 60 })
    expect(token).toMatchObject({ ok: true, value: { iceServers: [{ urls: 'stun:turn.example.org' }, turn] } })

    const plain = rig()
    await signIn(plain)
    const without = await plain.main.ipc.invoke(SENDER, 'video:getToken', { minValidSeconds: 60 })
    expect(without.ok && without.value).not.toHaveProperty('iceServers')
  })

  it('hands a call the Janus URL of its video token (and the CSP its origin), and a room token from the server', async () => {
    const r = rig(0, undefined, 'wss://sfu.example.org/janus')
    await signIn(r)
    const token = await r.main.ipc.invoke(SENDER, 'video:getToken', { minValidSeconds: 60 })
    expect(token).toMatchObject({ ok: true, value: { provider: 'janus', janus: { url: 'wss://sfu.example.org/janus' } } })
    expect(r.main.services.videoTokens.janusUrl()).toBe('wss://sfu.example.org/janus')
    const room = await r.main.ipc.invoke(SENDER, 'video:janusRoomToken', { room: 'room-for-janus-1' })
    expect(room).toMatchObject({ ok: true, value: { token: expect.stringMatching(/,janus,janus\.plugin\.videoroom:/), expiresAt: expect.any(Number) } })
    expect(r.api.janusRoomsAsked).toEqual(['room-for-janus-1'])
    const refused = await r.main.ipc.invoke(SENDER, 'video:janusRoomToken', { room: 'not a room' })
    expect(refused.ok).toBe(false)
    expect(r.api.janusRoomsAsked).toHaveLength(1)

    const plain = rig()
    await signIn(plain)
    expect(plain.main.services.videoTokens.janusUrl()).toBeUndefined()
  })

  it('never calls video routes for a guest', async () => {
    const r = rig()
    await r.main.ready
    const guest = await r.main.ipc.invoke(SENDER, 'session:continueAsGuest', {})
    expect(guest).toMatchObject({ ok: true, value: { state: 'signed-in', isGuest: true } })
    await r.clock.advance(2 * HOUR)
    const token = await r.main.ipc.invoke(SENDER, 'video:getToken', { minValidSeconds: 0 })
    expect(token).toMatchObject({ ok: false, error: { code: 'guest' } })
    const ring = await r.main.ipc.invoke(SENDER, 'video:identity', { username: 'alice' })
    expect(ring).toMatchObject({ ok: false, error: { code: 'guest' } })
    expect(r.api.paths.filter((path) => path.includes('/twilio/'))).toEqual([])
  })
})

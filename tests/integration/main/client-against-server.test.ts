// The main-process composition against the real reference server on loopback: sign-in,
// refresh rotation, video_auth, the realtime subscription, a ring reaching the service, and
// a missed call made while the client was offline shown exactly once after it reconnects.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_OAUTH_CLIENT, type IncomingVideoCall, type Notification } from '../../../common/api'
import { composeMain, type MainHandle } from '../../../main/compose'
import type { DesktopNotification } from '../../../main/services/core/platform'
import { DEMO_ACCOUNTS, signIn as signInDirectly, startTestServer, type TestServer } from '../../support/server'
import { TestKeyring } from '../../support/platform/secret-storage'
import { jsonFileStores } from '../../support/platform/stores'
import { createTestPlatform } from '../../support/platform/platform'

const SENDER = 1
const alice = DEMO_ACCOUNTS.find((account) => account.username === 'alice')!

let server: TestServer
let main: MainHandle
let dataDir: string
const refreshTokensSent: string[] = []
const desktopNotifications: DesktopNotification[] = []

/** Records the refresh tokens the client sends (the test may see them; the renderer never does). */
const watchingFetch: typeof globalThis.fetch = async (input, init) => {
  if (typeof init?.body === 'string' && init.body.includes('"refresh_token"')) {
    const body = JSON.parse(init.body) as { grant_type?: string; refresh_token?: string }
    if (body.grant_type === 'refresh_token' && body.refresh_token) refreshTokensSent.push(body.refresh_token)
  }
  return globalThis.fetch(input, init)
}

async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value !== undefined && value !== false) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

/** Another user acting through the API directly. */
async function asUser(username: string) {
  const account = DEMO_ACCOUNTS.find((candidate) => candidate.username === username)!
  const { access_token } = await signInDirectly(server, account.username, account.password)
  const call = async (method: string, route: string, body?: unknown) => {
    const response = await fetch(`${server.api}${route}`, {
      method,
      headers: { Authorization: `Bearer ${access_token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body)
    })
    const text = await response.text()
    if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${text}`)
    return text === '' ? {} : (JSON.parse(text) as Record<string, unknown>)
  }
  return { call }
}

beforeAll(async () => {
  server = await startTestServer({ accessTokenTtlSeconds: 3, videoTokenTtlSeconds: 3600, videoTokenRemintRemainderSeconds: 600 })
  dataDir = mkdtempSync(path.join(tmpdir(), 'shoutit-main-int-'))
  const platform = createTestPlatform({
    fetch: watchingFetch,
    secretStorage: new TestKeyring(),
    createStore: jsonFileStores(dataDir),
    dataDir,
    localServerUrl: server.url
  })
  platform.notifier = { supportsActions: true, notify: (notification) => desktopNotifications.push(notification) }
  // Refresh 2 s before a 3 s token expires: a refresh about every second.
  main = composeMain(platform, { accessRefreshMarginMs: 2_000 })
  await main.ready
})

afterAll(async () => {
  await main?.dispose()
  await server?.stop()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

describe('main process against the reference server', () => {
  it('signs in through IPC and exposes no OAuth token to the window', async () => {
    const result = await main.ipc.invoke(SENDER, 'session:signIn', { login: alice.email, password: alice.password })
    expect(result).toMatchObject({ ok: true, value: { state: 'signed-in', isGuest: false, profile: { username: 'alice' } } })
    expect(JSON.stringify(result)).not.toMatch(/access_token|refresh_token/)
  })

  it('rotates the refresh token; replaying an old one ends the whole family, and the app signs out', async () => {
    await waitFor(() => refreshTokensSent.length >= 2 || undefined, 'two refreshes')
    expect(new Set(refreshTokensSent).size).toBe(refreshTokensSent.length)
    const replay = await fetch(`${server.api}/oauth2/access_token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        client_id: DEFAULT_OAUTH_CLIENT.clientId,
        client_secret: DEFAULT_OAUTH_CLIENT.clientSecret,
        grant_type: 'refresh_token',
        refresh_token: refreshTokensSent[0]
      })
    })
    expect(replay.status).toBe(400)
    // A replayed refresh token means it leaked: the server revokes every token of its
    // family, the app's current pair included, so the app's next request ends the session.
    const refused = await main.ipc.invoke(SENDER, 'people:search', { search: 'bo', page: 1 })
    expect(refused).toMatchObject({ ok: false })
    await waitFor(() => (main.services.session.profile === undefined ? true : undefined), 'signed out after the family was revoked')

    const again = await main.ipc.invoke(SENDER, 'session:signIn', { login: alice.email, password: alice.password })
    expect(again).toMatchObject({ ok: true, value: { state: 'signed-in' } })
    const people = await main.ipc.invoke(SENDER, 'people:search', { search: 'bo', page: 1 })
    expect(people).toMatchObject({ ok: true, value: { results: [expect.objectContaining({ username: 'bob' })] } })
  })

  it('keeps a video token from video_auth', async () => {
    const token = await main.ipc.invoke(SENDER, 'video:getToken', { minValidSeconds: 60 })
    expect(token).toMatchObject({ ok: true, value: { identity: expect.stringMatching(/^[0-9a-f]{32}$/), provider: 'p2p' } })
    const state = await main.ipc.invoke(SENDER, 'video:tokenState', {})
    expect(state).toMatchObject({ ok: true, value: { state: 'fresh' } })
  })

  it('subscribes to its presence channel and a ring reaches the main-process service', async () => {
    const me = main.services.session.profile!
    await waitFor(() => (main.services.realtime.state().state === 'connected' ? true : undefined), 'realtime connected')
    await waitFor(() => (server.realtimeConnectionsOf(me.id) === 1 ? true : undefined), 'presence subscription')

    const rings: IncomingVideoCall[] = []
    main.services.realtime.events.on('incomingCall', (call) => rings.push(call))
    const bob = await asUser('bob')
    const { identity } = (await bob.call('GET', '/twilio/video_identity?profile=alice')) as { identity: string }
    const reply = await bob.call('POST', '/twilio/video_call', { identity, room: 'room-integration-1' })
    expect(reply).toEqual({ available: true })
    const ring = await waitFor(() => rings[0], 'the ring')
    expect(ring).toMatchObject({ username: 'bob', video_call: { room: 'room-integration-1' } })
  })

  it('shows a missed call made while disconnected exactly once, however often reconnects fetch it', async () => {
    const me = main.services.session.profile!
    const realtime = main.services.realtime
    const delivered: Array<{ notification: Notification; source: string }> = []
    realtime.events.on('notification', (event) => delivered.push(event))
    const fromCarol = () => delivered.filter((event) => event.notification.attached_object?.profile?.username === 'carol')
    const shownForCarol = () => desktopNotifications.filter((notification) => notification.body === 'You missed a call from Carol Cooper')

    realtime.disconnect()
    await waitFor(() => (server.realtimeConnectionsOf(me.id) === 0 ? true : undefined), 'disconnect seen by server')
    const carol = await asUser('carol')
    const { identity } = (await carol.call('GET', '/twilio/video_identity?profile=alice')) as { identity: string }
    await carol.call('POST', '/twilio/video_call', { identity, missed: true })
    expect(delivered).toEqual([])

    await realtime.connect(me.id)
    const caughtUp = await waitFor(() => delivered.find((event) => event.notification.attached_object?.profile?.username === 'carol'), 'catch-up')
    expect(caughtUp.source).toBe('catch-up')
    expect(caughtUp.notification.type).toBe('missed_video_call')

    expect(shownForCarol()).toHaveLength(1)

    // Another reconnect fetches the same unread notification again; the desktop shows it once.
    realtime.disconnect()
    await realtime.connect(me.id)
    await waitFor(() => (fromCarol().length === 2 ? true : undefined), 'the second catch-up')
    expect(shownForCarol()).toHaveLength(1)

    // A live missed call shows once too (pushed, then fetched again by a later catch-up).
    await carol.call('POST', '/twilio/video_call', { identity, missed: true })
    await waitFor(() => (fromCarol().some((event) => event.source === 'live') ? true : undefined), 'live missed call')
    await waitFor(() => (shownForCarol().length === 2 ? true : undefined), 'the live one shown')
    const fetchedBefore = fromCarol().length
    realtime.disconnect()
    await realtime.connect(me.id)
    await waitFor(() => (fromCarol().length >= fetchedBefore + 2 ? true : undefined), 'both fetched again')
    expect(shownForCarol()).toHaveLength(2)
    expect(await main.ipc.invoke(SENDER, 'missed:count', {})).toEqual({ ok: true, value: { count: 2 } })
  })

  it('signs out through IPC and wipes the session', async () => {
    const result = await main.ipc.invoke(SENDER, 'session:signOut', {})
    expect(result).toMatchObject({ ok: true, value: { state: 'signed-out' } })
    expect(main.services.realtime.state().state).toBe('disconnected')
    const token = await main.ipc.invoke(SENDER, 'video:getToken', { minValidSeconds: 0 })
    expect(token).toMatchObject({ ok: false, error: { code: 'not_signed_in' } })
  })
})

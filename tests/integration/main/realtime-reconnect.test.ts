// The main-process composition, with pusher-js's real Node build, against the reference
// server restarted on the same port: the realtime connection is back within a few seconds of
// the server (pusher-js on its own waits out a 15 s timeout), and a ring gets through.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import type { IncomingVideoCall } from '../../../common/api'
import type { RealtimeState } from '../../../common/ipc'
import { composeMain, type MainHandle } from '../../../main/compose'
import { jsonFileStores } from '../../support/platform/stores'
import { createTestPlatform } from '../../support/platform/platform'
import { TestKeyring } from '../../support/platform/secret-storage'
import { DEMO_ACCOUNTS, signIn, startTestServer, type TestServer } from '../../support/server'

const SENDER = 1
/**
 * Generous for a loaded machine, well under pusher-js's own 15 s. Restarts are jittered over
 * their backoff window (1, 2, 4 s …); the test pins the draw to the top of each window, the
 * slowest schedule, so it asserts the bound every client meets rather than a lucky draw.
 */
const BACK_WITHIN_MS = 5_000

let server: TestServer
let serverDataDir: string
let clientDataDir: string
let main: MainHandle

async function waitFor<T>(probe: () => T | undefined | false, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = probe()
    if (value !== undefined && value !== false) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

beforeAll(async () => {
  vi.spyOn(Math, 'random').mockReturnValue(0.999_999)
  serverDataDir = mkdtempSync(path.join(tmpdir(), 'shoutit-reconnect-server-'))
  clientDataDir = mkdtempSync(path.join(tmpdir(), 'shoutit-reconnect-client-'))
  server = await startTestServer({ dataDir: serverDataDir })
  const platform = createTestPlatform({
    secretStorage: new TestKeyring(),
    createStore: jsonFileStores(clientDataDir),
    dataDir: clientDataDir,
    localServerUrl: server.url
  })
  main = composeMain(platform)
  await main.ready
})

afterAll(async () => {
  vi.restoreAllMocks()
  await main?.dispose()
  await server?.stop()
  for (const dir of [serverDataDir, clientDataDir]) if (dir) rmSync(dir, { recursive: true, force: true })
})

it('is connected again within seconds of a server restart, and the next ring arrives', async () => {
  const alice = DEMO_ACCOUNTS.find((account) => account.username === 'alice')!
  const signedIn = await main.ipc.invoke(SENDER, 'session:signIn', { login: alice.email, password: alice.password })
  expect(signedIn).toMatchObject({ ok: true })
  const realtime = main.services.realtime
  const me = main.services.session.profile!
  await waitFor(() => server.realtimeConnectionsOf(me.id) === 1, 'the first subscription')

  const states: Array<{ state: RealtimeState['state']; at: number }> = []
  realtime.events.on('state', ({ state }) => states.push({ state, at: Date.now() }))
  const { port } = new URL(server.url)
  await server.stop({ keepData: true })
  await waitFor(() => realtime.state().state !== 'connected', 'the client noticing the server is gone')
  // Down long enough for the client's first attempt to be refused, as in a real restart.
  await new Promise((resolve) => setTimeout(resolve, 1_500))
  server = await startTestServer({ dataDir: serverDataDir, port: Number(port) })
  const backAt = Date.now()

  await waitFor(() => realtime.state().state === 'connected', 'realtime connected again', BACK_WITHIN_MS)
  await waitFor(() => server.realtimeConnectionsOf(me.id) === 1, 'the presence subscription', BACK_WITHIN_MS)
  const reconnectedAfterMs = Date.now() - backAt
  console.log(`realtime: ${states.map(({ state, at }) => `${state}@${at - backAt}ms`).join(' → ')} (times relative to the server being back)`)
  expect(reconnectedAfterMs).toBeLessThan(BACK_WITHIN_MS)
  // The app did not tell its windows it went offline for good in between.
  expect(states.map(({ state }) => state)).not.toContain('disconnected')

  const rings: IncomingVideoCall[] = []
  realtime.events.on('incomingCall', (call) => rings.push(call))
  const bob = DEMO_ACCOUNTS.find((account) => account.username === 'bob')!
  const { access_token } = await signIn(server, bob.username, bob.password)
  const call = async (method: string, route: string, body?: unknown): Promise<Record<string, unknown>> => {
    const response = await fetch(`${server.api}${route}`, {
      method,
      headers: { Authorization: `Bearer ${access_token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body)
    })
    expect(response.status).toBe(200)
    return (await response.json()) as Record<string, unknown>
  }
  const { identity } = (await call('GET', '/twilio/video_identity?profile=alice')) as { identity: string }
  expect(await call('POST', '/twilio/video_call', { identity, room: 'room-after-restart' })).toEqual({ available: true })
  const ring = await waitFor(() => rings[0], 'the ring')
  expect(ring).toMatchObject({ username: 'bob', video_call: { room: 'room-after-restart' } })
}, 30_000)

// One whole session of the app's real main-process composition against the reference
// server (sign in, access-token refreshes, an outgoing call with its video token and TURN
// credentials, an incoming ring, a missed call, sign out), with the app's own log file in
// its data folder. Every secret the server handed this client (access and refresh tokens,
// video tokens, TURN credentials) is collected from the wire; none may appear in any event
// sent to a window, in any invoke answer, or in the log file. The one exception is the answer
// of video:getToken, whose job is to give the call its video token and ICE servers: it may
// carry those, and never an OAuth token.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { IpcResult } from '../../../common/ipc'
import { invokeChannels, type InvokeChannel } from '../../../common/ipc'
import { composeMain, type MainHandle } from '../../../main/compose'
import { createAppLogger } from '../../../main/platform/logger'
import { HeldSecrets } from '../../../main/services/core/held-secrets'
import { DEMO_ACCOUNTS, signIn as signInDirectly, startTestServer, type TestServer } from '../../support/server'
import { jsonFileStores } from '../../support/platform/stores'
import { createTestPlatform, type TestPlatform } from '../../support/platform/platform'
import { waitFor } from '../../support/harness/wait'

const SENDER = 1
const ROOM = 'room-secrets-whole-session'
const account = (username: string) => DEMO_ACCOUNTS.find((candidate) => candidate.username === username)!

let server: TestServer
let main: MainHandle
let platform: TestPlatform
let dataDir: string
let logFile: string
/** Secrets by kind, as the server sent them to this client. */
const secrets = { oauth: new Set<string>(), video: new Set<string>() }
let refreshes = 0
const answers: Array<{ channel: string; result: IpcResult<unknown> }> = []

/** globalThis.fetch, keeping every token and TURN credential the server answers with. */
const collectingFetch: typeof globalThis.fetch = async (input, init) => {
  const response = await globalThis.fetch(input, init)
  const url = new URL(input instanceof Request ? input.url : String(input))
  if (response.ok && (url.pathname.endsWith('/oauth2/access_token') || url.pathname.endsWith('/twilio/video_auth'))) {
    const body = (await response.clone().json()) as Record<string, unknown>
    if (typeof body.access_token === 'string') secrets.oauth.add(body.access_token)
    if (typeof body.refresh_token === 'string') secrets.oauth.add(body.refresh_token)
    if (typeof init?.body === 'string' && init.body.includes('"refresh_token"')) refreshes += 1
    if (typeof body.token === 'string') secrets.video.add(body.token)
    for (const server of (body.ice_servers ?? []) as Array<{ credential?: string }>) if (server.credential) secrets.video.add(server.credential)
  }
  return response
}

async function invoke(channel: InvokeChannel, request: unknown): Promise<IpcResult<unknown>> {
  const result = await main.ipc.invoke(SENDER, channel, request)
  answers.push({ channel, result })
  return result
}

async function value<T>(channel: InvokeChannel, request: unknown): Promise<T> {
  const result = await invoke(channel, request)
  if (!result.ok) throw new Error(`${channel}: ${result.error.code}: ${result.error.message}`)
  return result.value as T
}

/** Every channel whose request is empty, as a window would poll them. */
async function invokeEveryEmptyChannel(): Promise<void> {
  for (const channel of main.ipc.channels() as InvokeChannel[]) {
    if (channel === 'session:signOut' || channel === 'session:continueAsGuest' || channel === 'history:clear' || channel === 'update:installNow') continue
    if (invokeChannels[channel].request.safeParse({}).success) await invoke(channel, {})
  }
}

const until = <T>(probe: () => T | undefined | false, what: string): Promise<T> => waitFor(probe, `timed out waiting for ${what}`, 15_000)

/** Another user acting through the API directly. */
async function asUser(username: string) {
  const { access_token } = await signInDirectly(server, username, account(username).password)
  return async (method: string, route: string, body?: unknown): Promise<Record<string, unknown>> => {
    const response = await fetch(`${server.api}${route}`, {
      method,
      headers: { Authorization: `Bearer ${access_token}`, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) })
    })
    const text = await response.text()
    if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${text}`)
    return text === '' ? {} : (JSON.parse(text) as Record<string, unknown>)
  }
}

const sentEvents = (channel: string) => platform.windows.sent.filter((event) => event.channel === channel)

beforeAll(async () => {
  server = await startTestServer({
    accessTokenTtlSeconds: 3,
    iceServers: ['stun:127.0.0.1:3478', 'turn:127.0.0.1:3478?transport=udp'],
    turnSecret: 'whole-session-turn-shared-secret'
  })
  dataDir = mkdtempSync(path.join(tmpdir(), 'shoutit-secrets-'))
  logFile = path.join(dataDir, 'logs', 'main.log')
  const held = new HeldSecrets()
  // As main/index.ts builds it: the app's logger, at its most verbose, into the data folder.
  const logger = createAppLogger({ file: logFile, minimum: 'debug', echo: false, secrets: held })
  platform = { ...createTestPlatform({ fetch: collectingFetch, createStore: jsonFileStores(dataDir), dataDir, localServerUrl: server.url }), logger: Object.assign(logger, { lines: [] }) }
  // Refresh 2 s before a 3 s token expires: a refresh about every second.
  main = composeMain(platform, { accessRefreshMarginMs: 2_000, ringTimeoutMs: 60_000, secrets: held })
  await main.ready
}, 30_000)

afterAll(async () => {
  await main?.dispose()
  await server?.stop()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

describe('a whole session keeps every secret in main', () => {
  it('runs sign-in, refresh, an outgoing call, a ring, a missed call and sign-out', async () => {
    const alice = account('alice')
    await value('session:signIn', { login: alice.email, password: alice.password })
    await until(() => main.services.realtime.state().state === 'connected', 'realtime connected')
    await invokeEveryEmptyChannel()

    // Refreshes, on the session's own schedule.
    await until(() => refreshes >= 2, 'two access-token refreshes')

    // An outgoing call, as the renderer places it.
    const token = await value<{ iceServers?: unknown[] }>('video:getToken', { minValidSeconds: 60 })
    expect(token.iceServers?.length).toBeGreaterThan(0)
    await value('call:activity', { activity: 'outgoing' })
    const { identity } = await value<{ identity: string }>('video:identity', { username: 'bob' })
    await value('video:ring', { identity, room: ROOM, kind: 'video' })
    await invoke('realtime:authorizeRoom', { socketId: '1234.5678', channelName: `presence-video-room-${ROOM}` })
    await value('realtime:config', {})
    await value('video:profileOf', { identity })
    await value('people:search', { search: 'bo', page: 1 })
    await value('people:get', { username: 'bob' })
    await invokeEveryEmptyChannel()
    await value('video:reportMissed', { identity })
    const bobProfile = await value<Record<string, unknown>>('people:get', { username: 'bob' })
    await value('call:finished', { direction: 'outgoing', peer: bobProfile, room: ROOM, startedAt: Date.now() - 5_000, outcome: 'cancelled' })
    await value('call:activity', { activity: 'idle' })

    // An incoming ring from bob, declined.
    const bob = await asUser('bob')
    const { identity: aliceIdentity } = (await bob('GET', '/twilio/video_identity?profile=alice')) as { identity: string }
    await bob('POST', '/twilio/video_call', { identity: aliceIdentity, room: 'room-secrets-incoming' })
    await until(() => sentEvents('ring:incoming').length > 0, 'the ring')
    await invokeEveryEmptyChannel()
    await value('ring:decline', { room: 'room-secrets-incoming' })

    // A missed call from carol.
    const carol = await asUser('carol')
    await carol('POST', '/twilio/video_call', { identity: aliceIdentity, missed: true })
    await until(() => sentEvents('missed:countChanged').some((event) => (event.payload as { count: number }).count > 0), 'the missed call')
    await invokeEveryEmptyChannel()
    await value('missed:markSeen', {})

    await until(() => refreshes >= 3, 'another refresh')
    const answersWhileSignedIn = answers.length
    await value('session:signOut', {})
    await invokeEveryEmptyChannel()

    // The session really went through every step this test claims.
    expect(secrets.oauth.size).toBeGreaterThanOrEqual(6)
    expect(secrets.video.size).toBeGreaterThanOrEqual(2)
    for (const channel of ['session:changed', 'video:tokenStateChanged', 'realtime:stateChanged', 'ring:incoming', 'ring:ended', 'history:changed', 'missed:countChanged']) {
      expect(sentEvents(channel).length, channel).toBeGreaterThan(0)
    }
    // Every poll succeeded while signed in; after sign-out the only refusal is "not signed in".
    expect(answers.slice(0, answersWhileSignedIn).filter((answer) => !answer.result.ok).map((answer) => answer.channel)).toEqual([])
    const refusedAfter = answers.slice(answersWhileSignedIn).flatMap((answer) => (answer.result.ok ? [] : [answer.result.error.code]))
    expect(new Set(refusedAfter)).toEqual(new Set(refusedAfter.length > 0 ? ['not_signed_in'] : []))
  })

  it('sent no secret in any event to any window', () => {
    const text = JSON.stringify(platform.windows.sent)
    for (const secret of [...secrets.oauth, ...secrets.video]) expect(text).not.toContain(secret)
  })

  it('answered no invoke with a secret (video:getToken only with its video token and ICE servers)', () => {
    for (const { channel, result } of answers) {
      const text = JSON.stringify(result)
      for (const secret of secrets.oauth) expect(text, channel).not.toContain(secret)
      if (channel === 'video:getToken') continue
      for (const secret of secrets.video) expect(text, channel).not.toContain(secret)
    }
  })

  it("wrote no secret to the app's log file", () => {
    const log = readFileSync(logFile, 'utf8')
    expect(log).toContain('session: signed in')
    for (const secret of [...secrets.oauth, ...secrets.video]) expect(log).not.toContain(secret)
  })
})

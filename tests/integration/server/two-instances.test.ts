// Two server processes sharing one PostgreSQL database and one realtime hub: instance A
// serves realtime (its built-in Pusher-protocol service); instance B publishes through A's
// events API as an external Pusher-compatible service, with the same app id, key and
// secret. A client signed in through A is rung by a call POSTed to B, a missed call
// written through A is listed by B, and sign-in failures counted by either instance throttle
// both. Also: a started server says nothing on stderr (no ExperimentalWarning from node:sqlite).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { IncomingVideoCallSchema, NotificationListSchema, profileChannelName, type TokenResponse } from '../../../common/api'
import { postgresAvailable } from '../../support/postgres-cluster'
import { signIn, stopTestPostgres, testDatabaseUrl } from '../../support/server'
import { startServerProcess, type ServerProcess } from '../../support/server-process'
import { call, grant } from './http'
import { connectRealtime, nextEvent, type RealtimeClient } from './realtime-client'

const dataDir = mkdtempSync(path.join(tmpdir(), 'shoutit-instances-'))
const processes: ServerProcess[] = []
afterAll(async () => {
  for (const server of processes) await server.stop()
  stopTestPostgres()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('a started server', () => {
  it('writes nothing to stderr: no ExperimentalWarning from node:sqlite', async () => {
    const server = await startServerProcess(['--data-dir', path.join(dataDir, 'sqlite')])
    processes.push(server)
    expect((await call(server.url, 'GET', '/v3/client_config')).status).toBe(200)
    await signIn(server, 'alice')
    expect(await server.stop()).toBe(0)
    expect(server.stderr()).not.toMatch(/ExperimentalWarning/)
    expect(server.stderr()).toBe('')
  })
})

describe.runIf(postgresAvailable() || process.env.CI)('two instances on one PostgreSQL database and one realtime hub', () => {
  const app = { PUSHER_APP_ID: 'shared-app', PUSHER_KEY: 'shared-key', PUSHER_SECRET: 'shared-secret-for-both-instances' }
  let a: ServerProcess
  let b: ServerProcess
  let alice: TokenResponse
  let bob: TokenResponse
  let bobRealtime: RealtimeClient

  beforeAll(async () => {
    const databaseUrl = testDatabaseUrl()
    // B starts on the database A has just migrated and seeded (starting at once is the storage suite's test).
    a = await startServerProcess(['--data-dir', path.join(dataDir, 'a'), '--database-url', databaseUrl], app)
    processes.push(a)
    const hub = new URL(a.url)
    b = await startServerProcess(
      ['--data-dir', path.join(dataDir, 'b'), '--pusher-host', hub.hostname, '--pusher-port', hub.port, '--pusher-no-tls'],
      { ...app, DATABASE_URL: databaseUrl }
    )
    processes.push(b)
    ;[alice, bob] = await Promise.all([signIn(b, 'alice'), signIn(a, 'bob')])
    const pusher = { appId: app.PUSHER_APP_ID, key: app.PUSHER_KEY, secret: app.PUSHER_SECRET, host: hub.hostname, port: Number(hub.port), useTLS: false }
    bobRealtime = connectRealtime({ url: a.url, pusher }, bob.access_token)
  })
  afterAll(() => bobRealtime?.close())

  it('both instances tell clients to use the one hub', async () => {
    const fromA = (await call(a.url, 'GET', '/v3/client_config')).json
    const fromB = (await call(b.url, 'GET', '/v3/client_config')).json
    expect(fromB).toMatchObject({ pusher: { key: app.PUSHER_KEY, host: new URL(a.url).hostname, port: Number(new URL(a.url).port), tls: false } })
    expect(fromA).toMatchObject({ pusher: { key: app.PUSHER_KEY, port: Number(new URL(a.url).port) } })
  })

  it('rings a client connected to A when the call is POSTed to B', async () => {
    const channel = await bobRealtime.subscribe(profileChannelName(bob.profile.id))
    const identity = (await call(b.url, 'GET', '/v3/twilio/video_identity?profile=bob', { token: alice.access_token })).json as { identity: string }
    // The identity B created is the one A knows: both read one database.
    const bobAuth = (await call(a.url, 'POST', '/v3/twilio/video_auth', { token: bob.access_token })).json as { identity: string }
    expect(bobAuth.identity).toBe(identity.identity)
    const ring = nextEvent(channel, 'incoming_video_call')
    const reply = await call(b.url, 'POST', '/v3/twilio/video_call', { token: alice.access_token, body: { identity: identity.identity, room: 'two-instances-room' } })
    expect(reply).toMatchObject({ status: 200, json: { available: true } })
    const event = IncomingVideoCallSchema.parse(await ring)
    expect(event).toMatchObject({ username: 'alice', video_call: { room: 'two-instances-room' } })
  })

  it('lists on B a missed call written through A', async () => {
    const carol = await signIn(a, 'carol')
    const identity = (await call(a.url, 'GET', '/v3/twilio/video_identity?profile=bob', { token: carol.access_token })).json as { identity: string }
    expect((await call(a.url, 'POST', '/v3/twilio/video_call', { token: carol.access_token, body: { identity: identity.identity, missed: true } })).status).toBe(200)
    const list = NotificationListSchema.parse((await call(b.url, 'GET', '/v3/notifications', { token: bob.access_token })).json)
    expect(list.results[0]).toMatchObject({ type: 'missed_video_call', attached_object: { profile: { username: 'carol' } } })
  })

  it('shares sign-in throttles: failures in a row counted by either instance block the name on both', async () => {
    // Both see the client as loopback; 10 failures in a row is the default allowance.
    const attempt = (server: ServerProcess, password: string) => grant(server.url, { grant_type: 'shoutit_login', email: 'mallory', password })
    const statuses: number[] = []
    for (let i = 0; i < 11; i++) statuses.push((await attempt(i % 2 === 0 ? a : b, `guess-${i}`)).status)
    expect(statuses).toEqual([...Array<number>(10).fill(400), 429])
    expect((await attempt(b, 'guess-11')).status).toBe(429)
  })

  it('writes nothing to stderr on either instance', () => {
    expect(a.stderr()).toBe('')
    expect(b.stderr()).toBe('')
  })
})

// docs/api.md §7 against a real Janus (VideoRoom, signed tokens) started by the test: a member
// of a call gets a token that Janus accepts for that room's VideoRoom and no other, anyone
// else gets 403 and no token, the room exists in Janus from the first token on, and it is
// destroyed once it has been empty for the idle time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { JanusRoomTokenSchema, VideoAuthSchema, type TokenResponse } from '../../../common/api'
import { JanusConnection, type JanusHandle } from '../../../server/src/janus/janusClient'
import { startJanusServer, janusTestsCanRun, type JanusServer } from '../../support/janus-server'
import { signIn, startTestServer, type TestServer } from '../../support/server'
import { call, expectError } from './http'

const canRun = janusTestsCanRun('Janus room token test')
const IDLE_SECONDS = 60

let janus: JanusServer
let server: TestServer
// Janus judges token expiry on the real clock: the server's starts there and only moves ahead.
let now = Date.now()
let alice: TokenResponse
let bob: TokenResponse
let carol: TokenResponse
let roomCounter = 0
const opened: JanusConnection[] = []

const newRoom = (): string => `janus-room-${process.pid}-${++roomCounter}`

async function ring(from: TokenResponse, toLogin: string, room: string): Promise<void> {
  const identity = await call(server.url, 'GET', `/v3/twilio/video_identity?profile=${toLogin}`, { token: from.access_token })
  expect(identity.status, identity.text).toBe(200)
  const rang = await call(server.url, 'POST', '/v3/twilio/video_call', { token: from.access_token, body: { identity: (identity.json as { identity: string }).identity, room } })
  expect(rang.status, rang.text).toBe(200)
}

const roomToken = (session: TokenResponse, room: string) => call(server.url, 'POST', '/v3/janus/room_token', { token: session.access_token, body: { room } })

async function tokenFor(session: TokenResponse, room: string): Promise<string> {
  const reply = await roomToken(session, room)
  expect(reply.status, reply.text).toBe(200)
  const parsed = JanusRoomTokenSchema.parse(reply.json)
  expect(parsed.room).toBe(room)
  return parsed.token
}

/** A VideoRoom handle of a client that brings `token`, as the app's engine would. */
async function clientHandle(token: string): Promise<JanusHandle> {
  const connection = await JanusConnection.open(janus.url, token)
  opened.push(connection)
  return connection.attach('janus.plugin.videoroom')
}

interface VideoRoomData {
  videoroom: string
  error_code?: number
}

async function joinAsPublisher(token: string, room: string): Promise<VideoRoomData> {
  const handle = await clientHandle(token)
  return (await handle.message({ request: 'join', ptype: 'publisher', room, token, display: 'test' })) as unknown as VideoRoomData
}

describe.runIf(canRun)('Janus rooms and tokens through a real Janus', () => {
  beforeAll(async () => {
    janus = await startJanusServer()
    server = await startTestServer({
      clock: () => now,
      janus: { url: janus.url, tokenSecret: janus.tokenSecret, adminKey: janus.adminKey, roomIdleSeconds: IDLE_SECONDS }
    })
    ;[alice, bob, carol] = await Promise.all([signIn(server, 'alice'), signIn(server, 'bob'), signIn(server, 'carol')])
  }, 30_000)
  afterAll(async () => {
    for (const connection of opened) connection.close()
    await server?.stop()
    await janus?.stop()
  })

  it('video_auth says janus and where it is', async () => {
    const reply = await call(server.url, 'POST', '/v3/twilio/video_auth', { token: alice.access_token })
    expect(reply.status, reply.text).toBe(200)
    const auth = VideoAuthSchema.parse(reply.json)
    expect(auth.provider).toBe('janus')
    expect(auth.janus).toEqual({ url: janus.url })
  })

  it('gives the caller and the callee tokens that Janus accepts for the room, created with the first', async () => {
    const room = newRoom()
    await ring(alice, 'bob', room)
    expect(await server.janusRooms!.exists(room)).toBe(false)
    const aliceToken = await tokenFor(alice, room)
    expect(await server.janusRooms!.exists(room)).toBe(true)
    const bobToken = await tokenFor(bob, room)
    expect(aliceToken).toMatch(/^\d+,janus,janus\.plugin\.videoroom,shoutit\.[0-9a-f]{24}:[A-Za-z0-9+/=]+$/)
    expect((await joinAsPublisher(aliceToken, room)).videoroom).toBe('joined')
    expect((await joinAsPublisher(bobToken, room)).videoroom).toBe('joined')
    expect(await server.janusRooms!.participantCount(room)).toBe(2)
  })

  it('refuses a profile outside the room with 403, and Janus refuses a member token in another room', async () => {
    const room = newRoom()
    await ring(alice, 'bob', room)
    expectError(await roomToken(carol, room), 403, 'permission_denied')
    const otherRoom = newRoom()
    await ring(carol, 'alice', otherRoom)
    const carolToken = await tokenFor(carol, otherRoom)
    // Janus accepts carol's token as a session credential, but the room's allowed list does not name it.
    await tokenFor(alice, room)
    const refused = await joinAsPublisher(carolToken, room)
    expect(refused.videoroom).toBe('event')
    // 433: JANUS_VIDEOROOM_ERROR_UNAUTHORIZED
    expect(refused.error_code).toBe(433)
  })

  it('lets the caller open a room before its first ring, and nobody else until rung', async () => {
    const room = newRoom()
    // The caller's app joins while its first ring is still on its way.
    const aliceToken = await tokenFor(alice, room)
    expect(await server.janusRooms!.exists(room)).toBe(true)
    expectError(await roomToken(bob, room), 403, 'permission_denied')
    await tokenFor(alice, room)
    await ring(alice, 'bob', room)
    await tokenFor(bob, room)
    expectError(await roomToken(carol, room), 403, 'permission_denied')
    expect((await joinAsPublisher(aliceToken, room)).videoroom).toBe('joined')
  })

  it('a callee who declined gets no token', async () => {
    const room = newRoom()
    await ring(alice, 'carol', room)
    const aliceIdentity = VideoAuthSchema.parse((await call(server.url, 'POST', '/v3/twilio/video_auth', { token: alice.access_token })).json).identity
    const declined = await call(server.url, 'POST', '/v3/twilio/video_reject', { token: carol.access_token, body: { identity: aliceIdentity, room, reason: 'rejected' } })
    expect(declined.status, declined.text).toBe(200)
    expectError(await roomToken(carol, room), 403, 'permission_denied')
  })

  it('destroys a room once it has been empty for the idle time, and keeps one with people in it', async () => {
    const empty = newRoom()
    const busy = newRoom()
    await ring(alice, 'bob', empty)
    await ring(alice, 'bob', busy)
    await tokenFor(alice, empty)
    expect((await joinAsPublisher(await tokenFor(bob, busy), busy)).videoroom).toBe('joined')
    expect(await server.janusRooms!.sweep()).not.toContain(empty)
    expect(await server.janusRooms!.exists(empty)).toBe(true)
    now += (IDLE_SECONDS + 1) * 1000
    const destroyed = await server.janusRooms!.sweep()
    expect(destroyed).toContain(empty)
    expect(destroyed).not.toContain(busy)
    expect(await server.janusRooms!.exists(empty)).toBe(false)
    expect(await server.janusRooms!.exists(busy)).toBe(true)
  })
})

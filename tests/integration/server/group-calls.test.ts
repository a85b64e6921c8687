// Group calls (docs/api.md §4.3, §4.5, §5, §6): ringing more people into a call's room, who
// may do that and who may join the room, the room's member limit (also under concurrent rings
// and joins), who else is in the call as the ring says it, and answers per invited person.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  IncomingVideoCallSchema,
  VideoAuthSchema,
  VideoCallRejectedSchema,
  profileChannelName,
  roomChannelName,
  type TokenResponse
} from '../../../common/api'
import { signIn, startTestServer, stopTestPostgres, storeKinds, type TestServer } from '../../support/server'
import { call, expectError, grantOk } from './http'
import { connectRealtime, nextEvent, type RealtimeClient } from './realtime-client'

const LIMIT = 3
// Moved forward by tests, from the real time: the server's own publishes are signed with the
// real clock and refused beyond 10 minutes of skew.
let now = Date.now()
/** Past both a granted seat's hold and a ring's: only members and answers count after it. */
const LATER_MS = 120_000

let server: TestServer
const people: Record<string, TokenResponse> = {}
const clients: RealtimeClient[] = []
let roomCount = 0
const newRoom = (): string => `group-room-${++roomCount}-${Math.random().toString(36).slice(2, 10)}`

const connect = (session: TokenResponse): RealtimeClient => {
  const client = connectRealtime(server, session.access_token)
  clients.push(client)
  return client
}
const identityOf = async (asker: TokenResponse, username: string): Promise<string> => {
  const result = await call(server.url, 'GET', `/v3/twilio/video_identity?profile=${username}`, { token: asker.access_token })
  expect(result.status, result.text).toBe(200)
  return (result.json as { identity: string }).identity
}
const ring = async (caller: TokenResponse, callee: string, room: string) =>
  call(server.url, 'POST', '/v3/twilio/video_call', { token: caller.access_token, body: { identity: await identityOf(caller, callee), room } })
const ringOk = async (caller: TokenResponse, callee: string, room: string): Promise<void> => {
  const result = await ring(caller, callee, room)
  expect(result.status, result.text).toBe(200)
}
const authorise = (session: TokenResponse, room: string) =>
  call(server.url, 'POST', '/v3/pusher/auth', { token: session.access_token, body: { socket_id: '1234.5678', channel_name: roomChannelName(room) } })
const messageOf = (result: { json: unknown }): string => (result.json as { error: { message: string } }).error.message

afterAll(stopTestPostgres)

describe.each(storeKinds())('%s store', (store) => {
  beforeAll(async () => {
    now = Date.now()
    server = await startTestServer({ store, clock: () => now, roomMemberLimit: LIMIT, loginThrottle: { accountsPerAddress: 100 } })
    for (const login of ['alice', 'bob', 'carol']) people[login] = await signIn(server, login)
    for (const name of ['dave', 'erin', 'frank']) {
      const session = await grantOk(server.url, { grant_type: 'shoutit_signup', name: `${name[0]!.toUpperCase()}${name.slice(1)} Test`, email: `${name}@example.com`, password: 'secret1' })
      people[name] = session
    }
  })
  afterAll(async () => {
    for (const client of clients.splice(0)) client.close()
    await server.stop()
  })

  const username = (login: string): string => people[login]!.profile.username

  it('tells the client the room member limit in video_auth', async () => {
    const auth = VideoAuthSchema.parse((await call(server.url, 'POST', '/v3/twilio/video_auth', { token: people.alice!.access_token })).json)
    expect(auth).toMatchObject({ provider: 'p2p', room_member_limit: LIMIT })
    expect(auth.room_type).toBeUndefined()
  })

  it('lets a member ring someone into the call, and the ring names who else is in it', async () => {
    const room = newRoom()
    await connect(people.alice!).subscribe(roomChannelName(room))
    await ringOk(people.alice!, 'bob', room)
    await connect(people.bob!).subscribe(roomChannelName(room))

    const carolChannel = await connect(people.carol!).subscribe(profileChannelName(people.carol!.profile.id))
    const incoming = nextEvent(carolChannel, 'incoming_video_call')
    await ringOk(people.bob!, 'carol', room)
    const event = IncomingVideoCallSchema.parse(await incoming)
    expect(event.username).toBe('bob')
    expect(event.video_call.room).toBe(room)
    expect(event.video_call.participants).toEqual([{ id: people.alice!.profile.id, username: 'alice', name: 'Alice Archer' }])
    // Carol was rung into it: the room lets her in.
    await connect(people.carol!).subscribe(roomChannelName(room))
  })

  it('sends a 1:1 ring without participants, as historic servers did', async () => {
    const room = newRoom()
    const bobChannel = await connect(people.bob!).subscribe(profileChannelName(people.bob!.profile.id))
    const incoming = nextEvent(bobChannel, 'incoming_video_call')
    await ringOk(people.alice!, 'bob', room)
    const event = IncomingVideoCallSchema.parse(await incoming)
    expect(event.video_call).not.toHaveProperty('participants')
  })

  it('refuses a profile outside the call: it can neither ring people into the room nor join it', async () => {
    const room = newRoom()
    await connect(people.alice!).subscribe(roomChannelName(room))
    await ringOk(people.alice!, 'bob', room)
    server.audit.clear()
    const intrusion = await ring(people.dave!, 'erin', room)
    expectError(intrusion, 403, 'permission_denied')
    expect(messageOf(intrusion)).toBe('You can only ring people into a call you are in')
    expect(server.audit.list('video_call')).toEqual([])
    const join = await authorise(people.dave!, room)
    expectError(join, 403, 'permission_denied')
    expect(messageOf(join)).toBe('You have not been asked into this call')
    expect(await connect(people.dave!).subscribeExpectingError(roomChannelName(room))).toBe(403)
    // Bob, who was rung, may join.
    expect((await authorise(people.bob!, room)).status).toBe(200)
  })

  it('refuses a ring into a full call, and still lets the caller re-send a ring already out', async () => {
    const room = newRoom()
    await connect(people.alice!).subscribe(roomChannelName(room))
    await ringOk(people.alice!, 'bob', room)
    await ringOk(people.alice!, 'carol', room)
    const full = await ring(people.alice!, 'dave', room)
    expectError(full, 403, 'permission_denied')
    expect(messageOf(full)).toBe(`This call is full: it holds at most ${LIMIT} people`)
    await ringOk(people.alice!, 'carol', room)
  })

  it('holds the limit when many ring into one room at once', async () => {
    const room = newRoom()
    await connect(people.alice!).subscribe(roomChannelName(room))
    const identities = await Promise.all(['bob', 'carol', 'dave', 'erin'].map((login) => identityOf(people.alice!, username(login))))
    const replies = await Promise.all(
      identities.map((identity) => call(server.url, 'POST', '/v3/twilio/video_call', { token: people.alice!.access_token, body: { identity, room } }))
    )
    expect(replies.map((reply) => reply.status).sort()).toEqual([200, 200, 403, 403])
  })

  it('holds the limit in /v3/pusher/auth when many of the people rung join at once', async () => {
    const room = newRoom()
    await connect(people.alice!).subscribe(roomChannelName(room))
    await ringOk(people.alice!, 'bob', room)
    await ringOk(people.alice!, 'carol', room)
    // Unanswered rings stop holding places once the caller's loop is long over: two more fit.
    now += LATER_MS
    await ringOk(people.alice!, 'dave', room)
    await ringOk(people.alice!, 'erin', room)
    now += LATER_MS
    // Four people rung, none declined, one place free each for two of them.
    const replies = await Promise.all(['bob', 'carol', 'dave', 'erin'].map((login) => authorise(people[login]!, room)))
    expect(replies.map((reply) => reply.status).sort()).toEqual([200, 200, 403, 403])
    for (const refused of replies.filter((reply) => reply.status === 403)) expect(messageOf(refused)).toBe(`The room is full: it holds at most ${LIMIT} people`)
    // A joiner's re-authorisation (a reconnect) is not a new member.
    const admitted = ['bob', 'carol', 'dave', 'erin'].filter((_, index) => replies[index]!.status === 200)
    expect((await authorise(people[admitted[0]!]!, room)).status).toBe(200)
  })

  it('keeps every invited person’s ring apart: one declines, one is missed, one joins', async () => {
    const room = newRoom()
    const aliceChannel = await connect(people.alice!).subscribe(profileChannelName(people.alice!.profile.id))
    await connect(people.alice!).subscribe(roomChannelName(room))
    await ringOk(people.alice!, 'bob', room)
    await ringOk(people.alice!, 'carol', room)
    const aliceIdentity = await identityOf(people.carol!, 'alice')

    const rejected = nextEvent(aliceChannel, 'video_call_rejected')
    const busy = await call(server.url, 'POST', '/v3/twilio/video_reject', {
      token: people.carol!.access_token,
      body: { identity: aliceIdentity, room, reason: 'busy' }
    })
    expect(busy.status, busy.text).toBe(200)
    expect(VideoCallRejectedSchema.parse(await rejected)).toMatchObject({ room, reason: 'busy', profile: { username: 'carol' } })
    // Carol said no: she stays out; Bob's ring is untouched.
    expectError(await authorise(people.carol!, room), 403, 'permission_denied')
    const missed = await call(server.url, 'POST', '/v3/twilio/video_call', { token: people.alice!.access_token, body: { identity: await identityOf(people.alice!, 'carol'), missed: true } })
    expect(missed.status).toBe(200)
    expect((await authorise(people.bob!, room)).status).toBe(200)
    const bobDecline = await call(server.url, 'POST', '/v3/twilio/video_reject', {
      token: people.bob!.access_token,
      body: { identity: aliceIdentity, room, reason: 'rejected' }
    })
    expect(bobDecline.status).toBe(200)
  })
})

describe('Twilio rooms, whose members the server cannot see', () => {
  let twilioServer: TestServer
  const sessions: Record<string, TokenResponse> = {}
  const twilio = { accountSid: `AC${'1'.repeat(32)}`, apiKeySid: `SK${'2'.repeat(32)}`, apiKeySecret: 'api-key-secret' }
  const ringAt = async (caller: TokenResponse, callee: string, room: string) => {
    const lookup = await call(twilioServer.url, 'GET', `/v3/twilio/video_identity?profile=${callee}`, { token: caller.access_token })
    const identity = (lookup.json as { identity: string }).identity
    return call(twilioServer.url, 'POST', '/v3/twilio/video_call', { token: caller.access_token, body: { identity, room } })
  }

  beforeAll(async () => {
    twilioServer = await startTestServer({ twilio, roomMemberLimit: LIMIT, loginThrottle: { accountsPerAddress: 100 } })
    for (const login of ['alice', 'bob', 'carol']) sessions[login] = await signIn(twilioServer, login)
    sessions.dave = await grantOk(twilioServer.url, { grant_type: 'shoutit_signup', name: 'Dave Test', email: 'dave@example.com', password: 'secret1' })
  })
  afterAll(() => twilioServer.stop())

  it('says the room type is group', async () => {
    const auth = VideoAuthSchema.parse((await call(twilioServer.url, 'POST', '/v3/twilio/video_auth', { token: sessions.alice!.access_token })).json)
    expect(auth).toMatchObject({ provider: 'twilio', room_member_limit: LIMIT, room_type: 'group' })
  })

  it('goes by the creator and the people rung: they may ring more, an outsider may not, and the limit holds', async () => {
    const room = 'twilio-group-room-1'
    expect((await ringAt(sessions.alice!, 'bob', room)).status).toBe(200)
    expectError(await ringAt(sessions.dave!, 'carol', room), 403, 'permission_denied')
    // Bob was rung and has not declined: he may ring Carol in.
    expect((await ringAt(sessions.bob!, 'carol', room)).status).toBe(200)
    const full = await ringAt(sessions.alice!, 'dave', room)
    expectError(full, 403, 'permission_denied')
    expect(messageOf(full)).toBe(`This call is full: it holds at most ${LIMIT} people`)
  })
})

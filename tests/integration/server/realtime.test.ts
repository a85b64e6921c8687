// Realtime against the reference server with the official pusher-js client and the
// official pusher server library (docs/api.md §5–6).
import Pusher from 'pusher'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  IncomingVideoCallSchema,
  NotificationListSchema,
  NotificationSchema,
  VideoCallRejectedSchema,
  profileChannelName,
  roomChannelName,
  type TokenResponse
} from '../../../common/api'
import { signIn, startTestServer, stopTestPostgres, storeKinds, type TestServer } from '../../support/server'
import { call } from './http'
import { connectRealtime, nextEvent, openRawSocket, type RealtimeClient } from './realtime-client'

let server: TestServer
let alice: TokenResponse
let bob: TokenResponse
let carol: TokenResponse
const clients: RealtimeClient[] = []

const connect = (session: TokenResponse): RealtimeClient => {
  const client = connectRealtime(server, session.access_token)
  clients.push(client)
  return client
}

async function api<T = unknown>(session: TokenResponse, method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  const response = await fetch(`${server.api}${path}`, {
    method,
    headers: { Authorization: `Bearer ${session.access_token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  const text = await response.text()
  return { status: response.status, json: (text ? JSON.parse(text) : undefined) as T }
}

const identityOf = async (caller: TokenResponse, username: string): Promise<string> =>
  (await api<{ identity: string }>(caller, 'GET', `/twilio/video_identity?profile=${username}`)).json.identity

afterAll(stopTestPostgres)

// The whole suite once per store: the server's behaviour must not depend on it.
describe.each(storeKinds())('%s store', (store) => {
  beforeAll(async () => {
    server = await startTestServer({ store })
    ;[alice, bob, carol] = await Promise.all([signIn(server, 'alice'), signIn(server, 'bob'), signIn(server, 'carol')])
  })

  afterAll(async () => {
    for (const client of clients) client.close()
    await server.stop()
  })

  describe('ringing', () => {
    it('delivers incoming_video_call with the caller profile and room, and reports the callee available', async () => {
      const bobRealtime = connect(bob)
      const channel = await bobRealtime.subscribe(profileChannelName(bob.profile.id))
      const identity = await identityOf(alice, 'bob')
      const ring = nextEvent(channel, 'incoming_video_call')
      const reply = await api<{ available: boolean }>(alice, 'POST', '/twilio/video_call', { identity, room: 'room-ring-0001' })
      expect(reply).toEqual({ status: 200, json: { available: true } })
      const event = IncomingVideoCallSchema.parse(await ring)
      expect(event.username).toBe('alice')
      expect(event.id).toBe(alice.profile.id)
      expect(event.video_call.room).toBe('room-ring-0001')
      // A caller that does not say (a historic client) calls with video.
      expect(event.video_call.kind).toBe('video')
      const aliceAuth = await api<{ identity: string }>(alice, 'POST', '/twilio/video_auth')
      expect(event.video_call.identity).toBe(aliceAuth.json.identity)
      expect(server.audit.list('video_call').at(-1)).toMatchObject({ callerUsername: 'alice', calleeIdentity: identity, room: 'room-ring-0001', missed: false })
    })

    it('passes a voice call on as one, and refuses an unknown kind without ringing', async () => {
      const bobRealtime = connect(bob)
      const channel = await bobRealtime.subscribe(profileChannelName(bob.profile.id))
      const identity = await identityOf(alice, 'bob')
      const rings: unknown[] = []
      channel.bind('incoming_video_call', (data: unknown) => rings.push(data))

      const refused = await api<{ error: { errors: { location: string }[] } }>(alice, 'POST', '/twilio/video_call', { identity, room: 'room-ring-kind-bad', kind: 'hologram' })
      expect(refused.status).toBe(400)
      expect(refused.json.error.errors[0]?.location).toBe('kind')

      const ring = nextEvent(channel, 'incoming_video_call')
      const reply = await api<{ available: boolean }>(alice, 'POST', '/twilio/video_call', { identity, room: 'room-ring-kind-voice', kind: 'voice' })
      expect(reply).toEqual({ status: 200, json: { available: true } })
      const event = IncomingVideoCallSchema.parse(await ring)
      expect(event.video_call).toMatchObject({ room: 'room-ring-kind-voice', kind: 'voice' })
      expect(rings.map((data) => IncomingVideoCallSchema.parse(data).video_call.room)).toEqual(['room-ring-kind-voice'])
    })

    it('reports a callee without a realtime connection as not available', async () => {
      const identity = await identityOf(alice, 'carol')
      const reply = await api<{ available: boolean }>(alice, 'POST', '/twilio/video_call', { identity, room: 'room-ring-0002' })
      expect(reply).toEqual({ status: 200, json: { available: false } })
    })

    it('stores a missed call, publishes new_notification and stats_update, and lists it', async () => {
      const carolRealtime = connect(carol)
      const channel = await carolRealtime.subscribe(profileChannelName(carol.profile.id))
      const identity = await identityOf(bob, 'carol')
      const notificationArrives = nextEvent(channel, 'new_notification')
      const statsArrive = nextEvent<{ unread_notifications_count: number }>(channel, 'stats_update')
      const reply = await api(bob, 'POST', '/twilio/video_call', { identity, missed: true })
      expect(reply.status).toBe(200)
      const notification = NotificationSchema.parse(await notificationArrives)
      expect(notification.type).toBe('missed_video_call')
      expect(notification.display.title).toBe('Missed video call')
      expect(notification.display.text).toBe('You missed a call from Bob Baker')
      expect(notification.attached_object?.profile?.username).toBe('bob')
      expect((await statsArrive).unread_notifications_count).toBe(1)

      const listed = NotificationListSchema.parse((await api(carol, 'GET', '/notifications')).json)
      expect(listed.results[0]).toMatchObject({ id: notification.id, is_read: false, type: 'missed_video_call' })

      const resetStats = nextEvent<{ unread_notifications_count: number }>(channel, 'stats_update')
      expect((await api(carol, 'POST', '/notifications/reset')).status).toBe(200)
      expect((await resetStats).unread_notifications_count).toBe(0)
      const after = NotificationListSchema.parse((await api(carol, 'GET', '/notifications')).json)
      expect(after.results.every((item) => item.is_read)).toBe(true)
    })

    it('delivers video_call_rejected to the caller', async () => {
      const aliceRealtime = connect(alice)
      const channel = await aliceRealtime.subscribe(profileChannelName(alice.profile.id))
      const callerIdentity = (await api<{ identity: string }>(alice, 'POST', '/twilio/video_auth')).json.identity
      const bobIdentity = (await api<{ identity: string }>(alice, 'GET', '/twilio/video_identity?profile=bob')).json.identity
      expect((await api(alice, 'POST', '/twilio/video_call', { identity: bobIdentity, room: 'room-ring-0003' })).status).toBe(200)
      const rejected = nextEvent(channel, 'video_call_rejected')
      const reply = await api(bob, 'POST', '/twilio/video_reject', { identity: callerIdentity, room: 'room-ring-0003', reason: 'busy' })
      expect(reply).toEqual({ status: 200, json: {} })
      const event = VideoCallRejectedSchema.parse(await rejected)
      expect(event).toMatchObject({ room: 'room-ring-0003', reason: 'busy', profile: { username: 'bob' } })
    })
  })

  describe('channel authorisation', () => {
    it("refuses a profile's channel to anyone else", async () => {
      const intruder = connect(carol)
      expect(await intruder.subscribeExpectingError(profileChannelName(alice.profile.id))).toBe(403)
    })

    it('refuses a forged subscription signature at the socket', async () => {
      const socket = await openRawSocket(server)
      const name = profileChannelName(alice.profile.id)
      socket.send({ event: 'pusher:subscribe', data: { channel: name, auth: `${server.pusher.key}:deadbeef`, channel_data: '{"user_id":"x"}' } })
      const reply = await socket.next('pusher:subscription_error')
      expect(reply.channel).toBe(name)
      expect(JSON.parse(reply.data)).toMatchObject({ status: 401 })
      socket.close()
    })

    it('refuses a member past the limit at the socket even with a valid signature', async () => {
      // A 1:1 server, whose clock moves past the hold of a seat granted but never taken.
      let now = Date.now()
      const oneToOne = await startTestServer({ store, roomMemberLimit: 2, clock: () => now })
      try {
        const [aliceThere, bobThere, carolThere] = await Promise.all([signIn(oneToOne, 'alice'), signIn(oneToOne, 'bob'), signIn(oneToOne, 'carol')])
        const ringThere = async (callee: string, room: string) => {
          const identity = ((await call(oneToOne.url, 'GET', `/v3/twilio/video_identity?profile=${callee}`, { token: aliceThere.access_token })).json as { identity: string }).identity
          expect((await call(oneToOne.url, 'POST', '/v3/twilio/video_call', { token: aliceThere.access_token, body: { identity, room } })).status).toBe(200)
        }
        const room = 'room-capacity-02'
        const channel = roomChannelName(room)
        const carolSocket = await openRawSocket(oneToOne)
        await ringThere('carol', room)
        // Carol is authorised while she is rung, but subscribes only once Bob has taken the place.
        const auth = await call(oneToOne.url, 'POST', '/v3/pusher/auth', { token: carolThere.access_token, body: { socket_id: carolSocket.socketId, channel_name: channel } })
        expect(auth.status).toBe(200)
        const connectThere = (session: TokenResponse): RealtimeClient => {
          const client = connectRealtime(oneToOne, session.access_token)
          clients.push(client)
          return client
        }
        await connectThere(aliceThere).subscribe(channel)
        now += 120_000
        await ringThere('bob', room)
        await connectThere(bobThere).subscribe(channel)
        const { auth: signature, channel_data } = auth.json as { auth: string; channel_data: string }
        carolSocket.send({ event: 'pusher:subscribe', data: { channel, auth: signature, channel_data } })
        const reply = await carolSocket.next('pusher:subscription_error')
        expect(JSON.parse(reply.data)).toMatchObject({ status: 403 })
        carolSocket.close()
      } finally {
        await oneToOne.stop()
      }
    })

    it("admits the callee to the caller's room channel and refuses an outsider, with member events", async () => {
      const room = roomChannelName('room-capacity-01')
      const aliceChannel = await connect(alice).subscribe(room)
      const joined = nextEvent<{ id: string }>(aliceChannel, 'pusher:member_added')
      expect((await api(alice, 'POST', '/twilio/video_call', { identity: await identityOf(alice, 'bob'), room: 'room-capacity-01' })).status).toBe(200)
      const bobRealtime = connect(bob)
      const bobChannel = await bobRealtime.subscribe(room)
      expect((await joined).id).toBe(bob.profile.id)
      expect(await connect(carol).subscribeExpectingError(room)).toBe(403)

      // Client events travel to the other member, stamped with the sender's user id.
      const offer = new Promise<{ data: unknown; userId: string | undefined }>((resolve) =>
        aliceChannel.bind('client-offer', (data: unknown, metadata: { user_id?: string }) => resolve({ data, userId: metadata?.user_id }))
      )
      bobChannel.trigger('client-offer', { sdp: 'v=0' })
      expect(await offer).toEqual({ data: { sdp: 'v=0' }, userId: bob.profile.id })

      const left = nextEvent<{ id: string }>(aliceChannel, 'pusher:member_removed')
      bobRealtime.close()
      expect((await left).id).toBe(bob.profile.id)
    })
  })

  describe('events API', () => {
    it('accepts events signed by the official pusher library and rejects a wrong secret', async () => {
      const realtime = connect(alice)
      const channel = await realtime.subscribe(profileChannelName(alice.profile.id))
      const options = { appId: server.pusher.appId, key: server.pusher.key, host: server.pusher.host, port: String(server.pusher.port), useTLS: false }
      const arrived = nextEvent(channel, 'custom-event')
      await new Pusher({ ...options, secret: server.pusher.secret }).trigger(profileChannelName(alice.profile.id), 'custom-event', { hello: 1 })
      expect(await arrived).toEqual({ hello: 1 })
      await expect(new Pusher({ ...options, secret: 'wrong' }).trigger(profileChannelName(alice.profile.id), 'custom-event', {})).rejects.toMatchObject({
        status: 401
      })
    })
  })
})

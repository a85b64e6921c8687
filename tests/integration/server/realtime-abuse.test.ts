// What one client may cost the realtime endpoint: client events only on call rooms (a
// sender on a shared channel would reach everyone on it), a rate per connection, a cap on
// channels per connection (public channels need no signature) and on connections per address.
// Bounded loops, loopback only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PusherAuthReplySchema, roomChannelName, watchChannelName, type TokenResponse } from '../../../common/api'
import { signIn, startTestServer, type TestServer } from '../../support/server'
import { call } from './http'
import { openRawSocket, type RawSocket } from './realtime-client'

let server: TestServer
let alice: TokenResponse
let bob: TokenResponse
let carol: TokenResponse

beforeAll(async () => {
  server = await startTestServer({ maxConnectionsPerAddress: 5 })
  ;[alice, bob, carol] = await Promise.all([signIn(server, 'alice'), signIn(server, 'bob'), signIn(server, 'carol')])
})
afterAll(() => server.stop())

/** Subscribes through /v3/pusher/auth, as the desktop client does. */
async function join(socket: RawSocket, token: TokenResponse, channel: string): Promise<void> {
  const reply = await call(server.url, 'POST', '/v3/pusher/auth', { token: token.access_token, body: { socket_id: socket.socketId, channel_name: channel } })
  const { auth, channel_data } = PusherAuthReplySchema.parse(reply.json)
  socket.send({ event: 'pusher:subscribe', data: { channel, auth, channel_data } })
  await socket.next('pusher_internal:subscription_succeeded')
}

/** Alice rings someone into the room: only the people of a call may join its channel. */
async function ring(caller: TokenResponse, callee: string, room: string): Promise<void> {
  const lookup = await call(server.url, 'GET', `/v3/twilio/video_identity?profile=${callee}`, { token: caller.access_token })
  const identity = (lookup.json as { identity: string }).identity
  expect((await call(server.url, 'POST', '/v3/twilio/video_call', { token: caller.access_token, body: { identity, room } })).status).toBe(200)
}

describe('client events', () => {
  it("are refused on a channel many share (carol's watchers), and reach no other subscriber", async () => {
    const shared = watchChannelName(carol.profile.id)
    const [sender, listener] = await Promise.all([openRawSocket(server), openRawSocket(server)])
    await join(sender, alice, shared)
    await join(listener, bob, shared)
    sender.send({ event: 'client-flood', channel: shared, data: { junk: 'x'.repeat(1000) } })
    expect(JSON.parse((await sender.next('pusher:error')).data)).toMatchObject({ message: expect.stringMatching(/not enabled/) })
    await sender.settled()
    await listener.settled()
    await expect(listener.next('client-flood', 100)).rejects.toThrow()
    sender.close()
    listener.close()
  })

  it("still travel on a call's room, and beyond 10 a second the sender gets 4301", async () => {
    const room = roomChannelName('abuse-room-1')
    const [sender, listener] = await Promise.all([openRawSocket(server), openRawSocket(server)])
    await join(sender, alice, room)
    await ring(alice, 'bob', 'abuse-room-1')
    await join(listener, bob, room)
    for (let index = 0; index < 40; index++) sender.send({ event: 'client-signal', channel: room, data: { index } })
    expect(JSON.parse((await sender.next('pusher:error')).data)).toMatchObject({ code: 4301 })
    await sender.settled()
    await listener.settled()
    const relayed = await listener.drain('client-signal')
    expect(relayed).toBeGreaterThanOrEqual(10)
    expect(relayed).toBeLessThan(40)
    sender.close()
    listener.close()
  })
})

describe('caps', () => {
  it('a connection subscribes to at most 100 channels; unsubscribing makes room', async () => {
    const socket = await openRawSocket(server)
    for (let index = 0; index < 120; index++) socket.send({ event: 'pusher:subscribe', data: { channel: `public-${index}` } })
    for (let index = 0; index < 100; index++) await socket.next('pusher_internal:subscription_succeeded')
    for (let index = 100; index < 120; index++) {
      expect(JSON.parse((await socket.next('pusher:subscription_error')).data)).toMatchObject({ type: 'LimitReached', status: 429 })
    }
    socket.send({ event: 'pusher:unsubscribe', data: { channel: 'public-0' } })
    socket.send({ event: 'pusher:subscribe', data: { channel: 'public-again' } })
    expect(await socket.next('pusher_internal:subscription_succeeded')).toMatchObject({ channel: 'public-again' })
    socket.close()
  })

  it('an address holds at most maxConnectionsPerAddress connections (4100 after a pusher:error); closing one frees a place', async () => {
    const open = await Promise.all(Array.from({ length: 5 }, () => openRawSocket(server)))
    expect(open.every((socket) => socket.socketId !== '')).toBe(true)
    const refused = await openRawSocket(server)
    expect(refused.socketId).toBe('')
    expect((await refused.closed).code).toBe(4100)
    open[0]!.close()
    await open[0]!.closed
    await expect.poll(async () => {
      const again = await openRawSocket(server)
      again.close()
      return again.socketId !== ''
    }).toBe(true)
    for (const socket of open) socket.close()
  })
})

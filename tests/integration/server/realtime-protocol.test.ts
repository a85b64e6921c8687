// Pusher protocol 7 details at the socket: handshake, ping/pong, activity timeout, refusals,
// client-event rules, presence-driven availability.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { profileChannelName, type TokenResponse } from '../../../common/api'
import { signIn, startTestServer, type TestServer } from '../../support/server'
import { channelAuth } from '../../../server/src/realtime/signatures'
import { call } from './http'
import { connectRealtime, openRawSocket } from './realtime-client'

let server: TestServer
let alice: TokenResponse

beforeAll(async () => {
  // Client events on the channels below only: the product allows them on call rooms alone.
  server = await startTestServer({ activityTimeoutSeconds: 1, pongTimeoutSeconds: 1, clientEventChannels: ['private-pair', 'presence-club'] })
  alice = await signIn(server, 'alice')
})
afterAll(() => server.stop())

describe('handshake', () => {
  it('announces a socket id and the activity timeout', async () => {
    const socket = await openRawSocket(server)
    expect(socket.socketId).toMatch(/^\d+\.\d+$/)
    socket.close()
  })

  it('refuses an unknown app key with 4001 and an unsupported protocol with 4007', async () => {
    const wrongKey = await openRawSocket(server, '/app/not-our-key?protocol=7')
    expect((await wrongKey.closed).code).toBe(4001)
    const oldProtocol = await openRawSocket(server, `/app/${server.pusher.key}?protocol=2`)
    expect((await oldProtocol.closed).code).toBe(4007)
    const badEscape = await openRawSocket(server, '/app/%E0%A4%A?protocol=7')
    expect((await badEscape.closed).code).toBe(4001)
  })

  it('answers an upgrade on another path with 404', async () => {
    const { WebSocket } = await import('ws')
    const socket = new WebSocket(`ws://127.0.0.1:${server.port}/elsewhere`)
    const status = await new Promise<number | undefined>((resolve) => socket.on('unexpected-response', (_req, res) => resolve(res.statusCode)))
    expect(status).toBe(404)
  })
})

describe('liveness', () => {
  it('answers pusher:ping with pusher:pong', async () => {
    const socket = await openRawSocket(server)
    socket.send({ event: 'pusher:ping', data: {} })
    await socket.next('pusher:pong')
    socket.close()
  })

  it('pings a silent connection and closes it with 4201 when no pong comes', async () => {
    const socket = await openRawSocket(server)
    await socket.next('pusher:ping', 4000)
    expect((await socket.closed).code).toBe(4201)
  })

  it('keeps a connection that answers pings', async () => {
    const socket = await openRawSocket(server)
    await socket.next('pusher:ping', 4000)
    socket.send({ event: 'pusher:pong', data: {} })
    await socket.next('pusher:ping', 4000)
    socket.send({ event: 'pusher:pong', data: {} })
    expect(server.realtimeConnectionCount()).toBeGreaterThan(0)
    socket.close()
  })
})

describe('messages', () => {
  it('answers garbage, unknown events and client events outside private channels with pusher:error, keeping the connection', async () => {
    const socket = await openRawSocket(server)
    socket.send('not json')
    await socket.next('pusher:error')
    socket.send({ event: 'pusher:whatever', data: {} })
    await socket.next('pusher:error')
    socket.send({ event: 'pusher:subscribe', data: { channel: 'public-news' } })
    await socket.next('pusher_internal:subscription_succeeded')
    socket.send({ event: 'client-hello', channel: 'public-news', data: {} })
    await socket.next('pusher:error')
    socket.send({ event: 'client-hello', channel: 'private-not-subscribed', data: {} })
    await socket.next('pusher:error')
    socket.send({ event: 'pusher:ping', data: {} })
    await socket.next('pusher:pong')
    socket.close()
  })
})

describe('channels', () => {
  const subscribe = async (socket: Awaited<ReturnType<typeof openRawSocket>>, channel: string, userId?: string) => {
    const channelData = userId === undefined ? undefined : JSON.stringify({ user_id: userId, user_info: { name: userId } })
    const auth = channelAuth(server.pusher.key, server.pusher.secret, socket.socketId, channel, channelData)
    socket.send({ event: 'pusher:subscribe', data: { channel, auth, channel_data: channelData } })
    return socket.next('pusher_internal:subscription_succeeded')
  }

  it('relays client events on a private channel to the other subscribers only, without a user id', async () => {
    const [first, second] = await Promise.all([openRawSocket(server), openRawSocket(server)])
    await subscribe(first, 'private-pair')
    await subscribe(second, 'private-pair')
    first.send({ event: 'client-note', channel: 'private-pair', data: { text: 'hi' } })
    const relayed = await second.next('client-note')
    expect(relayed).toEqual({ event: 'client-note', channel: 'private-pair', data: JSON.stringify({ text: 'hi' }) })
    first.send({ event: 'pusher:ping', data: {} })
    await first.next('pusher:pong')
    await expect(first.next('client-note', 200)).rejects.toThrow()
    first.close()
    second.close()
  })

  it('lists present members on subscribe and announces a member leaving by unsubscribe, once per user', async () => {
    const [ann, annAgain, ben] = await Promise.all([openRawSocket(server), openRawSocket(server), openRawSocket(server)])
    await subscribe(ann, 'presence-club', 'ann')
    await subscribe(annAgain, 'presence-club', 'ann')
    const welcome = await subscribe(ben, 'presence-club', 'ben')
    expect(JSON.parse(welcome.data)).toEqual({ presence: { ids: ['ann', 'ben'], hash: { ann: { name: 'ann' }, ben: { name: 'ben' } }, count: 2 } })
    const added = await ann.next('pusher_internal:member_added')
    expect(JSON.parse(added.data)).toEqual({ user_id: 'ben', user_info: { name: 'ben' } })

    // One of ann's two connections leaving does not remove ann.
    annAgain.send({ event: 'pusher:unsubscribe', data: { channel: 'presence-club' } })
    ben.send({ event: 'pusher:ping', data: {} })
    await ben.next('pusher:pong')
    await expect(ben.next('pusher_internal:member_removed', 200)).rejects.toThrow()
    ann.send({ event: 'pusher:unsubscribe', data: { channel: 'presence-club' } })
    expect(JSON.parse((await ben.next('pusher_internal:member_removed')).data)).toEqual({ user_id: 'ann' })

    // Unsubscribed sockets no longer receive the channel's events.
    ben.send({ event: 'client-after', channel: 'presence-club', data: {} })
    ann.send({ event: 'pusher:ping', data: {} })
    await ann.next('pusher:pong')
    await expect(ann.next('client-after', 200)).rejects.toThrow()
    for (const socket of [ann, annAgain, ben]) socket.close()
  })
})

describe('presence', () => {
  it('marks a profile online while it listens on its channel', async () => {
    const bob = await signIn(server, 'bob')
    const isOnline = async () => ((await call(server.url, 'GET', '/v3/profiles/alice', { token: bob.access_token })).json as { is_online: boolean }).is_online
    expect(await isOnline()).toBe(false)
    const realtime = connectRealtime(server, alice.access_token)
    await realtime.subscribe(profileChannelName(alice.profile.id))
    expect(await isOnline()).toBe(true)
    expect(server.realtimeConnectionsOf(alice.profile.id)).toBe(1)
    realtime.close()
    await expect.poll(() => server.realtimeConnectionsOf(alice.profile.id)).toBe(0)
    expect(await isOnline()).toBe(false)
  })
})

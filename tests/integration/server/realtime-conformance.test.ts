// The Pusher Channels protocol (version 7) as its documentation states it, checked at the
// socket and with the official libraries (pusher-js, pusher): connection refusals and their
// codes, malformed and oversized frames, encrypted and cache channels, user sign-in, and
// the hosted service's limits (the server runs with pusherLimits: 'hosted', the tests' default).
import Pusher from 'pusher'
import PusherClient from 'pusher-js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PusherUserAuthReplySchema, type TokenResponse } from '../../../common/api'
import { channelAuth, userAuth } from '../../../server/src/realtime/signatures'
import { signIn, startTestServer, type TestServer } from '../../support/server'
import { openRawSocket, type RawSocket } from './realtime-client'

let server: TestServer
let api: Pusher
let alice: TokenResponse

beforeAll(async () => {
  // 101 sockets for the presence limit, all from loopback; client events wherever the protocol allows them.
  server = await startTestServer({ clientEventChannels: ['private-', 'presence-'], maxConnectionsPerAddress: 200 })
  api = new Pusher({
    appId: server.pusher.appId,
    key: server.pusher.key,
    secret: server.pusher.secret,
    host: '127.0.0.1',
    port: String(server.port),
    useTLS: false,
    // The library encrypts events for private-encrypted-* channels itself; the server only relays them.
    encryptionMasterKeyBase64: Buffer.alloc(32, 7).toString('base64')
  })
  alice = await signIn(server, 'alice')
})
afterAll(() => server.stop())

const pathWith = (query: string): string => `/app/${server.pusher.key}${query}`

/** Subscribes with a valid signature where the channel needs one; resolves with the first reply on it. */
async function subscribe(socket: RawSocket, channel: string, userId?: string): Promise<{ event: string; data: string }> {
  const channelData = userId === undefined ? undefined : JSON.stringify({ user_id: userId, user_info: { name: userId } })
  const signed = channel.startsWith('private-') || channel.startsWith('presence-')
  const auth = signed ? channelAuth(server.pusher.key, server.pusher.secret, socket.socketId, channel, channelData) : undefined
  socket.send({ event: 'pusher:subscribe', data: { channel, auth, channel_data: channelData } })
  return socket.next(['pusher_internal:subscription_succeeded', 'pusher:subscription_error'])
}

const errorOf = (frame: { data: string }): { code: number | null; message: string } => JSON.parse(frame.data) as { code: number | null; message: string }

describe('connection refusals: a pusher:error with the code, then a close with the same code', () => {
  it.each([
    ['no protocol version', '', 4008],
    ['a malformed version', '?protocol=seven', 4006],
    ['an unsupported version', '?protocol=8', 4007]
  ])('%s', async (_name, query, code) => {
    const socket = await openRawSocket(server, pathWith(query))
    expect(socket.socketId).toBe('')
    expect((await socket.closed).code).toBe(code)
  })

  it('an unknown app key: 4001', async () => {
    const socket = await openRawSocket(server, '/app/nobody?protocol=7')
    expect((await socket.closed).code).toBe(4001)
  })
})

describe('malformed frames are answered with pusher:error, without the "unauthorized" code, and the connection stays', () => {
  it.each([['not JSON', 'not json'], ['JSON without an event', '{"data":{}}'], ['an array', '[1,2]']])('%s', async (_name, text) => {
    const socket = await openRawSocket(server)
    socket.send(text)
    const error = errorOf(await socket.next('pusher:error'))
    expect(error.code).toBeNull()
    expect(error.message).not.toMatch(/unauthori[sz]ed/i)
    await socket.settled()
    socket.close()
  })

  it('a subscribe without a channel name', async () => {
    const socket = await openRawSocket(server)
    socket.send({ event: 'pusher:subscribe', data: {} })
    expect(errorOf(await socket.next('pusher:error')).code).toBeNull()
    await socket.settled()
    socket.close()
  })

  it('a frame over 64 KB is refused with pusher:error and the connection stays', async () => {
    const socket = await openRawSocket(server)
    socket.send({ event: 'client-big', channel: 'private-x', data: 'x'.repeat(70 * 1024) })
    expect(errorOf(await socket.next('pusher:error')).message).toMatch(/65536 bytes/)
    await socket.settled()
    socket.close()
  })

  it('a frame over 1 MiB closes the connection, but only after a pusher:error', async () => {
    const socket = await openRawSocket(server)
    socket.send('x'.repeat(1024 * 1024 + 1))
    expect(errorOf(await socket.next('pusher:error')).message).toMatch(/too large/)
    expect((await socket.closed).code).toBe(1009)
  })
})

describe('encrypted channels are private channels to the server', () => {
  it('subscribes with a private signature, refuses without one, relays published events and refuses client events', async () => {
    const [member, stranger] = await Promise.all([openRawSocket(server), openRawSocket(server)])
    expect((await subscribe(member, 'private-encrypted-vault')).event).toBe('pusher_internal:subscription_succeeded')
    stranger.send({ event: 'pusher:subscribe', data: { channel: 'private-encrypted-vault', auth: `${server.pusher.key}:forged` } })
    expect(JSON.parse((await stranger.next('pusher:subscription_error')).data)).toMatchObject({ status: 401 })

    await api.trigger('private-encrypted-vault', 'sealed', { secret: 'plans' })
    const sealed = JSON.parse((await member.next('sealed')).data) as Record<string, unknown>
    expect(Object.keys(sealed).sort()).toEqual(['ciphertext', 'nonce'])

    member.send({ event: 'client-peek', channel: 'private-encrypted-vault', data: {} })
    expect(errorOf(await member.next('pusher:error')).message).toMatch(/encrypted/)
    member.close()
    stranger.close()
  })
})

describe('cache channels', () => {
  it('tell a subscriber of an empty cache channel pusher:cache_miss, after subscription_succeeded', async () => {
    const socket = await openRawSocket(server)
    expect((await subscribe(socket, 'cache-empty')).event).toBe('pusher_internal:subscription_succeeded')
    expect(await socket.next('pusher:cache_miss')).toMatchObject({ channel: 'cache-empty' })
    socket.close()
  })

  it('replay the last event to each new subscriber, even one published while nobody listened', async () => {
    await api.trigger('cache-score', 'score', { home: 1, away: 0 })
    await api.trigger('cache-score', 'score', { home: 2, away: 0 })
    const socket = await openRawSocket(server)
    await subscribe(socket, 'cache-score')
    expect(JSON.parse((await socket.next('score')).data)).toEqual({ home: 2, away: 0 })
    await socket.settled()
    await expect(socket.next('pusher:cache_miss', 100)).rejects.toThrow()
    socket.close()
  })

  it('keep the last client event of a private cache channel, which still needs a signature', async () => {
    const [writer, reader] = await Promise.all([openRawSocket(server), openRawSocket(server)])
    await subscribe(writer, 'private-cache-cursor')
    writer.send({ event: 'client-moved', channel: 'private-cache-cursor', data: { x: 3 } })
    await writer.settled()
    reader.send({ event: 'pusher:subscribe', data: { channel: 'private-cache-cursor' } })
    expect(JSON.parse((await reader.next('pusher:subscription_error')).data)).toMatchObject({ status: 401 })
    await subscribe(reader, 'private-cache-cursor')
    expect(JSON.parse((await reader.next('client-moved')).data)).toEqual({ x: 3 })
    writer.close()
    reader.close()
  })

  it('reach pusher-js as the pusher:cache_miss channel event', async () => {
    const client = new PusherClient(server.pusher.key, { cluster: 'local', wsHost: '127.0.0.1', wsPort: server.port, forceTLS: false, enabledTransports: ['ws'], disableStats: true })
    const missed = new Promise<void>((resolve) => client.subscribe('cache-nothing-yet').bind('pusher:cache_miss', () => resolve()))
    await missed
    client.disconnect()
  })
})

describe('user sign-in (pusher:signin)', () => {
  const signin = (socket: RawSocket, userData: string, auth = userAuth(server.pusher.key, server.pusher.secret, socket.socketId, userData)): void =>
    socket.send({ event: 'pusher:signin', data: { auth, user_data: userData } })

  it('answers a valid signature with pusher:signin_success and opens the user\'s own channel to that connection only', async () => {
    const [ann, other] = await Promise.all([openRawSocket(server), openRawSocket(server)])
    const userData = JSON.stringify({ id: 'ann', user_info: { name: 'Ann' } })
    signin(ann, userData)
    expect(JSON.parse((await ann.next('pusher:signin_success')).data)).toEqual({ user_data: userData })
    expect((await subscribe(ann, '#server-to-user-ann')).event).toBe('pusher_internal:subscription_succeeded')
    expect(JSON.parse((await subscribe(other, '#server-to-user-ann')).data)).toMatchObject({ status: 403 })

    await api.sendToUser('ann', 'hello', { text: 'just you' })
    expect(JSON.parse((await ann.next('hello')).data)).toEqual({ text: 'just you' })
    await other.settled()
    await expect(other.next('hello', 100)).rejects.toThrow()
    ann.close()
    other.close()
  })

  it('closes the connection with 4009 after a pusher:error for a bad signature', async () => {
    const socket = await openRawSocket(server)
    signin(socket, JSON.stringify({ id: 'mallory' }), `${server.pusher.key}:forged`)
    expect(errorOf(await socket.next('pusher:error')).code).toBe(4009)
    expect((await socket.closed).code).toBe(4009)
  })

  it('closes the connection with 4009 for user_data without an id, even when signed', async () => {
    const socket = await openRawSocket(server)
    signin(socket, JSON.stringify({ name: 'no id' }))
    expect(errorOf(await socket.next('pusher:error')).code).toBe(4009)
    expect((await socket.closed).code).toBe(4009)
  })

  it('works with pusher-js userAuthentication against /v3/pusher/user-auth, and terminate_connections closes it with 4009', async () => {
    const client = new PusherClient(server.pusher.key, {
      cluster: 'local',
      wsHost: '127.0.0.1',
      wsPort: server.port,
      forceTLS: false,
      enabledTransports: ['ws'],
      disableStats: true,
      userAuthentication: {
        endpoint: '',
        transport: 'ajax',
        customHandler: ({ socketId }, callback) => {
          void fetch(`${server.url}/v3/pusher/user-auth`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${alice.access_token}` },
            body: JSON.stringify({ socket_id: socketId })
          })
            .then(async (response) => callback(null, PusherUserAuthReplySchema.parse(await response.json())))
            .catch((error: unknown) => callback(error as Error, null))
        }
      }
    })
    const greeted = new Promise<unknown>((resolve) => client.user.bind('greeting', resolve))
    client.signin()
    await client.user.signinDonePromise
    expect(client.user.user_data).toMatchObject({ id: alice.profile.id, user_info: { username: 'alice' } })
    await expect.poll(async () => (await api.sendToUser(alice.profile.id, 'greeting', { n: 1 }), Promise.race([greeted, null]))).toEqual({ n: 1 })

    const closed = new Promise<number | undefined>((resolve) =>
      client.connection.bind('error', (error: { data?: { code?: number } }) => resolve(error.data?.code))
    )
    await api.terminateUserConnections(alice.profile.id)
    expect(await closed).toBe(4009)
    client.disconnect()
  })

  it('refuses /v3/pusher/user-auth without a bearer token', async () => {
    const response = await fetch(`${server.url}/v3/pusher/user-auth`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"socket_id":"1.2"}' })
    expect(response.status).toBe(401)
  })
})

describe("the hosted service's limits (pusherLimits: 'hosted')", () => {
  it('channel names: 164 characters are accepted, 165 refused', async () => {
    const socket = await openRawSocket(server)
    expect((await subscribe(socket, `c${'x'.repeat(163)}`)).event).toBe('pusher_internal:subscription_succeeded')
    const refused = await subscribe(socket, `c${'x'.repeat(164)}`)
    expect(JSON.parse(refused.data)).toMatchObject({ type: 'LimitReached' })
    socket.close()
  })

  it('client events: 10 KB of data relayed, one byte more refused; event names of 200 characters, not 201', async () => {
    const [sender, receiver] = await Promise.all([openRawSocket(server), openRawSocket(server)])
    await subscribe(sender, 'private-limits')
    await subscribe(receiver, 'private-limits')
    const fits = 'x'.repeat(10 * 1024 - '{"t":""}'.length)
    sender.send({ event: 'client-fits', channel: 'private-limits', data: { t: fits } })
    expect(JSON.parse((await receiver.next('client-fits')).data)).toEqual({ t: fits })
    sender.send({ event: 'client-over', channel: 'private-limits', data: { t: `${fits}x` } })
    expect(errorOf(await sender.next('pusher:error')).message).toMatch(/10240 bytes/)
    sender.send({ event: `client-${'n'.repeat(193)}`, channel: 'private-limits', data: {} })
    await receiver.next(`client-${'n'.repeat(193)}`)
    sender.send({ event: `client-${'n'.repeat(194)}`, channel: 'private-limits', data: {} })
    expect(errorOf(await sender.next('pusher:error')).message).toMatch(/200 characters/)
    await sender.settled()
    await receiver.settled()
    await expect(receiver.next('client-over', 100)).rejects.toThrow()
    sender.close()
    receiver.close()
  })

  it('published events: 10 KB of data and 164-character channel names through the HTTP API, no more', async () => {
    const status = (promise: Promise<unknown>): Promise<number | undefined> =>
      promise.then(
        () => 200,
        (error: { status?: number }) => error.status
      )
    const data = 'x'.repeat(10 * 1024) // the library sends a string as it is
    expect(await status(api.trigger('published', 'fits', data))).toBe(200)
    expect(await status(api.trigger('published', 'over', `${data}x`))).toBe(400)
    expect(await status(api.trigger(`c${'x'.repeat(163)}`, 'fits', {}))).toBe(200)
    expect(await status(api.trigger(`c${'x'.repeat(164)}`, 'over', {}))).toBe(400)
  })

  it('presence channels: 100 members, the 101st refused', async () => {
    const sockets = await Promise.all(Array.from({ length: 101 }, () => openRawSocket(server)))
    const replies = []
    for (const [index, socket] of sockets.entries()) replies.push(await subscribe(socket, 'presence-crowd', `member-${index}`))
    expect(replies.slice(0, 100).every((reply) => reply.event === 'pusher_internal:subscription_succeeded')).toBe(true)
    expect(replies[100]!.event).toBe('pusher:subscription_error')
    expect(JSON.parse(replies[100]!.data)).toMatchObject({ type: 'LimitReached', status: 403 })
    for (const socket of sockets) socket.close()
  })
})

describe('client events are rate-limited per connection (4301)', () => {
  it('refuses client events beyond 10 a second with 4301 and does not relay them', async () => {
    const [sender, receiver] = await Promise.all([openRawSocket(server), openRawSocket(server)])
    await subscribe(sender, 'private-burst')
    await subscribe(receiver, 'private-burst')
    for (let index = 0; index < 50; index++) sender.send({ event: 'client-tick', channel: 'private-burst', data: { index } })
    expect(errorOf(await sender.next('pusher:error')).code).toBe(4301)
    await sender.settled()
    await receiver.settled()
    const relayed = await receiver.drain('client-tick')
    expect(relayed).toBeGreaterThanOrEqual(10)
    expect(relayed).toBeLessThan(50)
    sender.close()
    receiver.close()
  })
})

describe("the default limits (pusherLimits: 'default', the one opt-out from the tests' hosted profile)", () => {
  it('admit what hosted refuses: 200-character channel names and 64 KB client events', async () => {
    const roomy = await startTestServer({ pusherLimits: 'default', clientEventChannels: ['private-'] })
    try {
      const [sender, receiver] = await Promise.all([openRawSocket(roomy), openRawSocket(roomy)])
      const channel = `private-${'x'.repeat(192)}`
      for (const socket of [sender, receiver]) {
        socket.send({ event: 'pusher:subscribe', data: { channel, auth: channelAuth(roomy.pusher.key, roomy.pusher.secret, socket.socketId, channel) } })
        await socket.next('pusher_internal:subscription_succeeded')
      }
      const big = 'x'.repeat(60 * 1024)
      sender.send({ event: 'client-big', channel, data: { big } })
      expect(JSON.parse((await receiver.next('client-big')).data)).toEqual({ big })
      sender.close()
      receiver.close()
    } finally {
      await roomy.stop()
    }
  })
})

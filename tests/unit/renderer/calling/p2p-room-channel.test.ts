import { describe, expect, it, vi } from 'vitest'
import { EngineConnectError } from '../../../../renderer/calling/engine'
import { CHUNK_EVENT, encodeSignal, SIGNAL_EVENT, type Signal } from '../../../../renderer/calling/p2p-messages'
import { joinRoomChannel, openRoomConnection, REJOIN_GRACE_MS, RESUBSCRIBE_FIRST_MS, type PusherChannelLike, type PusherClientFactory, type PusherClientLike } from '../../../../renderer/calling/p2p-room-channel'
import { FakeBridge } from './fakes'

type Callback = (data: unknown, metadata?: { user_id?: string }) => void

/** A pusher-js double: the test plays the server's side of the presence channel. */
class FakeChannel implements PusherChannelLike {
  readonly bindings = new Map<string, Callback[]>()
  readonly sent: Array<{ event: string; data: unknown }> = []
  memberIds: string[] = []
  /** The presence data (user_info) of each member, as the server sends it. */
  infos: Record<string, unknown> = {}
  readonly members = {
    me: null as { id: string } | null,
    each: (callback: (member: { id: string; info?: unknown }) => void) => this.memberIds.forEach((id) => callback({ id, info: this.infos[id] }))
  }
  bind(event: string, callback: Callback): void {
    this.bindings.set(event, [...(this.bindings.get(event) ?? []), callback])
  }
  trigger(event: string, data: unknown): boolean {
    this.sent.push({ event, data })
    return true
  }
  fire(event: string, data: unknown, metadata?: { user_id?: string }): void {
    for (const callback of this.bindings.get(event) ?? []) callback(data, metadata)
  }
  subscribed(me: string, members: string[]): void {
    this.members.me = { id: me }
    this.memberIds = members
    this.fire('pusher:subscription_succeeded', {})
  }
}

function harness() {
  const channel = new FakeChannel()
  const stateListeners: Array<(states: { previous: string; current: string }) => void> = []
  const client: PusherClientLike & { disconnected: boolean; connects: number; unsubscribed: string[]; subscribedTo: string[]; setState(current: string): void } = {
    disconnected: false,
    connects: 0,
    unsubscribed: [],
    subscribedTo: [],
    connection: { bind: (_event, listener) => void stateListeners.push(listener) },
    setState(current) {
      for (const listener of stateListeners) listener({ previous: '', current })
    },
    connect() {
      this.connects += 1
      this.disconnected = false
    },
    subscribe(name) {
      this.subscribedTo.push(name)
      return channel
    },
    unsubscribe(name) {
      this.unsubscribed.push(name)
    },
    disconnect() {
      this.disconnected = true
    }
  }
  const authorizations: Array<[string, string]> = []
  const factory: PusherClientFactory = (config, authorize) => {
    void authorize('123.456', 'presence-video-room-room-12345678').then(() => authorizations.push(['123.456', config.host]))
    return client
  }
  const bridge = new FakeBridge({
    'realtime:config': () => ({ key: 'k', host: '127.0.0.1', port: 6001, tls: false }),
    'realtime:authorizeRoom': () => ({ auth: 'k:signature', channel_data: '{}' })
  })
  return { channel, client, factory, bridge, authorizations }
}

/** A room joined with `members` present (us, 'me', among them), on a fresh harness. */
async function joinedRoom(members: string[]) {
  const parts = harness()
  const joining = joinRoomChannel('room-12345678', openRoomConnection(parts.bridge, parts.factory))
  await vi.waitFor(() => expect(parts.client.subscribedTo).toHaveLength(1))
  parts.channel.subscribed('me', members)
  return { ...parts, room: await joining }
}

const offer = (to: string): Signal => ({ to, description: { type: 'offer', sdp: 'v=0' } })

describe('p2p room channel', () => {
  it('restarts its connection attempt within 1, 2, 4 s into a server outage (not pusher-js 15 s), and stops once it leaves', async () => {
    vi.useFakeTimers()
    // At the end of each jittered window (tests/unit/common covers the spread).
    vi.spyOn(Math, 'random').mockReturnValue(1)
    try {
      const { client, factory, bridge } = harness()
      const connection = await openRoomConnection(bridge, factory)
      client.setState('connected')
      client.setState('connecting')
      await vi.advanceTimersByTimeAsync(999)
      expect(client.connects).toBe(0)
      await vi.advanceTimersByTimeAsync(1)
      expect(client.connects).toBe(1)
      await vi.advanceTimersByTimeAsync(2_000)
      expect(client.connects).toBe(2)
      client.setState('connected')
      await vi.advanceTimersByTimeAsync(60_000)
      expect(client.connects).toBe(2)
      client.setState('unavailable')
      connection.disconnect()
      expect(client.disconnected).toBe(true)
      await vi.advanceTimersByTimeAsync(60_000)
      expect(client.connects).toBe(2)
    } finally {
      vi.useRealTimers()
      vi.restoreAllMocks()
    }
  })

  it('subscribes the room presence channel with main authorising it, and knows who is there', async () => {
    const { channel, client, factory, bridge, authorizations } = harness()
    const joining = joinRoomChannel('room-12345678', openRoomConnection(bridge, factory))
    await vi.waitFor(() => expect(client.subscribedTo).toEqual(['presence-video-room-room-12345678']))
    channel.subscribed('me', ['me', 'peer'])
    const room = await joining
    expect(room.myId).toBe('me')
    expect(room.peers()).toEqual(['peer'])
    expect(bridge.requests('realtime:authorizeRoom')).toEqual([{ socketId: '123.456', channelName: 'presence-video-room-room-12345678' }])
    await vi.waitFor(() => expect(authorizations).toHaveLength(1))
    room.leave()
    expect(client.unsubscribed).toEqual(['presence-video-room-room-12345678'])
    expect(client.disconnected).toBe(true)
  })

  it('joins on a connection opened ahead (while the camera starts), without opening a second one', async () => {
    const { channel, client, factory, bridge } = harness()
    let created = 0
    const counting: PusherClientFactory = (config, authorize) => {
      created += 1
      return factory(config, authorize)
    }
    const connection = openRoomConnection(bridge, counting)
    await connection
    expect(created).toBe(1)
    expect(bridge.requests('realtime:config')).toHaveLength(1)
    expect(client.subscribedTo).toEqual([])
    const joining = joinRoomChannel('room-12345678', connection)
    await vi.waitFor(() => expect(client.subscribedTo).toEqual(['presence-video-room-room-12345678']))
    channel.subscribed('me', ['me', 'peer'])
    const room = await joining
    expect(room.peers()).toEqual(['peer'])
    expect(created).toBe(1)
    expect(bridge.requests('realtime:config')).toHaveLength(1)
    room.leave()
    expect(client.disconnected).toBe(true)
  })

  it('a full room (403) is busy; other refusals fail the join; both close the client', async () => {
    for (const [status, reason] of [
      [403, 'busy'],
      [401, 'failed']
    ] as const) {
      const { channel, client, factory, bridge } = harness()
      const joining = joinRoomChannel('room-12345678', openRoomConnection(bridge, factory))
      await vi.waitFor(() => expect(client.subscribedTo).toHaveLength(1))
      channel.fire('pusher:subscription_error', { type: 'AuthError', error: 'no', status })
      await expect(joining).rejects.toBeInstanceOf(EngineConnectError)
      await expect(joining).rejects.toMatchObject({ reason })
      expect(client.disconnected).toBe(true)
    }
  })

  it('delivers signals addressed to us from members only, reassembling chunks and dropping junk', async () => {
    const { channel, room } = await joinedRoom(['me', 'peer'])
    const received: Array<[string, Signal]> = []
    room.on('signal', (from, signal) => received.push([from, signal]))
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)

    channel.fire(SIGNAL_EVENT, offer('me'), { user_id: 'peer' })
    channel.fire(SIGNAL_EVENT, offer('someone-else'), { user_id: 'peer' })
    channel.fire(SIGNAL_EVENT, offer('me'), { user_id: 'stranger' })
    channel.fire(SIGNAL_EVENT, { to: 'me', description: { type: 'nonsense' } }, { user_id: 'peer' })
    const big: Signal = { to: 'me', description: { type: 'answer', sdp: 'a=x\r\n'.repeat(5_000) } }
    for (const message of encodeSignal(big, 'm1')) channel.fire(message.event, message.data, { user_id: 'peer' })

    expect(received).toEqual([
      ['peer', offer('me')],
      ['peer', big]
    ])
    expect(warn).toHaveBeenCalledTimes(1)
    warn.mockRestore()
  })

  it('sends signals as client events, chunking large ones', async () => {
    const { channel, room } = await joinedRoom(['me'])
    room.send(offer('peer'))
    room.send({ to: 'peer', description: { type: 'offer', sdp: 'a=x\r\n'.repeat(5_000) } })
    expect(channel.sent[0]).toEqual({ event: SIGNAL_EVENT, data: offer('peer') })
    expect(channel.sent.slice(1).every((message) => message.event === CHUNK_EVENT)).toBe(true)
    expect(channel.sent.length).toBeGreaterThan(2)
    room.leave()
    room.send(offer('peer'))
    expect(channel.sent.filter((message) => message.event === SIGNAL_EVENT)).toHaveLength(1)
  })

  it('reports members joining and leaving, and catches up on both after a reconnect', async () => {
    const { channel, room } = await joinedRoom(['me'])
    const log: string[] = []
    room.on('memberAdded', (id) => log.push(`+${id}`))
    room.on('memberRemoved', (id) => log.push(`-${id}`))
    channel.fire('pusher:member_added', { id: 'peer' })
    channel.fire('pusher:member_added', { id: 'me' })
    channel.fire('pusher:member_removed', { id: 'peer' })
    channel.fire('pusher:member_removed', { id: 'never-there' })
    channel.fire('pusher:member_added', { id: 'peer' })
    // Offline for a while: the peer left and someone else came; pusher-js resubscribes.
    vi.useFakeTimers()
    try {
      channel.subscribed('me', ['me', 'newcomer'])
      expect(log).toEqual(['+peer', '-peer', '+peer', '+newcomer'])
      expect(room.peers().sort()).toEqual(['newcomer', 'peer'])
      await vi.advanceTimersByTimeAsync(REJOIN_GRACE_MS)
      expect(log).toEqual(['+peer', '-peer', '+peer', '+newcomer', '-peer'])
      expect(room.peers()).toEqual(['newcomer'])
    } finally {
      vi.useRealTimers()
    }
  })

  it("names members from the server's presence data, those there first and those who come, and keeps a name after they leave", async () => {
    const parts = harness()
    const joining = joinRoomChannel('room-12345678', openRoomConnection(parts.bridge, parts.factory))
    await vi.waitFor(() => expect(parts.client.subscribedTo).toHaveLength(1))
    parts.channel.infos = { peer: { id: 'peer', username: 'bob', name: 'Bob Baker', type: 'user' }, odd: { username: 42 } }
    parts.channel.subscribed('me', ['me', 'peer', 'odd'])
    const room = await joining
    parts.channel.fire('pusher:member_added', { id: 'newcomer', info: { username: 'carol', name: 'Carol Cooper' } })
    parts.channel.fire('pusher:member_removed', { id: 'newcomer' })
    expect(room.memberOf('peer')).toEqual({ id: 'peer', username: 'bob', name: 'Bob Baker' })
    expect(room.memberOf('newcomer')).toEqual({ id: 'newcomer', username: 'carol', name: 'Carol Cooper' })
    // Presence data that is not a profile names nobody.
    expect(room.memberOf('odd')).toBeUndefined()
    expect(room.memberOf('stranger')).toBeUndefined()
  })

  it('a peer missing after a reconnect (the server restarted) is still in the call if it is back within the grace', async () => {
    vi.useFakeTimers()
    try {
      const { channel, room } = await joinedRoom(['me', 'peer'])
      const log: string[] = []
      room.on('memberAdded', (id) => log.push(`+${id}`))
      room.on('memberRemoved', (id) => log.push(`-${id}`))
      // We are back first; the peer's connection comes back 3 s later.
      channel.subscribed('me', ['me'])
      await vi.advanceTimersByTimeAsync(3_000)
      channel.fire('pusher:member_added', { id: 'peer' })
      await vi.advanceTimersByTimeAsync(REJOIN_GRACE_MS)
      expect(log).toEqual([])
      expect(room.peers()).toEqual(['peer'])
      // Signals from it still count while it is in grace.
      channel.subscribed('me', ['me'])
      const signals: string[] = []
      room.on('signal', (from) => signals.push(from))
      for (const message of encodeSignal(offer('me'), 'peer-1')) channel.fire(message.event, message.data, { user_id: 'peer' })
      expect(signals).toEqual(['peer'])
      // A live member_removed is final at once; a missing peer that never returns goes after the grace.
      channel.fire('pusher:member_removed', { id: 'peer' })
      expect(log).toEqual(['-peer'])
      await vi.advanceTimersByTimeAsync(REJOIN_GRACE_MS)
      expect(log).toEqual(['-peer'])
      room.leave()
    } finally {
      vi.useRealTimers()
    }
  })

  it('a resubscription refused after a reconnect is tried again, backing off, until it succeeds; never after leaving', async () => {
    vi.useFakeTimers()
    try {
      const { channel, client, room } = await joinedRoom(['me', 'peer'])
      const removed: string[] = []
      room.on('memberRemoved', (id) => removed.push(id))

      // The server restarted; pusher-js resubscribed and the authorisation was refused twice.
      channel.fire('pusher:subscription_error', { type: 'AuthError', error: 'Could not reach the server', status: 0 })
      await vi.advanceTimersByTimeAsync(RESUBSCRIBE_FIRST_MS)
      expect(client.subscribedTo).toHaveLength(2)
      channel.fire('pusher:subscription_error', { type: 'AuthError', error: 'Could not reach the server', status: 0 })
      await vi.advanceTimersByTimeAsync(RESUBSCRIBE_FIRST_MS)
      expect(client.subscribedTo).toHaveLength(2)
      await vi.advanceTimersByTimeAsync(RESUBSCRIBE_FIRST_MS)
      expect(client.subscribedTo).toHaveLength(3)
      channel.subscribed('me', ['me', 'peer'])
      expect(room.peers()).toEqual(['peer'])
      expect(removed).toEqual([])

      // Back to the first delay after a success; nothing is tried once the call has left.
      channel.fire('pusher:subscription_error', { type: 'AuthError', error: 'no', status: 0 })
      await vi.advanceTimersByTimeAsync(RESUBSCRIBE_FIRST_MS)
      expect(client.subscribedTo).toHaveLength(4)
      channel.fire('pusher:subscription_error', { type: 'AuthError', error: 'no', status: 0 })
      room.leave()
      await vi.advanceTimersByTimeAsync(10 * RESUBSCRIBE_FIRST_MS)
      expect(client.subscribedTo).toHaveLength(4)
    } finally {
      vi.useRealTimers()
    }
  })
})

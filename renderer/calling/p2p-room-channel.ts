// The p2p room's signalling path: the presence channel presence-video-room-<room> on the
// server's Pusher-protocol endpoint (docs/api.md §6). Members are the participants; signals
// travel as client events. Main authorises the channel (it holds the OAuth token), so the
// page only ever sees the Pusher config and per-channel signatures.
import Pusher from 'pusher-js'
import { z } from 'zod'
import { roomChannelName } from '../../common/api'
import type { PusherConfig } from '../../common/api'
import { pusherClientOptions, type ChannelAuthorizer } from '../../common/pusher-options'
import type { ShoutitBridge } from '../../common/ipc'
import { superviseReconnects, type RestartablePusher } from '../../common/pusher-reconnect'
import type { Timers } from '../../common/timer-slot'
import { request } from './bridge-calls'
import { systemClock } from './clock'
import { TypedEmitter } from './emitter'
import { EngineConnectError } from './engine'
import { CHUNK_EVENT, ChunkAssembler, ChunkSchema, encodeSignal, parseSignal, SIGNAL_EVENT, type Signal } from './p2p-messages'
import { t } from '../i18n'

type Callback = (data: unknown, metadata?: { user_id?: string }) => void

/** The slice of a pusher-js client this module uses. */
export interface PusherClientLike extends RestartablePusher {
  subscribe(channelName: string): PusherChannelLike
  unsubscribe(channelName: string): void
}

export interface PusherChannelLike {
  bind(event: string, callback: Callback): unknown
  trigger(event: string, data: unknown): boolean
  members: { me: { id: string } | null; each(callback: (member: { id: string; info?: unknown }) => void): void }
}

export type PusherClientFactory = (config: PusherConfig, authorize: ChannelAuthorizer) => PusherClientLike

export const createPusherClient: PusherClientFactory = (config, authorize) =>
  new Pusher(config.key, pusherClientOptions(config, authorize)) as unknown as PusherClientLike

export interface RoomChannelEvents {
  memberAdded: (id: string) => void
  memberRemoved: (id: string) => void
  signal: (from: string, signal: Signal) => void
}

/** Who a member is, as the server's presence data for the room says (its `user_info`, a Profile). */
export interface RoomMember {
  id: string
  username: string
  name: string
}

/** The fields of a member's `user_info` (a Profile) the call uses; anything else is ignored. */
const MemberInfoSchema = z.object({ username: z.string().min(1).max(200), name: z.string().max(200) })

export interface RoomChannel {
  readonly myId: string
  /** The other members now on the channel. */
  peers(): string[]
  /** Who a member (present now, or earlier in this call) is, when the server's presence data said so. */
  memberOf(id: string): RoomMember | undefined
  on<E extends keyof RoomChannelEvents>(event: E, listener: RoomChannelEvents[E]): () => void
  send(signal: Signal): void
  leave(): void
}

const SUBSCRIBE_TIMEOUT_MS = 15_000
/**
 * How long a peer missing after our connection came back still counts as in the room: the
 * server may have restarted, and the peer reconnects on its own schedule (1, 2, 4 s …).
 */
export const REJOIN_GRACE_MS = 10_000
/**
 * A resubscription refused after a reconnect is tried again after this long, doubling up to
 * RESUBSCRIBE_MAX_MS: pusher-js never retries a refused channel by itself.
 */
export const RESUBSCRIBE_FIRST_MS = 500
const RESUBSCRIBE_MAX_MS = 4_000

/**
 * A Pusher connection for one room channel, opened on its own so that its socket handshake
 * can overlap the rest of joining a call (camera, token) rather than follow it.
 */
export async function openRoomConnection(
  bridge: ShoutitBridge,
  createClient: PusherClientFactory = createPusherClient,
  config: Promise<PusherConfig> = request(bridge, 'realtime:config', {}),
  timers: Timers = systemClock
): Promise<PusherClientLike> {
  const client = createClient(await config, (socketId, channelName) => request(bridge, 'realtime:authorizeRoom', { socketId, channelName }))
  // A call outlives a restart of the server: signalling should be back when the server is,
  // not 15 s later (media flows meanwhile; hanging up and renegotiation need signalling).
  const reconnects = superviseReconnects(client, timers, { onState: () => undefined })
  return {
    connection: client.connection,
    subscribe: (channelName) => client.subscribe(channelName),
    unsubscribe: (channelName) => client.unsubscribe(channelName),
    connect: () => client.connect(),
    disconnect: () => {
      reconnects.stop()
      client.disconnect()
    }
  }
}

/** Joins the room's channel on `connection` (openRoomConnection), which is then the channel's to close. */
export async function joinRoomChannel(room: string, connection: Promise<PusherClientLike>, timers: Timers = systemClock): Promise<RoomChannel> {
  const client = await connection
  const channelName = roomChannelName(room)
  const channel = client.subscribe(channelName)
  const events = new TypedEmitter<RoomChannelEvents>()
  const peers = new Set<string>()
  const assembler = new ChunkAssembler()
  let myId = ''
  let left = false
  /** Each member's profile from the presence data, kept after they leave (the call's history still names them). */
  const known = new Map<string, RoomMember>()
  const learn = (member: { id?: unknown; info?: unknown }): void => {
    const info = MemberInfoSchema.safeParse(member.info)
    if (typeof member.id === 'string' && info.success) known.set(member.id, { id: member.id, ...info.data })
  }
  let messageCounter = 0

  /** Peers missing after a resubscription, and when they stop counting as present. */
  const graceTimers = new Map<string, unknown>()
  const endGrace = (id: string): void => {
    const timer = graceTimers.get(id)
    if (timer === undefined) return
    timers.clearTimeout(timer)
    graceTimers.delete(id)
  }
  /** `id` is in the room (again): out of any grace, and announced when it is new to us. */
  const present = (id: string, announce: boolean): void => {
    endGrace(id)
    if (peers.has(id)) return
    peers.add(id)
    if (announce) events.emit('memberAdded', id)
  }
  /** `id` has left the room (leave() cancels every grace, so this never runs after it). */
  const gone = (id: string): void => {
    endGrace(id)
    if (peers.delete(id)) events.emit('memberRemoved', id)
  }

  let resubscribeTimer: unknown
  let resubscribeDelay = RESUBSCRIBE_FIRST_MS

  const leave = (): void => {
    if (left) return
    left = true
    if (resubscribeTimer !== undefined) timers.clearTimeout(resubscribeTimer)
    for (const id of [...graceTimers.keys()]) endGrace(id)
    events.clear()
    client.unsubscribe(channelName)
    client.disconnect()
  }

  let subscribed = false
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new EngineConnectError('failed', t('callErrors.serverTimeout'))), SUBSCRIBE_TIMEOUT_MS)
      channel.bind('pusher:subscription_succeeded', () => {
        clearTimeout(timer)
        myId = channel.members.me?.id ?? ''
        const current = new Set<string>()
        channel.members.each((member) => {
          learn(member)
          if (member.id !== myId) current.add(member.id)
        })
        // pusher-js fires this again after every reconnect: whoever came or went while we
        // were away is reported as if we had seen it happen.
        const wasSubscribed = subscribed
        subscribed = true
        resubscribeDelay = RESUBSCRIBE_FIRST_MS
        for (const id of [...peers]) {
          if (current.has(id)) continue
          // Back before them (a restarted server knows nobody until each side is back):
          // they count as gone only if they are not back within the grace.
          if (!graceTimers.has(id)) graceTimers.set(id, timers.setTimeout(() => gone(id), REJOIN_GRACE_MS))
        }
        for (const id of current) present(id, wasSubscribed)
        resolve()
      })
      channel.bind('pusher:subscription_error', (data) => {
        clearTimeout(timer)
        const status = (data as { status?: unknown } | undefined)?.status
        reject(
          status === 403
            ? new EngineConnectError('busy', t('callErrors.callFull'), 403)
            : new EngineConnectError('failed', typeof status === 'number' ? t('callErrors.couldNotJoinRoomStatus', { status }) : t('callErrors.couldNotJoinRoom'))
        )
      })
    })
  } catch (error) {
    leave()
    throw error
  }

  // After a reconnect pusher-js resubscribes on its own, and the authorisation can be refused
  // (the server is still starting, or the access token is being refreshed). It never tries
  // again, which would leave the call without signalling and the other side to give up on us
  // after its grace: so we try again, backing off, until the call leaves the room.
  channel.bind('pusher:subscription_error', () => {
    if (left || resubscribeTimer !== undefined) return
    resubscribeTimer = timers.setTimeout(() => {
      resubscribeTimer = undefined
      if (!left) client.subscribe(channelName)
    }, resubscribeDelay)
    resubscribeDelay = Math.min(resubscribeDelay * 2, RESUBSCRIBE_MAX_MS)
  })
  channel.bind('pusher:member_added', (member) => {
    learn(member as { id?: unknown; info?: unknown })
    const id = (member as { id?: unknown }).id
    if (typeof id === 'string' && id !== myId) present(id, true)
  })
  channel.bind('pusher:member_removed', (member) => {
    const id = (member as { id?: unknown }).id
    if (typeof id === 'string') gone(id)
  })
  const deliver = (from: string | undefined, signal: Signal | { error: string } | null): void => {
    if (!signal || !from || !peers.has(from)) return
    if ('error' in signal) {
      console.warn(`call: ignored a malformed signal: ${signal.error}`)
      return
    }
    if (signal.to === myId) events.emit('signal', from, signal)
  }
  channel.bind(SIGNAL_EVENT, (data, metadata) => deliver(metadata?.user_id, parseSignal(data)))
  channel.bind(CHUNK_EVENT, (data, metadata) => {
    const chunk = ChunkSchema.safeParse(data)
    if (!chunk.success || !metadata?.user_id) return
    deliver(metadata.user_id, assembler.accept(metadata.user_id, chunk.data))
  })

  return {
    get myId() {
      return myId
    },
    peers: () => [...peers],
    memberOf: (id) => known.get(id),
    on: (event, listener) => events.on(event, listener),
    send(signal) {
      if (left) return
      messageCounter += 1
      for (const message of encodeSignal(signal, `${myId}-${messageCounter}`)) channel.trigger(message.event, message.data)
    },
    leave
  }
}

// The in-process Pusher Channels service: connections, channel subscriptions, presence
// members and fan-out. Per-connection state is kept to a few fields (10,000 idle sockets
// must fit in a small heap), and one sweep timer serves every connection's activity check.
import { randomInt } from 'node:crypto'
import type { WebSocket, RawData } from 'ws'
import { EventCache } from './eventCache'
import { MAX_FRAME_BYTES, takeToken, type AbuseLimits, type EventBudget, type ProtocolLimits } from './limits'
import {
  ClientFrameSchema,
  ErrorCodes,
  PresenceChannelDataSchema,
  SERVER_TO_USER_PREFIX,
  SigninDataSchema,
  SubscribeDataSchema,
  UnsubscribeDataSchema,
  UserDataSchema,
  channelKind,
  encodeFrame,
  isCacheChannel,
  isEncryptedChannel,
  isValidChannelName
} from './protocol'
import { safeEqual, userAuth, verifyChannelAuth } from './signatures'
import type { Logger } from '../logger'
import { parseJsonOrUndefined } from '../../../common/json'

/** A subscriber as its channel knows it: the presence member's id and info, or nobody in particular. */
interface Joining {
  userId: string
  info?: unknown
}
const NOBODY: Joining = { userId: '' }

export interface HubSettings {
  key: string
  secret: string
  activityTimeoutSeconds: number
  /** How long a ping may stay unanswered before the connection is closed. */
  pongTimeoutSeconds: number
  /** Most distinct presence members a channel admits, or undefined for no limit (limits.maxPresenceMembers applies too). */
  presenceCapacity(channel: string): number | undefined
  /** Whether clients may send client events on a private or presence channel (never on encrypted ones). */
  clientEventsAllowed(channel: string): boolean
  limits: ProtocolLimits & Omit<AbuseLimits, 'maxConnectionsPerAddress'>
  logger: Logger
  /** Milliseconds since the epoch, for cache channels' expiry. */
  now?: () => number
  /** Told when a channel gets its first subscriber or loses its last (what Pusher's channel existence webhooks report). */
  onOccupancyChange?(channel: string, occupied: boolean): void
}

interface Connection {
  readonly socket: WebSocket
  readonly socketId: string
  lastSeen: number
  pingSentAt: number
  /** channel → presence user id ('' for non-presence channels). Created on first subscribe. */
  channels: Map<string, string> | undefined
  /** Client events this connection may still send now. */
  budget: EventBudget
  /** The user it signed in as (pusher:signin). */
  userId: string | undefined
}

interface Member {
  info: unknown
  connections: number
}

interface Channel {
  readonly subscribers: Set<Connection>
  readonly members: Map<string, Member> | undefined
}

/** Outgoing bytes a connection may have queued before it is dropped. */
const MAX_BUFFERED_BYTES = 1024 * 1024

class SubscriptionRefused extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly type = 'AuthError'
  ) {
    super(message)
  }
}

export class RealtimeHub {
  private readonly connections = new Set<Connection>()
  private readonly channels = new Map<string, Channel>()
  /** Signed-in connections by user id. */
  private readonly users = new Map<string, Set<Connection>>()
  private readonly cache: EventCache
  private readonly sweepTimer: NodeJS.Timeout
  private socketCounter = 0
  private readonly socketPrefix = randomInt(1, 1_000_000_000)

  private sentFrames = 0

  constructor(private readonly settings: HubSettings) {
    this.cache = new EventCache(settings.now)
    const sweepEveryMs = Math.max(250, Math.min(settings.activityTimeoutSeconds, settings.pongTimeoutSeconds) * 250)
    this.sweepTimer = setInterval(() => this.sweep(), sweepEveryMs)
    this.sweepTimer.unref()
  }

  get connectionCount(): number {
    return this.connections.size
  }

  /** Frames written to sockets since the start: what fan-out costs (the presence benchmark reads it). */
  get framesSent(): number {
    return this.sentFrames
  }

  /** Live connections subscribed to `channel`. */
  subscriberCount(channel: string): number {
    return this.channels.get(channel)?.subscribers.size ?? 0
  }

  /** Distinct presence members of `channel`. */
  presenceMembers(channel: string): string[] {
    return [...(this.channels.get(channel)?.members?.keys() ?? [])]
  }

  occupiedChannels(prefix = ''): { name: string; userCount: number | undefined }[] {
    const result = []
    for (const [name, channel] of this.channels) {
      if (!name.startsWith(prefix)) continue
      result.push({ name, userCount: channel.members?.size })
    }
    return result
  }

  accept(socket: WebSocket): void {
    const connection: Connection = {
      socket,
      socketId: `${this.socketPrefix}.${++this.socketCounter}`,
      lastSeen: Date.now(),
      pingSentAt: 0,
      channels: undefined,
      budget: { tokens: this.settings.limits.clientEventsPerSecond, refilledAt: Date.now() },
      userId: undefined
    }
    this.connections.add(connection)
    socket.on('message', (data, isBinary) => {
      // An exception here would be uncaught and take every other connection down with it.
      try {
        this.onMessage(connection, data, isBinary)
      } catch (error) {
        this.settings.logger.error(`realtime message from ${connection.socketId} failed`, error)
        this.error(connection, 'Internal error')
      }
    })
    socket.on('close', () => this.detach(connection))
    socket.on('error', () => socket.terminate())
    this.send(connection, encodeFrame('pusher:connection_established', { socket_id: connection.socketId, activity_timeout: this.settings.activityTimeoutSeconds }))
  }

  /** Refuses a connection the Pusher way: an error frame, then a close with the same code. */
  refuse(socket: WebSocket, code: number, message: string): void {
    if (socket.readyState !== socket.OPEN) return
    socket.send(encodeFrame('pusher:error', { code, message }))
    socket.close(code, message)
  }

  /** Delivers an event to every subscriber of each channel, except the socket that caused it. */
  publish(channels: string[], event: string, data: string, exceptSocketId?: string): void {
    for (const name of channels) this.relay(name, encodeFrame(event, data, name), (connection) => connection.socketId !== exceptSocketId)
  }

  /** Closes every connection signed in as `userId` with 4009 (the HTTP API's terminate_connections). */
  terminateUser(userId: string): void {
    for (const connection of [...(this.users.get(userId) ?? [])]) this.refuse(connection.socket, ErrorCodes.unauthorized, 'Connection terminated by the application')
  }

  /** Sends a channel's frame to its subscribers that `include` picks, and remembers it on a cache channel. */
  private relay(name: string, frame: string, include: (connection: Connection) => boolean): void {
    if (isCacheChannel(name)) this.cache.remember(name, frame)
    const channel = this.channels.get(name)
    if (!channel) return
    for (const connection of channel.subscribers) if (include(connection)) this.send(connection, frame)
  }

  /**
   * Closes every connection with 4200 ("reconnect"), so clients come back to a restarted
   * server; sockets that do not finish the closing handshake within `graceMs` are dropped.
   */
  async close(graceMs = 1000): Promise<void> {
    clearInterval(this.sweepTimer)
    const sockets = [...this.connections].map((connection) => connection.socket)
    const closed = sockets.map(
      (socket) => new Promise<void>((resolve) => (socket.readyState === socket.CLOSED ? resolve() : socket.once('close', () => resolve())))
    )
    for (const socket of sockets) this.refuse(socket, ErrorCodes.goingAway, 'Server shutting down')
    const grace = new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref())
    await Promise.race([Promise.all(closed), grace])
    for (const socket of sockets) if (socket.readyState !== socket.CLOSED) socket.terminate()
    for (const connection of [...this.connections]) this.detach(connection)
  }

  private send(connection: Connection, frame: string): void {
    const { socket } = connection
    if (socket.readyState !== socket.OPEN) return
    // A client that stops reading must not make the server buffer without bound.
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.refuse(socket, ErrorCodes.overCapacity, 'Client is not reading its messages')
      this.detach(connection)
      return
    }
    this.sentFrames++
    socket.send(frame)
  }

  private error(connection: Connection, message: string, code: number | null = null): void {
    this.send(connection, encodeFrame('pusher:error', { code, message }))
  }

  private onMessage(connection: Connection, raw: RawData, isBinary: boolean): void {
    connection.lastSeen = Date.now()
    connection.pingSentAt = 0
    // Malformed frames are answered without a code: the protocol has none for them, and 4009 would say "unauthorized".
    if (isBinary) return this.error(connection, 'Binary frames are not supported: send JSON text frames')
    const size = Array.isArray(raw) ? raw.reduce((sum, part) => sum + part.length, 0) : raw.byteLength
    if (size > MAX_FRAME_BYTES) return this.error(connection, `Frame of ${size} bytes dropped: frames are at most ${MAX_FRAME_BYTES} bytes`)
    let parsed: unknown
    try {
      parsed = JSON.parse(raw.toString())
    } catch {
      return this.error(connection, 'Frame is not valid JSON')
    }
    const frame = ClientFrameSchema.safeParse(parsed)
    if (!frame.success) return this.error(connection, 'Frames must be JSON objects with an "event" string')
    const { event, channel } = frame.data
    // Clients may send `data` as an object or as a JSON string; accept both.
    const data = typeof frame.data.data === 'string' && event.startsWith('pusher:') ? parseJsonOrUndefined(frame.data.data) : frame.data.data
    switch (event) {
      case 'pusher:ping':
        return this.send(connection, encodeFrame('pusher:pong', {}))
      case 'pusher:pong':
        return
      case 'pusher:subscribe':
        return this.subscribe(connection, data)
      case 'pusher:unsubscribe': {
        const request = UnsubscribeDataSchema.safeParse(data)
        if (request.success) this.unsubscribe(connection, request.data.channel)
        else this.error(connection, 'pusher:unsubscribe needs data.channel')
        return
      }
      case 'pusher:signin':
        return this.signin(connection, data)
      default:
        if (event.startsWith('client-')) return this.clientEvent(connection, event, channel, frame.data.data)
        return this.error(connection, `Unsupported event: ${event.slice(0, 50)}`)
    }
  }

  /** pusher:signin: binds the connection to a user; a bad signature closes it with 4009, as the protocol says. */
  private signin(connection: Connection, data: unknown): void {
    const request = SigninDataSchema.safeParse(data)
    if (!request.success) return this.error(connection, 'pusher:signin needs data.auth and data.user_data strings')
    const { auth, user_data: userData } = request.data
    const { key, secret } = this.settings
    if (!safeEqual(auth, userAuth(key, secret, connection.socketId, userData))) {
      return this.refuse(connection.socket, ErrorCodes.unauthorized, 'Invalid signin signature')
    }
    const user = UserDataSchema.safeParse(parseJsonOrUndefined(userData))
    if (!user.success) return this.refuse(connection.socket, ErrorCodes.unauthorized, 'user_data must be a JSON object with a string id')
    if (connection.userId !== undefined) this.users.get(connection.userId)?.delete(connection)
    connection.userId = user.data.id
    let connections = this.users.get(user.data.id)
    if (!connections) this.users.set(user.data.id, (connections = new Set()))
    connections.add(connection)
    this.send(connection, encodeFrame('pusher:signin_success', { user_data: userData }))
  }

  private subscribe(connection: Connection, data: unknown): void {
    const request = SubscribeDataSchema.safeParse(data)
    const named = request.success ? request.data.channel : (data as { channel?: unknown } | undefined)?.channel
    // A client that named the channel learns of the refusal on it (pusher-js would otherwise wait forever).
    const decline = (message: string, status: number, type?: string): void =>
      typeof named === 'string' && named.length <= 1000
        ? this.subscriptionError(connection, named, message, status, type)
        : this.error(connection, `Invalid subscription request: ${message}`)
    if (!request.success) return decline('data.channel must be a string, auth and channel_data strings if given', 400)
    const { channel: name, auth, channel_data: channelData } = request.data
    const { maxChannelNameLength, maxChannelsPerConnection } = this.settings.limits
    if (name.length > maxChannelNameLength) return decline(`Channel names are at most ${maxChannelNameLength} characters`, 400, 'LimitReached')
    if (!isValidChannelName(name)) return decline('Channel names use only letters, digits and _-=@,.;', 400)
    if (connection.channels?.has(name)) return this.subscriptionSucceeded(connection, name)
    if ((connection.channels?.size ?? 0) >= maxChannelsPerConnection) {
      return decline(`A connection may subscribe to at most ${maxChannelsPerConnection} channels`, 429, 'LimitReached')
    }
    try {
      this.join(connection, name, this.authorise(connection, name, auth, channelData))
    } catch (error) {
      if (error instanceof SubscriptionRefused) return this.subscriptionError(connection, name, error.message, error.status, error.type)
      throw error
    }
  }

  /** Checks the channel's signature; returns who joins (user id '' on channels without presence). */
  private authorise(connection: Connection, name: string, auth: string | undefined, channelData: string | undefined): Joining {
    const kind = channelKind(name)
    if (kind === 'public') return NOBODY
    if (kind === 'user') {
      if (connection.userId === undefined || name !== SERVER_TO_USER_PREFIX + connection.userId) {
        throw new SubscriptionRefused("Only the connection signed in as this user may subscribe to the user's channel", 403)
      }
      return NOBODY
    }
    const { key, secret } = this.settings
    const signedData = kind === 'presence' ? channelData : undefined
    if (kind === 'presence' && channelData === undefined) throw new SubscriptionRefused('Presence channels need channel_data', 400)
    if (!auth || !verifyChannelAuth(auth, key, secret, connection.socketId, name, signedData)) {
      throw new SubscriptionRefused('Invalid signature', 401)
    }
    if (kind !== 'presence') return NOBODY
    const presence = PresenceChannelDataSchema.safeParse(parseJsonOrUndefined(channelData!))
    if (!presence.success) throw new SubscriptionRefused('channel_data must hold a user_id', 400)
    const capacities = [this.settings.presenceCapacity(name), this.settings.limits.maxPresenceMembers].filter((limit) => limit !== undefined)
    const capacity = capacities.length > 0 ? Math.min(...capacities) : undefined
    const members = this.channels.get(name)?.members
    if (capacity !== undefined && members && !members.has(presence.data.user_id) && members.size >= capacity) {
      throw new SubscriptionRefused(`The channel is full (${capacity} members)`, 403, 'LimitReached')
    }
    return { userId: presence.data.user_id, info: presence.data.user_info }
  }

  private join(connection: Connection, name: string, { userId, info }: Joining): void {
    let channel = this.channels.get(name)
    if (!channel) {
      channel = { subscribers: new Set(), members: channelKind(name) === 'presence' ? new Map() : undefined }
      this.channels.set(name, channel)
    }
    const firstSubscriber = channel.subscribers.size === 0
    channel.subscribers.add(connection)
    connection.channels ??= new Map()
    connection.channels.set(name, userId)
    if (channel.members) {
      const existing = channel.members.get(userId)
      if (existing) {
        existing.connections++
      } else {
        channel.members.set(userId, { info, connections: 1 })
        this.publish([name], 'pusher_internal:member_added', JSON.stringify({ user_id: userId, user_info: info }), connection.socketId)
      }
    }
    this.subscriptionSucceeded(connection, name)
    if (isCacheChannel(name)) this.send(connection, this.cache.lastFrame(name) ?? encodeFrame('pusher:cache_miss', {}, name))
    if (firstSubscriber) this.settings.onOccupancyChange?.(name, true)
  }

  private subscriptionSucceeded(connection: Connection, name: string): void {
    const members = this.channels.get(name)?.members
    if (!members) return this.send(connection, encodeFrame('pusher_internal:subscription_succeeded', {}, name))
    const hash: Record<string, unknown> = {}
    for (const [id, member] of members) hash[id] = member.info ?? null
    this.send(connection, encodeFrame('pusher_internal:subscription_succeeded', { presence: { ids: Object.keys(hash), hash, count: members.size } }, name))
  }

  private subscriptionError(connection: Connection, name: string, message: string, status: number, type = 'AuthError'): void {
    this.send(connection, encodeFrame('pusher:subscription_error', { type, error: message, status }, name))
  }

  private unsubscribe(connection: Connection, name: string): void {
    const userId = connection.channels?.get(name)
    if (userId === undefined) return
    connection.channels!.delete(name)
    const channel = this.channels.get(name)
    if (!channel) return
    channel.subscribers.delete(connection)
    const member = channel.members?.get(userId)
    if (member && --member.connections === 0) {
      channel.members!.delete(userId)
      this.publish([name], 'pusher_internal:member_removed', JSON.stringify({ user_id: userId }))
    }
    if (channel.subscribers.size === 0) {
      this.channels.delete(name)
      this.settings.onOccupancyChange?.(name, false)
    }
  }

  private clientEvent(connection: Connection, event: string, name: string | undefined, data: unknown): void {
    if (name === undefined) return this.error(connection, 'Client events need a channel')
    const { maxEventNameLength, maxClientEventBytes, clientEventsPerSecond } = this.settings.limits
    if (event.length > maxEventNameLength) return this.error(connection, `Event names are at most ${maxEventNameLength} characters`)
    const kind = channelKind(name)
    if (kind !== 'private' && kind !== 'presence') return this.error(connection, 'Client events are only allowed on private and presence channels')
    if (isEncryptedChannel(name)) return this.error(connection, 'Client events are not supported on encrypted channels')
    if (!this.settings.clientEventsAllowed(name)) return this.error(connection, `Client events are not enabled on ${name.slice(0, 200)}`)
    const userId = connection.channels?.get(name)
    if (userId === undefined) return this.error(connection, `Not subscribed to ${name.slice(0, 200)}`)
    const payload = typeof data === 'string' ? data : JSON.stringify(data ?? {})
    const bytes = Buffer.byteLength(payload)
    if (bytes > maxClientEventBytes) return this.error(connection, `Client event of ${bytes} bytes dropped: the limit is ${maxClientEventBytes} bytes`)
    if (!takeToken(connection.budget, clientEventsPerSecond, Date.now())) {
      return this.error(connection, `Client event rejected due to rate limit (${clientEventsPerSecond} a second)`, ErrorCodes.clientEventRateLimited)
    }
    const frame = encodeFrame(event, payload, name, kind === 'presence' ? userId : undefined)
    this.relay(name, frame, (other) => other !== connection)
  }

  private detach(connection: Connection): void {
    if (!this.connections.delete(connection)) return
    if (connection.userId !== undefined) {
      const connections = this.users.get(connection.userId)
      connections?.delete(connection)
      if (connections?.size === 0) this.users.delete(connection.userId)
    }
    for (const name of [...(connection.channels?.keys() ?? [])]) this.unsubscribe(connection, name)
  }

  private sweep(): void {
    const now = Date.now()
    const idleLimit = this.settings.activityTimeoutSeconds * 1000
    const pongLimit = this.settings.pongTimeoutSeconds * 1000
    for (const connection of this.connections) {
      if (connection.pingSentAt > 0) {
        if (now - connection.pingSentAt > pongLimit) {
          this.refuse(connection.socket, ErrorCodes.pongNotReceived, 'Pong reply not received')
          this.detach(connection)
        }
      } else if (now - connection.lastSeen > idleLimit) {
        connection.pingSentAt = now
        this.send(connection, encodeFrame('pusher:ping', {}))
      }
    }
  }
}

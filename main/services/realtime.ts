// The realtime connection (Pusher Channels protocol, api.md §5) held by main so calls ring
// with the window closed. Configured from GET /v3/client_config, subscribed to
// presence-v3-p-<me> through /v3/pusher/auth; pusher-js reconnects by itself, and after
// every (re)subscription the unread notifications are fetched so that a missed call made
// while we were offline is announced exactly once (deduplicated by notification id).
import {
  IncomingVideoCallSchema,
  MISSED_VIDEO_CALL,
  NotificationSchema,
  RealtimeEvents,
  StatsUpdateSchema,
  VideoCallRejectedSchema,
  profileChannelName,
  type ClientConfig,
  type Notification
} from '../../common/api'
import type { RealtimeState } from '../../common/ipc'
import type { ApiClient } from './api-client'
import { Emitter } from './emitter'
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff'
import type { Clock, KeyValueStore, Logger, PusherFactory, PusherLike } from './platform'
import type { RealtimeServiceEvents } from './realtime-events'
import { TimerSlot } from './timer-slot'

const SEEN_KEY = 'seenNotificationIds'
/** Enough to cover any realistic backlog of unread notifications, small enough to store. */
const SEEN_LIMIT = 1_000

export interface RealtimeServiceOptions {
  api: ApiClient
  createPusher: PusherFactory
  /** Where announced notification ids are remembered across restarts (ids only, no secrets). */
  store: KeyValueStore
  logger: Logger
  clock: Clock
  backoff?: BackoffPolicy
}

export class RealtimeService {
  readonly events = new Emitter<RealtimeServiceEvents>()
  #pusher: PusherLike | undefined
  #channelName: string | undefined
  #state: RealtimeState = { state: 'disconnected' }
  #config: ClientConfig | undefined
  #seen: string[]
  #generation = 0
  #profileId: string | undefined
  #failures = 0
  readonly #retryTimer: TimerSlot

  constructor(private readonly options: RealtimeServiceOptions) {
    const stored = options.store.get(SEEN_KEY)
    this.#seen = Array.isArray(stored) ? stored.filter((id): id is string => typeof id === 'string') : []
    this.#retryTimer = new TimerSlot(options.clock)
  }

  state(): RealtimeState {
    return this.#state
  }

  /** The server's client_config (cached per connection; fetched when missing). */
  async clientConfig(): Promise<ClientConfig> {
    if (!this.#config) this.#config = await this.options.api.clientConfig()
    return this.#config
  }

  /** The client_config already fetched, if any (the CSP uses it to allow the realtime endpoint). */
  cachedConfig(): ClientConfig | undefined {
    return this.#config
  }

  /**
   * Connects for this profile (replacing any earlier connection). Never fails: when the
   * server cannot be reached or refuses the subscription, it retries with capped backoff.
   */
  async connect(profileId: string): Promise<void> {
    this.disconnect()
    this.#profileId = profileId
    const generation = ++this.#generation
    this.#failures = 0
    await this.#open(profileId, generation)
  }

  async #open(profileId: string, generation: number): Promise<void> {
    this.#setState('connecting')
    let config: ClientConfig
    try {
      config = await this.clientConfig()
    } catch (error) {
      if (generation !== this.#generation) return
      this.options.logger.warn('realtime: could not read client_config', { error: String(error) })
      this.#setState('unavailable')
      this.#retry(generation, () => void this.#open(profileId, generation))
      return
    }
    if (generation !== this.#generation) return

    const pusher = this.options.createPusher({
      ...config.pusher,
      authorize: (socketId, channelName) => this.options.api.pusherAuth(socketId, channelName)
    })
    this.#pusher = pusher
    pusher.connection.bind('state_change', ({ current }) => {
      if (this.#pusher === pusher) this.#setState(mapState(current))
    })
    pusher.connection.bind('error', (error) => {
      this.options.logger.warn('realtime: connection error', { error: describePusherError(error) })
    })
    this.#channelName = profileChannelName(profileId)
    this.#subscribe(pusher, this.#channelName, generation)
  }

  #subscribe(pusher: PusherLike, channelName: string, generation: number): void {
    const channel = pusher.subscribe(channelName)
    // pusher-js resubscribes after every reconnect and fires this again: our cue to catch up.
    channel.bind('pusher:subscription_succeeded', () => {
      if (this.#pusher !== pusher) return
      this.#failures = 0
      void this.#catchUp(pusher)
    })
    // pusher-js does not retry a refused subscription (say, the token could not be renewed
    // while offline): without a retry the app would stay connected yet never ring.
    channel.bind('pusher:subscription_error', (error) => {
      this.options.logger.warn('realtime: subscription refused', { channel: channelName, error: describePusherError(error) })
      if (this.#pusher !== pusher) return
      channel.unbind_all()
      pusher.unsubscribe(channelName)
      this.#retry(generation, () => this.#subscribe(pusher, channelName, generation))
    })
    channel.bind(RealtimeEvents.incomingVideoCall, (data) => {
      const call = IncomingVideoCallSchema.safeParse(data)
      if (call.success) this.events.emit('incomingCall', call.data)
      else this.#dropped(RealtimeEvents.incomingVideoCall)
    })
    channel.bind(RealtimeEvents.videoCallRejected, (data) => {
      const rejected = VideoCallRejectedSchema.safeParse(data)
      if (rejected.success) this.events.emit('callRejected', rejected.data)
      else this.#dropped(RealtimeEvents.videoCallRejected)
    })
    channel.bind(RealtimeEvents.statsUpdate, (data) => {
      const stats = StatsUpdateSchema.safeParse(data)
      if (stats.success) this.events.emit('stats', { unread_notifications_count: stats.data.unread_notifications_count })
      else this.#dropped(RealtimeEvents.statsUpdate)
    })
    channel.bind(RealtimeEvents.newNotification, (data) => {
      const notification = NotificationSchema.safeParse(data)
      if (!notification.success) return this.#dropped(RealtimeEvents.newNotification)
      if (this.#markSeen(notification.data.id)) this.events.emit('notification', { notification: notification.data, source: 'live' })
    })
  }

  #retry(generation: number, run: () => void): void {
    this.#failures += 1
    const delay = backoffDelay(this.options.backoff ?? DEFAULT_BACKOFF, this.#failures)
    this.options.logger.info('realtime: retrying', { attempt: this.#failures, delayMs: delay })
    this.#retryTimer.set(delay, () => {
      if (generation === this.#generation) run()
    })
  }

  /**
   * After the machine wakes up: the old socket may be dead without pusher-js knowing for
   * minutes (activity timeout), and rings in that time would be lost. Start afresh; the
   * resubscription catches up on missed calls.
   */
  async reconnect(): Promise<void> {
    const profileId = this.#profileId
    if (profileId === undefined) return
    await this.connect(profileId)
  }

  disconnect(): void {
    this.#profileId = undefined
    this.#generation += 1
    this.#retryTimer.clear()
    const pusher = this.#pusher
    this.#pusher = undefined
    this.#config = undefined
    if (pusher) {
      if (this.#channelName) pusher.unsubscribe(this.#channelName)
      pusher.disconnect()
    }
    this.#channelName = undefined
    this.#setState('disconnected')
  }

  /** Forget which notifications were announced (on sign-out: the next account starts afresh). */
  forgetSeen(): void {
    this.#seen = []
    this.options.store.delete(SEEN_KEY)
  }

  dispose(): void {
    this.disconnect()
    this.events.clear()
  }

  async #catchUp(pusher: PusherLike): Promise<void> {
    let list: Notification[]
    try {
      list = (await this.options.api.notifications()).results
    } catch (error) {
      this.options.logger.warn('realtime: could not fetch missed notifications', { error: String(error) })
      return
    }
    if (this.#pusher !== pusher) return
    // Oldest first, so that whoever shows them keeps the order they happened in.
    const fresh = list
      .filter((notification) => !notification.is_read && notification.type === MISSED_VIDEO_CALL)
      .sort((a, b) => a.created_at - b.created_at)
      .filter((notification) => this.#markSeen(notification.id))
    for (const notification of fresh) this.events.emit('notification', { notification, source: 'catch-up' })
  }

  /** True the first time an id is seen. */
  #markSeen(id: string): boolean {
    if (this.#seen.includes(id)) return false
    this.#seen.push(id)
    if (this.#seen.length > SEEN_LIMIT) this.#seen.splice(0, this.#seen.length - SEEN_LIMIT)
    this.options.store.set(SEEN_KEY, this.#seen)
    return true
  }

  #dropped(event: string): void {
    this.options.logger.warn('realtime: dropped an event that does not match the API', { event })
  }

  #setState(state: RealtimeState['state']): void {
    if (this.#state.state === state) return
    this.#state = { state }
    this.options.logger.info('realtime: state', { state })
    this.events.emit('state', this.#state)
  }
}

function mapState(pusherState: string): RealtimeState['state'] {
  switch (pusherState) {
    case 'connected':
      return 'connected'
    case 'unavailable':
      return 'unavailable'
    case 'failed':
      return 'failed'
    case 'disconnected':
      return 'disconnected'
    default:
      return 'connecting'
  }
}

function describePusherError(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const { type, status, error: inner } = error as { type?: unknown; status?: unknown; error?: unknown }
    return JSON.stringify({ type, status, inner: typeof inner === 'object' ? undefined : inner })
  }
  return String(error)
}

// The realtime connection (Pusher Channels protocol, docs/api.md §5) held by main so calls ring
// with the window closed. Configured from GET /v3/client_config, subscribed to
// presence-v3-p-<me> through /v3/pusher/auth; pusher-js reconnects by itself (sped up
// by common/pusher-reconnect.ts), and after every (re)subscription the unread missed calls
// are fetched so that one made while we were offline is announced. The same notification
// comes again after each reconnect: the missed-calls service keeps one per id and account.
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
} from '../../../common/api'
import type { RealtimeState } from '../../../common/ipc'
import type { ApiClient } from './api-client'
import { Emitter } from './emitter'
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from '../../../common/backoff'
import { superviseReconnects } from '../../../common/pusher-reconnect'
import type { Clock, Logger, PusherFactory, PusherLike } from './platform'
import type { RealtimeServiceEvents } from './realtime-events'
import { TimerSlot } from '../../../common/timer-slot'
import { PresenceWatch } from './presence-watch'

/**
 * pusher-js's unavailableTimeout: 'connecting' turns into 'unavailable' after this long. Each
 * restarted attempt would restart pusher-js's own timer, so the service keeps this one.
 */
const UNAVAILABLE_AFTER_MS = 10_000

export interface RealtimeServiceOptions {
  api: ApiClient
  createPusher: PusherFactory
  logger: Logger
  clock: Clock
  /** Retries of client_config and of a refused subscription (not of the connection: common/pusher-reconnect.ts). */
  backoff?: BackoffPolicy
}

export class RealtimeService {
  readonly events = new Emitter<RealtimeServiceEvents>()
  #pusher: PusherLike | undefined
  #channelName: string | undefined
  #state: RealtimeState = { state: 'disconnected' }
  #config: ClientConfig | undefined
  #generation = 0
  #profileId: string | undefined
  #failures = 0
  readonly #retryTimer: TimerSlot
  /** Set from the first state that is not 'connected' until the connection is back. */
  #outage = false
  /** Restarts the connection attempt while down (see common/pusher-reconnect.ts). */
  #reconnects: { stop(): void } | undefined
  readonly #unavailableTimer: TimerSlot
  readonly #presence: PresenceWatch

  constructor(private readonly options: RealtimeServiceOptions) {
    this.#retryTimer = new TimerSlot(options.clock)
    this.#unavailableTimer = new TimerSlot(options.clock)
    this.#presence = new PresenceWatch({
      readPresence: (profileIds) => options.api.presence(profileIds),
      emit: (change) => this.events.emit('presence', change),
      logger: options.logger,
      clock: options.clock
    })
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

    let pusher: PusherLike
    try {
      pusher = await this.options.createPusher({
        ...config.pusher,
        authorize: (socketId, channelName) => this.options.api.pusherAuth(socketId, channelName)
      })
    } catch (error) {
      if (generation !== this.#generation) return
      this.options.logger.warn('realtime: could not set up the connection', { error: String(error) })
      this.#setState('unavailable')
      this.#retry(generation, () => void this.#open(profileId, generation))
      return
    }
    // Disconnected or reconnected while the transport was being set up.
    if (generation !== this.#generation) {
      pusher.disconnect()
      return
    }
    this.#pusher = pusher
    this.#reconnects?.stop()
    this.#reconnects = superviseReconnects(pusher, this.options.clock, {
      onState: (current) => {
        if (this.#pusher === pusher) this.#onConnectionState(pusher, current)
      },
      onRestart: (attempt) => this.options.logger.info('realtime: still not connected; trying again now', { attempt })
    })
    pusher.connection.bind('error', (error) => {
      this.options.logger.warn('realtime: connection error', { error: describePusherError(error) })
    })
    this.#channelName = profileChannelName(profileId)
    this.#subscribe(pusher, this.#channelName, generation)
    this.#presence.attach(pusher)
  }

  /** The people on the user's screen whose presence to follow (docs/api.md §5); replaces the last list. */
  watchPresence(profileIds: readonly string[]): void {
    this.#presence.set(profileIds)
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
      if (notification.success) this.events.emit('notification', { notification: notification.data, source: 'live' })
      else this.#dropped(RealtimeEvents.newNotification)
    })
  }

  #onConnectionState(pusher: PusherLike, pusherState: string): void {
    const state = mapState(pusherState)
    if (state === 'connecting' || state === 'unavailable') {
      if (!this.#outage) this.#startOutage(pusher)
      // Past the unavailable mark, pusher-js's own retries must not make it look hopeful again.
      if (!(state === 'connecting' && this.#state.state === 'unavailable')) this.#setState(state)
      return
    }
    // Connected, or given up by pusher-js itself (refused by the server, no usable transport).
    this.#endOutage()
    this.#setState(state)
  }

  #startOutage(pusher: PusherLike): void {
    this.#outage = true
    this.#unavailableTimer.set(UNAVAILABLE_AFTER_MS, () => {
      if (this.#pusher === pusher && this.#outage) this.#setState('unavailable')
    })
  }

  #endOutage(): void {
    this.#outage = false
    this.#unavailableTimer.clear()
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
    this.#endOutage()
    this.#reconnects?.stop()
    this.#reconnects = undefined
    this.#presence.detach()
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
    const unreadMissed = list
      .filter((notification) => !notification.is_read && notification.type === MISSED_VIDEO_CALL)
      .sort((a, b) => a.created_at - b.created_at)
    for (const notification of unreadMissed) this.events.emit('notification', { notification, source: 'catch-up' })
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

// Presence of the people on the user's screen (docs/api.md §5, watch channels): one
// private-v3-watch-<id> subscription per person shown, dropped when they leave the screen.
// A watch channel carries only changes, so once its subscription succeeds (again after
// every reconnect) the current state is read with GET /v3/presence, batched. A live change
// that arrives first wins over that read. A refused watch (an older server, a guest) is
// dropped quietly: the rows keep the is_online their search result brought.
import { MAX_WATCHED_PROFILES, PRESENCE_CHANGED_EVENT, PresenceChangedSchema, watchChannelName, type PresenceState } from '../../../common/api'
import type { PresenceChange } from '../../../common/ipc'
import { TimerSlot } from '../../../common/timer-slot'
import type { Clock, Logger, PusherLike } from './platform'

/** Subscriptions succeeding within this long share one GET /v3/presence. */
export const PRESENCE_READ_BATCH_MS = 50

export interface PresenceWatchOptions {
  readPresence(profileIds: readonly string[]): Promise<PresenceState>
  emit(change: PresenceChange): void
  logger: Logger
  clock: Clock
}

export class PresenceWatch {
  #wanted: string[] = []
  #pusher: PusherLike | undefined
  readonly #subscribed = new Set<string>()
  readonly #refused = new Set<string>()
  /** Watched people a live change has been heard for since their subscription succeeded. */
  readonly #heardLive = new Set<string>()
  readonly #toRead = new Set<string>()
  readonly #readTimer: TimerSlot

  constructor(private readonly options: PresenceWatchOptions) {
    this.#readTimer = new TimerSlot(options.clock)
  }

  /** The people to follow now; replaces the last list. */
  set(profileIds: readonly string[]): void {
    this.#wanted = [...new Set(profileIds)].slice(0, MAX_WATCHED_PROFILES)
    this.#sync()
  }

  /** Follows the wanted people on this connection (a new connection starts afresh). */
  attach(pusher: PusherLike): void {
    this.detach()
    this.#pusher = pusher
    this.#sync()
  }

  detach(): void {
    const pusher = this.#pusher
    this.#pusher = undefined
    if (pusher) for (const id of this.#subscribed) pusher.unsubscribe(watchChannelName(id))
    this.#subscribed.clear()
    this.#refused.clear()
    this.#heardLive.clear()
    this.#toRead.clear()
    this.#readTimer.clear()
  }

  #sync(): void {
    const pusher = this.#pusher
    if (!pusher) return
    const wanted = new Set(this.#wanted)
    for (const id of [...this.#subscribed]) {
      if (wanted.has(id)) continue
      pusher.unsubscribe(watchChannelName(id))
      this.#subscribed.delete(id)
      this.#heardLive.delete(id)
      this.#toRead.delete(id)
    }
    // Someone who leaves the screen and comes back is asked for again.
    for (const id of [...this.#refused]) if (!wanted.has(id)) this.#refused.delete(id)
    for (const id of this.#wanted) if (!this.#subscribed.has(id) && !this.#refused.has(id)) this.#subscribe(pusher, id)
  }

  #subscribe(pusher: PusherLike, id: string): void {
    const name = watchChannelName(id)
    const channel = pusher.subscribe(name)
    this.#subscribed.add(id)
    const current = (): boolean => this.#pusher === pusher && this.#subscribed.has(id)
    channel.bind('pusher:subscription_succeeded', () => {
      if (!current()) return
      this.#heardLive.delete(id)
      this.#toRead.add(id)
      this.#readTimer.set(PRESENCE_READ_BATCH_MS, () => void this.#read(pusher))
    })
    channel.bind(PRESENCE_CHANGED_EVENT, (data) => {
      const change = PresenceChangedSchema.safeParse(data)
      if (!change.success || change.data.profile_id !== id) {
        this.options.logger.warn('realtime: dropped an event that does not match the API', { event: PRESENCE_CHANGED_EVENT })
        return
      }
      if (!current()) return
      this.#heardLive.add(id)
      this.#toRead.delete(id)
      this.options.emit(change.data.is_online ? { online: [id], offline: [] } : { online: [], offline: [id] })
    })
    channel.bind('pusher:subscription_error', () => {
      this.options.logger.info('realtime: presence watch refused', { profileId: id })
      channel.unbind_all()
      if (!current()) return
      pusher.unsubscribe(name)
      this.#subscribed.delete(id)
      this.#refused.add(id)
    })
  }

  async #read(pusher: PusherLike): Promise<void> {
    const ids = [...this.#toRead]
    this.#toRead.clear()
    if (ids.length === 0) return
    let state: PresenceState
    try {
      state = await this.options.readPresence(ids)
    } catch (error) {
      this.options.logger.info('realtime: could not read the presence of watched people', { error: String(error) })
      return
    }
    if (this.#pusher !== pusher) return
    const stillUnheard = (id: string): boolean => ids.includes(id) && this.#subscribed.has(id) && !this.#heardLive.has(id)
    const change = { online: state.online.filter(stillUnheard), offline: state.offline.filter(stillUnheard) }
    if (change.online.length + change.offline.length > 0) this.options.emit(change)
  }
}

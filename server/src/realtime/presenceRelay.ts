// Presence that costs per watcher, not per online user (docs/api.md §5): a person is online
// while their own channel presence-v3-p-<id> is occupied. When it becomes occupied or vacated
// the relay publishes one `presence_changed` on private-v3-watch-<id>, which only the people
// who have that person on screen hold. The embedded hub reports occupancy in process; an
// external service (Pusher, soketi) reports it through channel existence webhooks
// (./webhooks.ts); both end here.
import { PRESENCE_CHANGED_EVENT, PROFILE_CHANNEL_PREFIX, watchChannelName, type PresenceChanged } from '../../../common/api'
import type { Logger } from '../logger'

export type PresencePublish = (channel: string, event: string, data: PresenceChanged) => Promise<void> | void

export interface PresenceRelay {
  /** A channel became occupied (its first subscriber) or vacated (its last left). */
  occupancyChanged(channel: string, occupied: boolean): void
}

/** The change a profile channel's occupancy means, or undefined for any other channel. */
export function presenceChangeOf(channel: string, occupied: boolean): PresenceChanged | undefined {
  if (!channel.startsWith(PROFILE_CHANNEL_PREFIX)) return undefined
  const profileId = channel.slice(PROFILE_CHANNEL_PREFIX.length)
  if (profileId.length === 0) return undefined
  return { profile_id: profileId, is_online: occupied }
}

export function createPresenceRelay(publish: PresencePublish, logger: Logger): PresenceRelay {
  const failed = (change: PresenceChanged, error: unknown): void =>
    logger.warn(`presence_changed for ${change.profile_id} not published: ${String(error)}`)
  return {
    occupancyChanged(channel, occupied) {
      const change = presenceChangeOf(channel, occupied)
      if (!change) return
      // Never let a publishing failure reach the hub or the webhook that reported the change.
      try {
        const pending = publish(watchChannelName(change.profile_id), PRESENCE_CHANGED_EVENT, change)
        if (pending) pending.catch((error: unknown) => failed(change, error))
      } catch (error) {
        failed(change, error)
      }
    }
  }
}

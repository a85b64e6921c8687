// The server's outbound realtime side, through the official `pusher` library: pointed at
// this server's own events API by default, or at Pusher's hosted service (or any
// compatible cluster) by configuration alone.
import { Agent } from 'node:http'
import { Agent as HttpsAgent } from 'node:https'
import Pusher from 'pusher'
import { PROFILE_CHANNEL_PREFIX, profileChannelName } from '../../../common/api'
import type { Logger } from '../logger'
import type { RealtimeHub } from './hub'

export interface PusherAppCredentials {
  appId: string
  key: string
  secret: string
}

export interface PusherEndpoint {
  host: string
  port: number
  useTLS: boolean
  cluster?: string
}

export interface RealtimePublisher {
  trigger(channel: string, event: string, data: unknown): Promise<void>
  close(): void
}

/** Who is reachable: used for video_call's `available` and profiles' `is_online`. */
export interface PresenceDirectory {
  /** Live connections subscribed to the profile's own channel (0 = nobody can be rung). */
  connectionsOf(profileId: string): Promise<number>
  onlineAmong(profileIds: readonly string[]): Promise<Set<string>>
  /** User ids of a presence channel's members. */
  membersOf(channel: string): Promise<string[]>
}

/** Online (and so reachable by a ring): at least one live connection on the profile's own channel. */
export async function isOnline(presence: PresenceDirectory, profileId: string): Promise<boolean> {
  return (await presence.connectionsOf(profileId)) > 0
}

/**
 * Publishes an event on a profile's own channel. A failure is logged as a warning and
 * reported as false, never thrown: the API call that published carries on.
 */
export async function publishToProfile(
  publisher: RealtimePublisher,
  logger: Logger,
  profileId: string,
  event: string,
  data: unknown
): Promise<boolean> {
  try {
    await publisher.trigger(profileChannelName(profileId), event, data)
    return true
  } catch (error) {
    logger.warn(`${event} for ${profileId} not published: ${String(error)}`)
    return false
  }
}

export function createPusherPublisher(credentials: PusherAppCredentials, endpoint: PusherEndpoint): RealtimePublisher & { client: Pusher } {
  // Keep-alive saves a TCP handshake per event: ring latency is one loopback round trip.
  const agent = endpoint.useTLS ? new HttpsAgent({ keepAlive: true }) : new Agent({ keepAlive: true })
  const client = endpoint.cluster
    ? new Pusher({ ...credentials, cluster: endpoint.cluster, useTLS: endpoint.useTLS, agent, timeout: 5000 })
    : new Pusher({ ...credentials, host: endpoint.host, port: String(endpoint.port), useTLS: endpoint.useTLS, agent, timeout: 5000 })
  return {
    client,
    async trigger(channel, event, data) {
      await client.trigger(channel, event, data)
    },
    close: () => agent.destroy()
  }
}

/** Presence read straight from the embedded hub: no round trip. */
export function hubPresence(hub: RealtimeHub): PresenceDirectory {
  return {
    connectionsOf: async (profileId) => hub.subscriberCount(profileChannelName(profileId)),
    onlineAmong: async (profileIds) => new Set(profileIds.filter((id) => hub.subscriberCount(profileChannelName(id)) > 0)),
    membersOf: async (channel) => hub.presenceMembers(channel)
  }
}

const ChannelsReply = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && 'channels' in value && typeof value.channels === 'object' && value.channels !== null
    ? (value.channels as Record<string, unknown>)
    : {}

/**
 * Presence asked of a remote Pusher-compatible service through its channels API. When the
 * service cannot answer, the directory says "nobody" rather than failing the API call
 * that asked: a ring still goes out, it is only reported as not available.
 */
export function remotePresence(client: Pusher, logger: Logger): PresenceDirectory {
  const directory = remotePresenceUnguarded(client)
  const guard =
    <A extends unknown[], R>(name: string, fn: (...args: A) => Promise<R>, fallback: R) =>
    async (...args: A): Promise<R> => {
      try {
        return await fn(...args)
      } catch (error) {
        logger.warn(`presence ${name} failed: ${String(error)}`)
        return fallback
      }
    }
  return {
    connectionsOf: guard('connectionsOf', directory.connectionsOf, 0),
    onlineAmong: guard('onlineAmong', directory.onlineAmong, new Set<string>()),
    membersOf: guard('membersOf', directory.membersOf, [])
  }
}

function remotePresenceUnguarded(client: Pusher): PresenceDirectory {
  const occupiedProfileChannels = async (): Promise<Set<string>> => {
    const response = await client.get({ path: '/channels', params: { filter_by_prefix: PROFILE_CHANNEL_PREFIX } })
    return new Set(Object.keys(ChannelsReply(await response.json())))
  }
  return {
    async connectionsOf(profileId) {
      const response = await client.get({ path: `/channels/${profileChannelName(profileId)}` })
      const body = (await response.json()) as { subscription_count?: unknown; occupied?: unknown }
      if (typeof body.subscription_count === 'number') return body.subscription_count
      return body.occupied === true ? 1 : 0
    },
    async onlineAmong(profileIds) {
      const occupied = await occupiedProfileChannels()
      return new Set(profileIds.filter((id) => occupied.has(profileChannelName(id))))
    },
    async membersOf(channel) {
      const response = await client.get({ path: `/channels/${channel}/users` })
      const body = (await response.json()) as { users?: unknown }
      if (!Array.isArray(body.users)) return []
      return body.users.flatMap((user: unknown) =>
        typeof user === 'object' && user !== null && 'id' in user && (typeof user.id === 'string' || typeof user.id === 'number') ? [String(user.id)] : []
      )
    }
  }
}

// What one client may do on the realtime endpoint. Two profiles: `default`, with room for
// the reference client's signalling, and `hosted`, the limits of Pusher's hosted service,
// so that a client tested against it is known to work there too. The abuse caps (channels
// per connection, connections per address, client-event rate) apply under both.

export const PUSHER_LIMITS_PROFILES = ['default', 'hosted'] as const
export type PusherLimitsProfile = (typeof PUSHER_LIMITS_PROFILES)[number]

export interface ProtocolLimits {
  maxChannelNameLength: number
  maxEventNameLength: number
  /** Bytes of a client event's data as relayed. */
  maxClientEventBytes: number
  /** Bytes of an event's data published through the HTTP API. */
  maxEventDataBytes: number
  /** Distinct members a presence channel admits, or undefined for no limit. */
  maxPresenceMembers: number | undefined
}

export const PROTOCOL_LIMITS: Record<PusherLimitsProfile, ProtocolLimits> = {
  default: { maxChannelNameLength: 200, maxEventNameLength: 200, maxClientEventBytes: 64 * 1024, maxEventDataBytes: 32 * 1024, maxPresenceMembers: undefined },
  hosted: { maxChannelNameLength: 164, maxEventNameLength: 200, maxClientEventBytes: 10 * 1024, maxEventDataBytes: 10 * 1024, maxPresenceMembers: 100 }
}

export interface AbuseLimits {
  maxChannelsPerConnection: number
  maxConnectionsPerAddress: number
  /** Client events one connection may send per second (Pusher's hosted service: 10). */
  clientEventsPerSecond: number
}

export const DEFAULT_ABUSE_LIMITS: AbuseLimits = { maxChannelsPerConnection: 100, maxConnectionsPerAddress: 100, clientEventsPerSecond: 10 }

/** A frame larger than this is refused unread (the WebSocket is closed with 1009). */
export const HARD_FRAME_LIMIT_BYTES = 1024 * 1024
/** A frame larger than this is read, answered with pusher:error and dropped. */
export const MAX_FRAME_BYTES = 64 * 1024

/** A token bucket of one connection's client events: two numbers, refilled on use. */
export interface EventBudget {
  tokens: number
  refilledAt: number
}

export function takeToken(budget: EventBudget, perSecond: number, now: number): boolean {
  budget.tokens = Math.min(perSecond, budget.tokens + ((now - budget.refilledAt) / 1000) * perSecond)
  budget.refilledAt = now
  if (budget.tokens < 1) return false
  budget.tokens -= 1
  return true
}

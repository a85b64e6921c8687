// Pusher Channels protocol 7 framing: every frame is {event, channel?, data, user_id?} with
// `data` itself a JSON string on the server-to-client side.
import { z } from 'zod'

export const PROTOCOL_VERSION = 7
export const MIN_PROTOCOL_VERSION = 5

/**
 * The protocol's error codes (pusher:error `code`, and the close code that follows it):
 * 4000-4099 the client must not reconnect, 4100-4199 reconnect after backing off,
 * 4200-4299 reconnect at once, 4300-4399 anything else.
 */
export const ErrorCodes = {
  appDoesNotExist: 4001,
  invalidVersionFormat: 4006,
  unsupportedProtocol: 4007,
  noProtocolVersion: 4008,
  unauthorized: 4009,
  overCapacity: 4100,
  goingAway: 4200,
  pongNotReceived: 4201,
  clientEventRateLimited: 4301
} as const

/** Characters the protocol allows in channel names; the length limit is the server's (see limits.ts). */
const CHANNEL_CHARACTERS = /^[A-Za-z0-9_\-=@,.;]+$/
/** Where a signed-in user receives events sent to them (pusher:signin; the HTTP API's sendToUser). */
export const SERVER_TO_USER_PREFIX = '#server-to-user-'
/** The longest channel name any limits profile accepts. */
export const MAX_CHANNEL_NAME_LENGTH = 200

export function isValidChannelName(name: string, maxLength = MAX_CHANNEL_NAME_LENGTH): boolean {
  if (name.length === 0 || name.length > maxLength) return false
  const body = name.startsWith(SERVER_TO_USER_PREFIX) ? name.slice(SERVER_TO_USER_PREFIX.length) : name
  return body.length > 0 && CHANNEL_CHARACTERS.test(body)
}

export const ChannelNameSchema = z.string().refine((name) => isValidChannelName(name), 'not a valid channel name')

export const ClientFrameSchema = z.object({
  event: z.string().min(1),
  channel: z.string().optional(),
  data: z.unknown().optional()
})

export const SubscribeDataSchema = z.object({
  channel: z.string(),
  auth: z.string().max(500).optional(),
  channel_data: z.string().max(10_000).optional()
})

export const UnsubscribeDataSchema = z.object({ channel: z.string() })

export const SigninDataSchema = z.object({
  auth: z.string().max(500),
  user_data: z.string().max(10_000)
})

/** pusher:signin's user_data: an id is required (pusher-js checks the same). */
export const UserDataSchema = z.object({
  id: z.string().min(1).max(128).regex(CHANNEL_CHARACTERS, 'user ids use the channel name characters'),
  user_info: z.unknown().optional(),
  watchlist: z.array(z.string()).optional()
})

export const PresenceChannelDataSchema = z.object({
  user_id: z.union([z.string().min(1).max(128), z.number()]).transform(String),
  user_info: z.unknown().optional()
})

export function encodeFrame(event: string, data: unknown, channel?: string, userId?: string): string {
  const frame: Record<string, unknown> = { event }
  if (channel !== undefined) frame.channel = channel
  frame.data = typeof data === 'string' ? data : JSON.stringify(data)
  if (userId !== undefined) frame.user_id = userId
  return JSON.stringify(frame)
}

/** `user` is a signed-in user's own channel (#server-to-user-<id>). Encrypted channels are private ones: the server never sees their key. */
export type ChannelKind = 'public' | 'private' | 'presence' | 'user'

export function channelKind(channel: string): ChannelKind {
  if (channel.startsWith(SERVER_TO_USER_PREFIX)) return 'user'
  if (channel.startsWith('private-')) return 'private'
  if (channel.startsWith('presence-')) return 'presence'
  return 'public'
}

/** End-to-end encrypted: clients cannot send client events on them (nobody could read the server's copy). */
export const isEncryptedChannel = (channel: string): boolean => channel.startsWith('private-encrypted-')

const CACHE_PREFIXES = ['cache-', 'private-cache-', 'private-encrypted-cache-', 'presence-cache-']
/** Cache channels remember their last event and replay it to each new subscriber. */
export const isCacheChannel = (channel: string): boolean => CACHE_PREFIXES.some((prefix) => channel.startsWith(prefix))

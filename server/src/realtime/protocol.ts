// Pusher Channels protocol 7 framing: every frame is {event, channel?, data, user_id?} with
// `data` itself a JSON string on the server-to-client side.
import { z } from 'zod'

export const PROTOCOL_VERSION = 7
export const MIN_PROTOCOL_VERSION = 5

/** Pusher's close/error codes the server uses. */
export const ErrorCodes = {
  appDoesNotExist: 4001,
  unsupportedProtocol: 4007,
  overCapacity: 4100,
  pongNotReceived: 4201,
  goingAway: 4200,
  invalidMessage: 4009
} as const

export const ChannelNameSchema = z.string().regex(/^[A-Za-z0-9_\-=@,.;]{1,200}$/)

export const ClientFrameSchema = z.object({
  event: z.string().min(1).max(200),
  channel: z.string().optional(),
  data: z.unknown().optional()
})

export const SubscribeDataSchema = z.object({
  channel: ChannelNameSchema,
  auth: z.string().max(500).optional(),
  channel_data: z.string().max(10_000).optional()
})

export const UnsubscribeDataSchema = z.object({ channel: z.string() })

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

export type ChannelKind = 'public' | 'private' | 'presence' | 'unsupported'

export function channelKind(channel: string): ChannelKind {
  if (channel.startsWith('private-encrypted-')) return 'unsupported'
  if (channel.startsWith('private-')) return 'private'
  if (channel.startsWith('presence-')) return 'presence'
  return 'public'
}

// Pusher's HMAC-SHA256 signatures: channel authorisation strings (auth endpoint and
// subscribe) and signed HTTP API requests (events API, as the official libraries sign them).
import { createHash, createHmac, timingSafeEqual } from 'node:crypto'

export const hmacHex = (secret: string, data: string): string => createHmac('sha256', secret).update(data).digest('hex')

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}

/** `<key>:<hex signature>` over `socket_id:channel[:channel_data]`. */
export function channelAuth(key: string, secret: string, socketId: string, channel: string, channelData?: string): string {
  const parts = channelData === undefined ? [socketId, channel] : [socketId, channel, channelData]
  return `${key}:${hmacHex(secret, parts.join(':'))}`
}

export function verifyChannelAuth(
  auth: string,
  key: string,
  secret: string,
  socketId: string,
  channel: string,
  channelData?: string
): boolean {
  return safeEqual(auth, channelAuth(key, secret, socketId, channel, channelData))
}

export const md5Hex = (body: Buffer | string): string => createHash('md5').update(body).digest('hex')

/** Pusher's request signature: HMAC of "METHOD\npath\nsorted query without auth_signature". */
export function signedRequestSignature(secret: string, method: string, path: string, query: URLSearchParams): string {
  const pairs = [...query.entries()].filter(([name]) => name !== 'auth_signature').sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  const canonical = pairs.map(([name, value]) => `${name}=${value}`).join('&')
  return hmacHex(secret, [method.toUpperCase(), path, canonical].join('\n'))
}

/** pusher:signin's `<key>:<hex signature>` over `socket_id::user::user_data`. */
export function userAuth(key: string, secret: string, socketId: string, userData: string): string {
  return `${key}:${hmacHex(secret, `${socketId}::user::${userData}`)}`
}

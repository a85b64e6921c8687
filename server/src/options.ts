// Everything a server can be told, with the defaults the CLI documents.
import { DEFAULT_OAUTH_CLIENT, DEFAULT_ROOM_MEMBER_LIMIT } from '../../common/api'
import { DEFAULT_LOGIN_THROTTLE, MAX_WINDOW_SECONDS, type ThrottleSettings } from './auth/loginThrottle'
import { DEFAULT_SCRYPT_COST, type ScryptCost } from './auth/passwords'
import type { Logger } from './logger'
import { DEFAULT_ABUSE_LIMITS, PUSHER_LIMITS_PROFILES, type PusherLimitsProfile } from './realtime/limits'
import { checkIceSettings } from './video/iceServers'
import { DEFAULT_MISSED_CALL_LIMITS, type MissedCallLimits } from './video/missedCallThrottle'
import type { TwilioCredentials } from './video/tokenMinters'
import { JanusUrlSchema } from '../../common/api'

/** Calls through a Janus VideoRoom instead of p2p (docs/api.md §7). */
export interface JanusOptions {
  /** The Janus WebSocket API (ws:// or wss://): clients are given it, and the server manages rooms through it. */
  url: string
  /** Janus's `token_auth_secret`: client tokens are signed with it. */
  tokenSecret: string
  /** The VideoRoom plugin's `admin_key`, when its config sets one. */
  adminKey?: string
  /** How long a client's Janus token is valid (the longest call on one token). */
  tokenTtlSeconds?: number
  /** An empty room is destroyed after this long without anyone admitted to it. */
  roomIdleSeconds?: number
  /** Publishers one room takes. */
  maxPublishers?: number
}

export interface PusherOptions {
  appId?: string
  key?: string
  /** Generated and kept in the data directory when not given. */
  secret?: string
  /** Set host (and port/useTLS) or cluster to publish through an external Pusher-compatible service. */
  host?: string
  port?: number
  useTLS?: boolean
  cluster?: string
}

export interface ServerOptions {
  /** SQLite's folder; without `databaseUrl`, all data lives there. */
  dataDir: string
  /** postgres://user:password@host:port/database: keep the data in PostgreSQL instead (several instances may share it). */
  databaseUrl?: string
  /** 0 picks a free port. */
  port?: number
  host?: string
  seedDemoAccounts?: boolean
  accessTokenTtlSeconds?: number
  refreshTokenTtlSeconds?: number
  videoTokenTtlSeconds?: number
  videoTokenRemintRemainderSeconds?: number
  oauthClientId?: string
  oauthClientSecret?: string
  pusher?: PusherOptions
  twilio?: TwilioCredentials
  janus?: JanusOptions
  /** The address clients reach this server at (behind a proxy); used in client_config and links. */
  publicUrl?: string
  /**
   * Secrets every instance behind one address must share; each is generated once and kept in
   * storage (the data directory or the database) when not given.
   */
  p2pSecret?: string
  serverId?: string
  /** Proxies (addresses, CIDR ranges, or loopback/linklocal/uniquelocal) whose X-Forwarded-For is believed. */
  trustProxy?: string[]
  logger?: Logger
  /** Overrides of DEFAULTS.loginThrottle. */
  loginThrottle?: Partial<ThrottleSettings>
  /** Overrides of DEFAULTS.missedCallLimits: missed calls per caller and callee, and per caller, per window. */
  missedCallLimits?: Partial<MissedCallLimits>
  /** Seconds of silence before the realtime server pings a connection (Pusher's default: 120). */
  activityTimeoutSeconds?: number
  pongTimeoutSeconds?: number
  /** `hosted`: Pusher's hosted-service limits (10 KB client events, 100 presence members, 164-character channel names). */
  pusherLimits?: PusherLimitsProfile
  maxChannelsPerConnection?: number
  /** Realtime connections one client address may hold (IPv6 counted by /64). */
  maxConnectionsPerAddress?: number
  /** Client events one connection may send a second; more are refused with 4301. */
  clientEventsPerSecond?: number
  /** Most people in one call (a room): rings into a full room and joins of a full p2p room channel are refused. */
  roomMemberLimit?: number
  /** Channel-name prefixes on which clients may send client events (default: the p2p room channels). */
  clientEventChannels?: string[]
  bodyLimitBytes?: number
  scryptCost?: ScryptCost
  /** STUN/TURN URLs handed to p2p clients with their video token (docs/api.md §4.1 ext). */
  iceServers?: string[]
  /** The TURN servers' static-auth-secret: TURN credentials are signed with it. */
  turnSecret?: string
  /** TURN credentials stay valid this long after the video token they come with expires. */
  turnCredentialTtlSeconds?: number
  /** Milliseconds since the epoch; tests move time with it. */
  clock?: () => number
}

export const DEFAULTS = {
  port: 8080,
  host: '127.0.0.1',
  accessTokenTtlSeconds: 3600,
  refreshTokenTtlSeconds: 60 * 24 * 3600,
  videoTokenTtlSeconds: 24 * 3600,
  videoTokenRemintRemainderSeconds: 4 * 3600,
  oauthClientId: DEFAULT_OAUTH_CLIENT.clientId,
  oauthClientSecret: DEFAULT_OAUTH_CLIENT.clientSecret,
  pusherAppId: 'shoutit',
  pusherKey: 'shoutit-key',
  activityTimeoutSeconds: 120,
  pongTimeoutSeconds: 30,
  pusherLimits: 'default' as PusherLimitsProfile,
  ...DEFAULT_ABUSE_LIMITS,
  bodyLimitBytes: 64 * 1024,
  loginThrottle: DEFAULT_LOGIN_THROTTLE,
  missedCallLimits: DEFAULT_MISSED_CALL_LIMITS,
  roomMemberLimit: DEFAULT_ROOM_MEMBER_LIMIT,
  scryptCost: DEFAULT_SCRYPT_COST,
  // The TURN REST convention's day, counted from the token's expiry: a call started on a token about to expire still has the relay for a day.
  turnCredentialTtlSeconds: 24 * 3600,
  // A call longer than this needs a new token: Janus checks it on every request, keepalives included.
  janusTokenTtlSeconds: 4 * 3600,
  janusRoomIdleSeconds: 60,
  janusMaxPublishers: 10
} as const

/** Hosted Pusher caps a presence channel (a p2p room) at 100 members. */
const MAX_ROOM_MEMBER_LIMIT = 100

/** An HMAC key: 32 characters is 256 bits when they are hex, and never fewer than 128. */
const MIN_SECRET_LENGTH = 32
const SERVER_ID = /^[A-Za-z0-9._-]{1,64}$/

/** Rejects settings that would make the server misbehave rather than fail fast. */
export function checkOptions(options: ServerOptions): void {
  const positive = (name: string, value: number | undefined): void => {
    if (value !== undefined && (!Number.isFinite(value) || value <= 0)) throw new Error(`${name} must be a positive number`)
  }
  positive('accessTokenTtlSeconds', options.accessTokenTtlSeconds)
  positive('refreshTokenTtlSeconds', options.refreshTokenTtlSeconds)
  positive('videoTokenTtlSeconds', options.videoTokenTtlSeconds)
  positive('activityTimeoutSeconds', options.activityTimeoutSeconds)
  positive('pongTimeoutSeconds', options.pongTimeoutSeconds)
  positive('bodyLimitBytes', options.bodyLimitBytes)
  positive('maxChannelsPerConnection', options.maxChannelsPerConnection)
  positive('maxConnectionsPerAddress', options.maxConnectionsPerAddress)
  positive('clientEventsPerSecond', options.clientEventsPerSecond)
  if (options.roomMemberLimit !== undefined && (!Number.isInteger(options.roomMemberLimit) || options.roomMemberLimit < 2 || options.roomMemberLimit > MAX_ROOM_MEMBER_LIMIT)) {
    throw new Error(`roomMemberLimit must be an integer from 2 to ${MAX_ROOM_MEMBER_LIMIT}`)
  }
  if (options.pusherLimits !== undefined && !PUSHER_LIMITS_PROFILES.includes(options.pusherLimits)) {
    throw new Error(`pusherLimits must be one of ${PUSHER_LIMITS_PROFILES.join(', ')}`)
  }
  const ttl = options.videoTokenTtlSeconds ?? DEFAULTS.videoTokenTtlSeconds
  const remainder = options.videoTokenRemintRemainderSeconds ?? DEFAULTS.videoTokenRemintRemainderSeconds
  if (remainder < 0 || remainder >= ttl) throw new Error('videoTokenRemintRemainderSeconds must be at least 0 and less than videoTokenTtlSeconds')
  if (options.port !== undefined && (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535)) {
    throw new Error('port must be an integer from 0 to 65535')
  }
  if (options.databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(options.databaseUrl)) {
    throw new Error('databaseUrl must start with postgres:// or postgresql://')
  }
  if (options.p2pSecret !== undefined && options.p2pSecret.length < MIN_SECRET_LENGTH) {
    throw new Error(`the p2p secret must be at least ${MIN_SECRET_LENGTH} characters`)
  }
  if (options.pusher?.secret !== undefined && options.pusher.secret.length === 0) throw new Error('the Pusher secret must not be empty')
  if (options.serverId !== undefined && !SERVER_ID.test(options.serverId)) {
    throw new Error('the server id must be 1 to 64 letters, digits, dots, dashes or underscores')
  }
  const throttle = options.loginThrottle
  if (throttle) {
    for (const [name, value] of Object.entries(throttle)) {
      positive(`loginThrottle.${name}`, value)
      if (name.endsWith('Seconds') && value > MAX_WINDOW_SECONDS) throw new Error(`loginThrottle.${name} must be at most ${MAX_WINDOW_SECONDS} seconds`)
    }
  }
  for (const [name, value] of Object.entries(options.missedCallLimits ?? {})) {
    positive(`missedCallLimits.${name}`, value)
    if (name === 'windowSeconds' && value > MAX_WINDOW_SECONDS) throw new Error(`missedCallLimits.windowSeconds must be at most ${MAX_WINDOW_SECONDS} seconds`)
  }
  if (options.publicUrl !== undefined && !/^https?:\/\//.test(options.publicUrl)) throw new Error('publicUrl must start with http:// or https://')
  if (options.janus) checkJanusOptions(options.janus, options.twilio !== undefined)
  checkIceSettings({ urls: options.iceServers, turnSecret: options.turnSecret, turnCredentialTtlSeconds: options.turnCredentialTtlSeconds })
}

function checkJanusOptions(janus: JanusOptions, twilio: boolean): void {
  if (twilio) throw new Error('choose one engine for calls: Twilio or Janus, not both')
  if (!JanusUrlSchema.safeParse(janus.url).success) throw new Error('the Janus URL must be a ws:// or wss:// URL like wss://janus.example.org/janus')
  if (janus.tokenSecret.length === 0) throw new Error("Janus needs its token_auth_secret (--janus-token-secret)")
  for (const [name, value] of [
    ['janus.tokenTtlSeconds', janus.tokenTtlSeconds],
    ['janus.roomIdleSeconds', janus.roomIdleSeconds],
    ['janus.maxPublishers', janus.maxPublishers]
  ] as const) {
    if (value !== undefined && (!Number.isInteger(value) || value <= 0)) throw new Error(`${name} must be a positive whole number`)
  }
}

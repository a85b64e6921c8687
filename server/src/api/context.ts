// What the route modules share: stores, services and settings of one running server.
import type { Audit } from '../audit'
import type { Logger } from '../logger'
import type { PresenceDirectory, RealtimePublisher } from '../realtime/publisher'
import type { NotificationStore } from '../storage/notifications'
import type { OAuthTokenStore } from '../storage/oauthTokens'
import type { UserStore } from '../storage/users'
import type { VideoRingStore } from '../storage/videoRings'
import type { VideoRoomStore } from '../storage/videoRooms'
import type { VideoClients } from '../video/videoClients'
import type { LoginThrottle } from '../auth/loginThrottle'
import type { MissedCallThrottle } from '../video/missedCallThrottle'
import type { ScryptCost } from '../auth/passwords'
import type { IceServer, PusherConfig } from '../../../common/api'
import type { IncomingMessage } from 'node:http'

export interface ApiContext {
  users: UserStore
  tokens: OAuthTokenStore
  notifications: NotificationStore
  rings: VideoRingStore
  rooms: VideoRoomStore
  /** Most people in one call (`--room-member-limit`). */
  roomMemberLimit: number
  videoClients: VideoClients
  publisher: RealtimePublisher
  presence: PresenceDirectory
  audit: Audit
  logger: Logger
  throttle: LoginThrottle
  missedCallThrottle: MissedCallThrottle
  /** Checked against for unknown accounts, so they take as long as a wrong password. */
  unmatchableHash: string
  /** The client's address (X-Forwarded-For only through trusted proxies), as throttles count it. */
  clientIp(req: IncomingMessage): string
  oauthClients: ReadonlyMap<string, string>
  accessTokenTtlSeconds: number
  refreshTokenTtlSeconds: number
  scryptCost: ScryptCost
  pusherKey: string
  pusherSecret: string
  /** The Pusher endpoint clients should use (client_config). */
  clientPusherConfig: PusherConfig
  /** Absolute base URL clients are told (pagination links): `--public-url`, else the listen address. */
  baseUrl: string
  nowSeconds(): number
  /** p2p: the STUN/TURN servers (with signed TURN credentials) for a user's video token; undefined when none are configured. */
  iceServersFor(userId: string, tokenExpiresAt: number): IceServer[] | undefined
}

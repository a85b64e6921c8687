// The Shoutit calling API (v3) as schemas: what the server sends and the client accepts.
// The shared contract is docs/api.md; every shape here is checked at the HTTP boundary on
// both sides, so a server that drifts from it produces a clear error instead of bad state.
import { z } from 'zod'

export const API_PREFIX = '/v3'

/** The desktop client's own OAuth client, registered by default on the reference server. */
export const DEFAULT_OAUTH_CLIENT = {
  clientId: 'shoutit-desktop',
  clientSecret: 'shoutit-desktop-secret'
} as const

export const ERROR_REASONS = [
  'required',
  'invalid',
  'bad_request',
  'auth_failed',
  'not_authenticated',
  'permission_denied',
  'not_found',
  'method_not_allowed',
  'unsupported_media_type',
  'throttled',
  'internal_error',
  'service_unavailable'
] as const
export const ErrorReasonSchema = z.enum(ERROR_REASONS)
export type ErrorReason = z.infer<typeof ErrorReasonSchema>

export const ErrorDetailSchema = z.object({
  message: z.string(),
  reason: ErrorReasonSchema,
  location: z.string().optional(),
  location_type: z.string().optional()
})
export type ErrorDetail = z.infer<typeof ErrorDetailSchema>

export const ErrorEnvelopeSchema = z.object({
  error: z.object({
    code: z.number().int(),
    message: z.string(),
    developer_message: z.string().optional(),
    request_id: z.string().optional(),
    errors: z.array(ErrorDetailSchema)
  })
})
export type ErrorEnvelope = z.infer<typeof ErrorEnvelopeSchema>

/** 32 lowercase hex characters: a Twilio video client identity. */
export const IdentitySchema = z.string().regex(/^[0-9a-f]{32}$/, 'an identity is 32 lowercase hex characters')

/** Shoutit usernames: letters, digits, dot, dash and underscore, 2–30 long. */
export const UsernameSchema = z.string().regex(/^[A-Za-z0-9._-]{2,30}$/, 'not a valid username')

/** Room names are ours to mint; keep them to what a Pusher channel name allows. */
export const RoomNameSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'not a valid room name')

export const UnixSecondsSchema = z.number().int().nonnegative()

export const ProfileSchema = z.object({
  id: z.string().min(1),
  username: z.string().min(1),
  name: z.string(),
  type: z.enum(['user', 'page']),
  first_name: z.string().optional().default(''),
  last_name: z.string().optional().default(''),
  image: z.string().nullable().optional().default(null),
  app_url: z.string().optional(),
  /** ext: where the server knows presence. */
  is_online: z.boolean().optional()
})
export type Profile = z.infer<typeof ProfileSchema>

/** Counters a server adds beyond these are dropped: nothing reads them, and the profile crosses IPC. */
export const ProfileStatsSchema = z.object({
  unread_notifications_count: z.number().int().nonnegative().default(0)
})

export const DetailedProfileSchema = ProfileSchema.extend({
  email: z.string().optional(),
  date_joined: UnixSecondsSchema.optional(),
  is_guest: z.boolean().optional().default(false),
  stats: ProfileStatsSchema.optional()
})
export type DetailedProfile = z.infer<typeof DetailedProfileSchema>

export const GRANT_TYPES = ['shoutit_login', 'shoutit_signup', 'shoutit_guest', 'refresh_token'] as const
export type GrantType = (typeof GRANT_TYPES)[number]

export const TokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.literal('Bearer').or(z.literal('bearer')),
  expires_in: z.number().nonnegative(),
  refresh_token: z.string().min(1),
  scope: z.string().optional().default(''),
  profile: DetailedProfileSchema,
  new_signup: z.boolean().optional().default(false)
})
export type TokenResponse = z.infer<typeof TokenResponseSchema>

export const VIDEO_PROVIDERS = ['twilio', 'p2p', 'janus'] as const
export const VideoProviderSchema = z.enum(VIDEO_PROVIDERS)
export type VideoProvider = z.infer<typeof VideoProviderSchema>

/**
 * A STUN or TURN server URL as RTCPeerConnection takes it (RFC 7064, RFC 7065): scheme,
 * host or bracketed IPv6 address, optional port, and for TURN an optional transport.
 */
const ICE_URL = /^(?:stuns?:(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::\d{1,5})?|turns?:(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::\d{1,5})?(?:\?transport=(?:udp|tcp))?)$/
export const IceUrlSchema = z.string().max(300).regex(ICE_URL, 'must be a stun:, stuns:, turn: or turns: URL like turn:turn.example.org:3478?transport=udp')

export function isTurnUrl(url: string): boolean {
  return url.startsWith('turn:') || url.startsWith('turns:')
}

/** One entry of RTCConfiguration.iceServers. */
export const IceServerSchema = z
  .object({
    urls: z.union([IceUrlSchema, z.array(IceUrlSchema).min(1).max(10)]),
    username: z.string().min(1).max(500).optional(),
    credential: z.string().min(1).max(500).optional()
  })
  // RTCPeerConnection throws on a TURN URL without both; better said here, with the field.
  .refine((server) => ![server.urls].flat().some(isTurnUrl) || (server.username !== undefined && server.credential !== undefined), {
    message: 'a TURN server needs a username and a credential',
    path: ['username']
  })
export type IceServer = z.infer<typeof IceServerSchema>
export const IceServersSchema = z.array(IceServerSchema).max(10)

/** A Janus WebSocket API URL: ws:// or wss://, no credentials in it. */
export const JanusUrlSchema = z
  .string()
  .max(300)
  .regex(/^wss?:\/\/[^\s/?#@]+(?:\/[^\s?#]*)?$/, 'must be a ws:// or wss:// URL like wss://janus.example.org/janus')
export const JanusEndpointSchema = z.object({ url: JanusUrlSchema })
export type JanusEndpoint = z.infer<typeof JanusEndpointSchema>

export const VideoAuthSchema = z.object({
  identity: IdentitySchema,
  token: z.string().min(1),
  expires_at: UnixSecondsSchema,
  /** ext: absent means twilio (historic servers). */
  provider: VideoProviderSchema.optional().default('twilio'),
  /** ext, p2p and janus: STUN/TURN servers with time-limited TURN credentials; absent means none (a LAN). */
  ice_servers: IceServersSchema.optional(),
  /** ext, janus only (docs/api.md §7): where the Janus WebSocket API is. */
  janus: JanusEndpointSchema.optional(),
  /** ext: most people one room holds (docs/api.md §4.1); absent means a 1:1 server, 2. */
  room_member_limit: z.number().int().min(2).max(100).optional(),
  /** ext, twilio only: the Twilio room type the server's rooms are, "group" (a client ignores values it does not know). */
  room_type: z.string().min(1).max(40).optional()
})
export type VideoAuth = z.infer<typeof VideoAuthSchema>

/** POST /v3/janus/room_token (docs/api.md §7): a signed Janus token that joins this one room. */
export const JanusRoomTokenRequestSchema = z.object({ room: RoomNameSchema })
export const JanusRoomTokenSchema = z.object({
  room: RoomNameSchema,
  token: z.string().min(1).max(1000),
  expires_at: UnixSecondsSchema
})
export type JanusRoomToken = z.infer<typeof JanusRoomTokenSchema>

export const VideoIdentitySchema = z.object({ identity: IdentitySchema })

/** Historic servers reply with an empty body: treat the callee as available. */
export const VideoCallReplySchema = z
  .object({ available: z.boolean().optional().default(true) })
  .optional()
  .transform((reply) => ({ available: reply?.available ?? true }))
export type VideoCallReply = z.infer<typeof VideoCallReplySchema>

export const REJECT_REASONS = ['rejected', 'busy'] as const
export const RejectReasonSchema = z.enum(REJECT_REASONS)
export type RejectReason = z.infer<typeof RejectReasonSchema>

export const NotificationSchema = z.object({
  id: z.string().min(1),
  created_at: UnixSecondsSchema,
  is_read: z.boolean(),
  type: z.string(),
  display: z.object({
    title: z.string(),
    text: z.string(),
    image: z.string().nullable().optional().default(null)
  }),
  app_url: z.string().nullable().optional(),
  attached_object: z
    .object({ profile: ProfileSchema.optional() })
    .passthrough()
    .nullable()
    .optional()
})
export type Notification = z.infer<typeof NotificationSchema>

export const MISSED_VIDEO_CALL = 'missed_video_call'

export const NotificationListSchema = z.object({ results: z.array(NotificationSchema) }).passthrough()

export const ProfilePageSchema = z.object({
  count: z.number().int().nonnegative(),
  next: z.string().nullable(),
  previous: z.string().nullable(),
  results: z.array(ProfileSchema)
})
export type ProfilePage = z.infer<typeof ProfilePageSchema>

export const PusherConfigSchema = z.object({
  key: z.string().min(1),
  host: z.string().min(1),
  port: z.number().int().positive().max(65535),
  tls: z.boolean(),
  cluster: z.string().optional()
})
export type PusherConfig = z.infer<typeof PusherConfigSchema>

export const ClientConfigSchema = z.object({
  pusher: PusherConfigSchema,
  video: z.object({ provider: VideoProviderSchema })
})
export type ClientConfig = z.infer<typeof ClientConfigSchema>

export const PusherAuthReplySchema = z.object({
  auth: z.string().min(1),
  channel_data: z.string().optional()
})
export type PusherAuthReply = z.infer<typeof PusherAuthReplySchema>

/** POST /v3/pusher/user-auth (pusher:signin): user_data is JSON `{ id, user_info }`. */
export const PusherUserAuthReplySchema = z.object({
  auth: z.string().min(1),
  user_data: z.string().min(1)
})
export type PusherUserAuthReply = z.infer<typeof PusherUserAuthReplySchema>

// Realtime events on presence-v3-p-<profile id> (docs/api.md §5).
export const RealtimeEvents = {
  incomingVideoCall: 'incoming_video_call',
  newNotification: 'new_notification',
  statsUpdate: 'stats_update',
  videoCallRejected: 'video_call_rejected'
} as const

/** ext: whether the caller started with the camera ("video") or audio only ("voice"). */
export const CALL_KINDS = ['video', 'voice'] as const
export const CallKindSchema = z.enum(CALL_KINDS)
export type CallKind = z.infer<typeof CallKindSchema>
/** Historic callers and servers never say: their calls are video calls. */
export const DEFAULT_CALL_KIND: CallKind = 'video'

/** ext: one other person in a call someone is rung into (docs/api.md §5). */
export const CallParticipantSchema = z.object({ id: z.string().min(1).max(100), username: z.string().min(1).max(200), name: z.string().max(200) })
export type CallParticipant = z.infer<typeof CallParticipantSchema>

export const IncomingVideoCallSchema = ProfileSchema.extend({
  /**
   * ext `kind`: absent from historic servers, which means a video call. ext `participants`:
   * who else (besides the caller and the callee) is in the call; absent or empty for a 1:1 call.
   */
  video_call: z.object({
    room: RoomNameSchema,
    identity: IdentitySchema,
    kind: CallKindSchema.optional(),
    participants: z.array(CallParticipantSchema).max(100).optional()
  })
})
export type IncomingVideoCall = z.infer<typeof IncomingVideoCallSchema>

export const VideoCallRejectedSchema = z.object({
  room: RoomNameSchema,
  reason: RejectReasonSchema,
  profile: ProfileSchema
})
export type VideoCallRejected = z.infer<typeof VideoCallRejectedSchema>

export const StatsUpdateSchema = z
  .object({ unread_notifications_count: z.number().int().nonnegative() })
  .passthrough()

export const PROFILE_CHANNEL_PREFIX = 'presence-v3-p-'
export const ROOM_CHANNEL_PREFIX = 'presence-video-room-'
export const profileChannelName = (profileId: string): string => PROFILE_CHANNEL_PREFIX + profileId
/**
 * The all-accounts presence channel of earlier versions. The reference server refuses it
 * (403): every change went to everyone online, and hosted Pusher caps a presence channel at
 * 100 members. Clients that still ask for it fall back to `is_online` (docs/api.md §5).
 */
export const LEGACY_ONLINE_CHANNEL = 'presence-v3-online'
/**
 * ext: the channel watchers of a profile subscribe to while that person is on their screen
 * (docs/api.md §5); the server publishes `presence_changed` on it when the person's own
 * channel becomes occupied or vacated.
 */
export const WATCH_CHANNEL_PREFIX = 'private-v3-watch-'
export const watchChannelName = (profileId: string): string => WATCH_CHANNEL_PREFIX + profileId
export const PRESENCE_CHANGED_EVENT = 'presence_changed'
export const PresenceChangedSchema = z.object({ profile_id: z.string().min(1).max(100), is_online: z.boolean() })
export type PresenceChanged = z.infer<typeof PresenceChangedSchema>
/**
 * Most profiles one client watches at once, and most one `GET /v3/presence` asks about: a
 * connection holds at most 100 channels (the server's default cap), and the profile's own
 * channel and a call's room need room beside the watches.
 */
export const MAX_WATCHED_PROFILES = 90
/** ext: `GET /v3/presence?profiles=<id>,<id>` (docs/api.md §5): the current state of watched profiles. */
export const PresenceStateSchema = z.object({
  online: z.array(z.string().min(1).max(100)).max(MAX_WATCHED_PROFILES),
  offline: z.array(z.string().min(1).max(100)).max(MAX_WATCHED_PROFILES)
})
export type PresenceState = z.infer<typeof PresenceStateSchema>
export const roomChannelName = (room: string): string => ROOM_CHANNEL_PREFIX + room
/** Most people in one call when the server does not say otherwise (`--room-member-limit`, docs/api.md §6). */
export const DEFAULT_ROOM_MEMBER_LIMIT = 8
/** What a server that does not announce `room_member_limit` holds: a 1:1 call. */
export const ONE_TO_ONE_ROOM_MEMBER_LIMIT = 2

// The one IPC contract between main and its windows. Every channel names its request and
// reply (invoke channels) or its payload (events main sends), each a zod schema. Main
// validates every request against it; the preload exposes exactly these channels; the
// end-to-end harness binds a Chromium page to the same contract. The OAuth access and
// refresh tokens appear nowhere here on purpose: they never leave main.
import { BackgroundKindSchema, BackgroundPictureIdSchema, BackgroundPictureUploadSchema } from './background'
import { z } from 'zod'
import {
  CallKindSchema,
  CallParticipantSchema,
  IceServerSchema,
  IdentitySchema,
  JanusEndpointSchema,
  ProfilePageSchema,
  ProfileSchema as ApiProfileSchema,
  ProfileStatsSchema,
  PusherAuthReplySchema,
  PusherConfigSchema,
  RejectReasonSchema,
  RoomNameSchema,
  UsernameSchema,
  VideoProviderSchema,
  DetailedProfileSchema,
  MAX_WATCHED_PROFILES
} from './api'
import { CallActivitySchema, CallRecordSchema as StoredCallRecordSchema } from './calls'
import { LANGUAGE_SETTINGS, LANGUAGES } from './i18n/languages'
import { EVENT_CHANNEL_NAMES, INVOKE_CHANNEL_NAMES, type EventChannelName, type InvokeChannelName } from './ipc-channels'
import { ACCOUNT_LIMITS } from './limits'

const Empty = z.object({}).strict()
const Ok = z.object({ ok: z.literal(true) }).strict()

// ---- the API's shapes, strict --------------------------------------------------------------
// common/api.ts reads what a server sends and drops fields it does not know. What crosses
// IPC is exactly the contract: every object below, and every one in this file, refuses a key
// it does not name, so a field main adds by mistake (a token beside a profile) is refused
// where it is sent instead of reaching a window. tests/unit/common/ipc-strict.test.ts walks
// every channel's schema to keep it so.
const ProfileSchema = ApiProfileSchema.strict()
const SessionProfileSchema = DetailedProfileSchema.extend({ stats: ProfileStatsSchema.strict().optional() }).strict()
const IceServersSchema = z.array(IceServerSchema.strict()).max(10)
const PeoplePageSchema = ProfilePageSchema.extend({ results: z.array(ProfileSchema) }).strict()
const CallRecordSchema = StoredCallRecordSchema.extend({ peer: ProfileSchema, participants: z.array(CallParticipantSchema.strict()).max(100).optional() }).strict()

// ---- shapes -------------------------------------------------------------------------------

export const ServerProfileIdSchema = z.enum(['production', 'development', 'local', 'custom'])
export type ServerProfileId = z.infer<typeof ServerProfileIdSchema>

/** http(s) origin only: the server address a user may type. */
export const ServerUrlSchema = z
  .string()
  .trim()
  .max(2048)
  .url()
  .refine((value) => /^https?:\/\//i.test(value), 'the server address must start with http:// or https://')

export const ServerChoiceSchema = z.strictObject({
  id: ServerProfileIdSchema,
  label: z.string(),
  url: z.string()
})
export type ServerChoice = z.infer<typeof ServerChoiceSchema>

export const ServersViewSchema = z.strictObject({
  profiles: z.array(ServerChoiceSchema),
  selected: ServerProfileIdSchema,
  url: z.string()
})
export type ServersView = z.infer<typeof ServersViewSchema>

/** Where secrets live: a keyring (persist across restarts) or only in memory, and why. */
export const SecretStorageViewSchema = z.strictObject({
  persistent: z.boolean(),
  backend: z.string(),
  /** Shown to the user when secrets cannot be kept: why they must sign in again next time. */
  warning: z.string().optional()
})
export type SecretStorageView = z.infer<typeof SecretStorageViewSchema>

export const SessionViewSchema = z.discriminatedUnion('state', [
  z.strictObject({
    state: z.literal('signed-out'),
    /** Why the user was signed out, when it was not their own doing. */
    reason: z.string().optional(),
    storage: SecretStorageViewSchema
  }),
  z.strictObject({
    state: z.literal('signed-in'),
    profile: SessionProfileSchema,
    isGuest: z.boolean(),
    storage: SecretStorageViewSchema
  })
])
export type SessionView = z.infer<typeof SessionViewSchema>

export const VIDEO_TOKEN_STATES = ['none', 'fetching', 'fresh', 'retrying', 'failed'] as const
export const VideoTokenStateSchema = z.strictObject({
  state: z.enum(VIDEO_TOKEN_STATES),
  /** Unix seconds of the current token's expiry, when there is one. */
  expiresAt: z.number().int().optional(),
  /** When the next refresh or retry is due (Unix ms). */
  nextAttemptAt: z.number().int().optional(),
  error: z.string().optional()
})
export type VideoTokenState = z.infer<typeof VideoTokenStateSchema>

/** The video token given to the renderer to join a room. Not an OAuth secret: it only joins rooms, and it expires. */
export const VideoTokenSchema = z.strictObject({
  token: z.string().min(1),
  identity: IdentitySchema,
  expiresAt: z.number().int(),
  provider: VideoProviderSchema,
  /** p2p and janus: the server's STUN/TURN servers; their TURN credentials expire, like the token. */
  iceServers: IceServersSchema.optional(),
  /** janus: where its WebSocket API is (docs/api.md §7). */
  janus: JanusEndpointSchema.strict().optional()
})
export type VideoToken = z.infer<typeof VideoTokenSchema>

export const REALTIME_STATES = ['disconnected', 'connecting', 'connected', 'unavailable', 'failed'] as const
export const RealtimeStateSchema = z.strictObject({ state: z.enum(REALTIME_STATES) })
export type RealtimeState = z.infer<typeof RealtimeStateSchema>

export const RingSchema = z.strictObject({
  room: RoomNameSchema,
  callerIdentity: IdentitySchema,
  caller: ProfileSchema,
  /** How the caller called: a voice call is answered with audio only by default. */
  kind: CallKindSchema,
  /** Who else is in the call (a group call, docs/api.md §5); absent for a 1:1 call. */
  participants: z.array(CallParticipantSchema.strict()).max(100).optional()
})
export type Ring = z.infer<typeof RingSchema>

export const RING_END_REASONS = ['accepted', 'declined', 'missed', 'timeout', 'cancelled'] as const
export const RingEndedSchema = z.strictObject({
  room: RoomNameSchema,
  reason: z.enum(RING_END_REASONS)
})

export const CallRejectedSchema = z.strictObject({
  room: RoomNameSchema,
  reason: RejectReasonSchema,
  profile: ProfileSchema
})

/** The built-in ringtones (renderer/ui/ring/ringtone.ts synthesizes them). */
export const RINGTONES = ['classic', 'chime', 'pulse'] as const
export const RingtoneSchema = z.enum(RINGTONES)
export type RingtoneName = z.infer<typeof RingtoneSchema>
export const LanguageSchema = z.enum(LANGUAGES)
export const LanguageSettingSchema = z.enum(LANGUAGE_SETTINGS)
/** 'system' follows the OS's light or dark appearance. */
export const ThemeSchema = z.enum(['system', 'light', 'dark'])
export type Theme = z.infer<typeof ThemeSchema>

export const SettingsSchema = z.strictObject({
  doNotDisturb: z.boolean(),
  launchAtLogin: z.boolean(),
  /** Pause between ring attempts (docs/api.md §6), seconds. */
  retryPauseSeconds: z.number().int().min(0).max(15),
  /** GPU compositing and video decoding; read once at start-up, so a change applies after a restart. */
  hardwareAcceleration: z.boolean(),
  cameraId: z.string().max(512).optional(),
  microphoneId: z.string().max(512).optional(),
  speakerId: z.string().max(512).optional(),
  /** RNNoise on the call's microphone (renderer/calling/noise-suppression.ts); the browser's own suppression otherwise. */
  noiseSuppression: z.boolean(),
  /** The camera's background in calls (renderer/calling/camera-chain.ts). */
  background: BackgroundKindSchema,
  /** The picture behind the person when `background` is 'picture' (kept while another kind is chosen). */
  backgroundPictureId: BackgroundPictureIdSchema,
  ringtone: RingtoneSchema,
  /** Ringtone loudness, percent. */
  ringtoneVolume: z.number().int().min(0).max(100),
  /** An OS notification for each missed call (the badge and the list keep counting either way). */
  missedCallNotifications: z.boolean(),
  theme: ThemeSchema,
  /** The small always-on-top call window while the main window is in the background (renderer/ui/pip/). */
  pictureInPicture: z.boolean(),
  /** The app's language, or 'system' to follow the OS's preferred languages. */
  language: LanguageSettingSchema,
  /** "Check my devices before each call": an outgoing call first shows the device check. */
  checkDevicesBeforeCall: z.boolean()
})
export type Settings = z.infer<typeof SettingsSchema>

/**
 * The language every window shows (the setting resolved against the OS), and what
 * 'system' resolves to, so Settings can name it.
 */
export const LanguageViewSchema = z.strictObject({ language: LanguageSchema, system: LanguageSchema })
export type LanguageView = z.infer<typeof LanguageViewSchema>

/** The desktop OS main runs on: the words and settings pages a window points the user at. */
export const DESKTOP_OSES = ['macos', 'windows', 'linux'] as const
export const DesktopOsSchema = z.enum(DESKTOP_OSES)
export type DesktopOs = z.infer<typeof DesktopOsSchema>

/** A device the OS's privacy settings can allow Shoutit to use. */
export const PrivacyDeviceSchema = z.enum(['camera', 'microphone'])
export type PrivacyDevice = z.infer<typeof PrivacyDeviceSchema>

export const AboutSchema = z.strictObject({ name: z.string().max(100), version: z.string().max(100) })
export type About = z.infer<typeof AboutSchema>

export const NavigateSchema = z.discriminatedUnion('to', [
  /**
   * Start a call (deep link or "Call back"); the renderer confirms with the user first when
   * asked to. `video: false` is a voice call ("Voice call back").
   */
  z.strictObject({ to: z.literal('call'), username: UsernameSchema, confirm: z.boolean(), video: z.boolean().optional() }),
  z.strictObject({ to: z.literal('profile'), username: UsernameSchema }),
  /** The user accepted a ring: join this room. */
  z.strictObject({ to: z.literal('answer'), room: RoomNameSchema, callerIdentity: IdentitySchema, caller: ProfileSchema, video: z.boolean() }),
  z.strictObject({ to: z.literal('people') }),
  z.strictObject({ to: z.literal('settings') }),
  /** The device and network check ("Test" in the ring window, Settings' "Check devices"). */
  z.strictObject({ to: z.literal('device-check') })
])
export type Navigate = z.infer<typeof NavigateSchema>

export const NoticeSchema = z.strictObject({
  level: z.enum(['info', 'warning', 'error']),
  message: z.string()
})
export type Notice = z.infer<typeof NoticeSchema>

export const ScreenSourceSchema = z.strictObject({
  id: z.string().min(1).max(256),
  name: z.string(),
  kind: z.enum(['screen', 'window']),
  /** data: URL of a small thumbnail. */
  thumbnail: z.string().optional()
})
export type ScreenSource = z.infer<typeof ScreenSourceSchema>

export const UpdateStateSchema = z.strictObject({
  state: z.enum(['idle', 'checking', 'downloading', 'ready', 'error']),
  version: z.string().optional(),
  error: z.string().optional()
})
export type UpdateState = z.infer<typeof UpdateStateSchema>

/**
 * Whether the server answered a short request (the device check's network part): how long
 * it took, or why not. `answered-badly` means something answered, but not as the API does.
 */
export const ServerCheckSchema = z.discriminatedUnion('reachable', [
  z.strictObject({ reachable: z.literal(true), latencyMs: z.number().int().nonnegative() }),
  z.strictObject({
    reachable: z.literal(false),
    reason: z.enum(['unreachable', 'timeout', 'answered-badly']),
    status: z.number().int().optional()
  })
])
export type ServerCheck = z.infer<typeof ServerCheckSchema>

export const CALL_COMMANDS = ['toggle-mute', 'toggle-camera', 'hang-up'] as const
export const CallCommandSchema = z.strictObject({ command: z.enum(CALL_COMMANDS) })
export type CallCommand = z.infer<typeof CallCommandSchema>['command']

// ---- channels -----------------------------------------------------------------------------

/** Renderer → main, answered. */
export const invokeChannels = {
  'session:get': { request: Empty, reply: SessionViewSchema },
  'session:signIn': {
    request: z
      .object({ login: z.string().trim().min(1).max(ACCOUNT_LIMITS.login.max), password: z.string().min(1).max(ACCOUNT_LIMITS.signInPassword.max) })
      .strict(),
    reply: SessionViewSchema
  },
  'session:signUp': {
    request: z
      .object({
        name: z.string().trim().min(ACCOUNT_LIMITS.name.min).max(ACCOUNT_LIMITS.name.max),
        email: z.string().trim().email().max(ACCOUNT_LIMITS.email.max),
        password: z.string().min(ACCOUNT_LIMITS.password.min).max(ACCOUNT_LIMITS.password.max)
      })
      .strict(),
    reply: SessionViewSchema
  },
  'session:continueAsGuest': { request: Empty, reply: SessionViewSchema },
  'session:signOut': { request: Empty, reply: SessionViewSchema },

  'servers:get': { request: Empty, reply: ServersViewSchema },
  /** Switching servers signs out cleanly. */
  'servers:select': {
    request: z.discriminatedUnion('id', [
      z.object({ id: z.enum(['production', 'development', 'local']) }).strict(),
      z.object({ id: z.literal('custom'), url: ServerUrlSchema }).strict()
    ]),
    reply: ServersViewSchema
  },

  'people:search': {
    request: z
      .object({ search: z.string().max(100), page: z.number().int().min(1).max(10_000).default(1) })
      .strict(),
    reply: PeoplePageSchema
  },
  'people:get': { request: z.object({ username: UsernameSchema }).strict(), reply: ProfileSchema },

  'video:getToken': {
    request: z.object({ minValidSeconds: z.number().int().min(0).max(86_400) }).strict(),
    reply: VideoTokenSchema
  },
  'video:tokenState': { request: Empty, reply: VideoTokenStateSchema },
  'video:identity': { request: z.object({ username: UsernameSchema }).strict(), reply: z.strictObject({ identity: IdentitySchema }) },
  'video:ring': {
    request: z.object({ identity: IdentitySchema, room: RoomNameSchema, kind: CallKindSchema }).strict(),
    reply: z.strictObject({ available: z.boolean() })
  },
  'video:reportMissed': { request: z.object({ identity: IdentitySchema }).strict(), reply: Ok },
  'video:profileOf': { request: z.object({ identity: IdentitySchema }).strict(), reply: ProfileSchema },
  /** janus engine: a token that joins this room on Janus, from the server (docs/api.md §7). */
  'video:janusRoomToken': {
    request: z.object({ room: RoomNameSchema }).strict(),
    reply: z.strictObject({ token: z.string().min(1).max(1000), expiresAt: z.number().int() })
  },

  /** p2p engine: room channels are authorised by main, which holds the OAuth token. */
  'realtime:config': { request: Empty, reply: PusherConfigSchema.strict() },
  'realtime:authorizeRoom': {
    request: z
      .object({
        socketId: z.string().regex(/^\d+\.\d+$/, 'not a Pusher socket id'),
        channelName: z.string().regex(/^presence-video-room-[A-Za-z0-9_-]{8,64}$/, 'only room channels')
      })
      .strict(),
    reply: PusherAuthReplySchema.strict()
  },
  'realtime:state': { request: Empty, reply: RealtimeStateSchema },
  /** The device check: one short request to the current server (GET /v3/client_config). */
  'check:server': { request: Empty, reply: ServerCheckSchema },
  /** The people now on the main window's screen, whose presence to follow; replaces the last list. */
  'presence:watch': {
    request: z.object({ profileIds: z.array(z.string().min(1).max(100)).max(MAX_WATCHED_PROFILES) }).strict(),
    reply: Ok
  },

  /** The ring window's buttons (and keyboard shortcuts). */
  'ring:current': { request: Empty, reply: RingSchema.nullable() },
  /** `video: false` answers with audio only (the camera stays off until turned on); default on. */
  'ring:accept': { request: z.object({ room: RoomNameSchema, video: z.boolean().optional() }).strict(), reply: Ok },
  'ring:decline': { request: z.object({ room: RoomNameSchema }).strict(), reply: Ok },
  /**
   * A ring the user missed stays in the ring window for a while with Call back: main brings the
   * main window forward and calls them, `video` false for a voice call (the kind of the missed one).
   */
  'ring:callBack': { request: z.object({ username: UsernameSchema, video: z.boolean() }).strict(), reply: Ok },
  /** Closes the ring window that shows a missed ring. */
  'ring:dismiss': { request: Empty, reply: Ok },

  /** The renderer reports what its call flow is doing. */
  'call:activity': {
    request: z
      .object({
        activity: CallActivitySchema,
        room: RoomNameSchema.optional(),
        peer: ProfileSchema.optional(),
        /** Everyone in the call now (a group call's tray says them all); absent: the peer alone. */
        inCallWith: z.array(CallParticipantSchema.strict()).max(100).optional()
      })
      .strict(),
    reply: Ok
  },
  /** The renderer reports how an outgoing call, or an accepted incoming one, ended. */
  'call:finished': {
    /** A history record; main gives it its id. */
    request: CallRecordSchema.omit({ id: true }),
    reply: Ok
  },

  /** Newest first, as main keeps it. */
  'history:list': { request: Empty, reply: z.array(CallRecordSchema) },
  'history:clear': { request: Empty, reply: Ok },
  /**
   * Undo of the last clear: main brings back what it removed (kept in memory, dropped when the
   * account changes), beside calls recorded since. Nothing cleared: nothing changes.
   */
  'history:restoreCleared': { request: Empty, reply: Ok },
  'missed:markSeen': { request: Empty, reply: Ok },
  'missed:count': { request: Empty, reply: z.strictObject({ count: z.number().int().nonnegative() }) },

  'settings:get': { request: Empty, reply: SettingsSchema },
  'settings:update': { request: SettingsSchema.partial().strict(), reply: SettingsSchema },
  /** The user's own call background (main keeps it in the user data folder); null when there is none. */
  'background:getPicture': { request: Empty, reply: BackgroundPictureUploadSchema.nullable() },
  /** Keeps a picture the user picked as their own background (type and size checked), replacing the last. */
  'background:setPicture': { request: BackgroundPictureUploadSchema, reply: Ok },

  'screen:sources': { request: Empty, reply: z.array(ScreenSourceSchema) },
  /** Answers the pending getDisplayMedia request: a source id, or null to cancel. */
  'screen:choose': { request: z.object({ sourceId: z.string().min(1).max(256).nullable() }).strict(), reply: Ok },

  'app:openExternal': { request: z.object({ url: z.string().max(2048) }).strict(), reply: Ok },
  /** The renderer is ready to receive navigation (buffered deep links are flushed then). */
  'app:ready': { request: Empty, reply: Ok },
  /** The app's name and version, for About. */
  'app:about': { request: Empty, reply: AboutSchema },
  /** The language to show now (main resolves the setting against the OS's languages). */
  'app:language': { request: Empty, reply: LanguageViewSchema },
  /** The OS main runs on (never guessed from the user agent in the window). */
  'app:platform': { request: Empty, reply: z.strictObject({ os: DesktopOsSchema }) },
  /**
   * Opens the OS's privacy page for the device (macOS: System Settings, Windows: Settings).
   * Linux has no such page: refused with invalid_request, and the window does not offer it.
   */
  'app:openPrivacySettings': { request: z.strictObject({ device: PrivacyDeviceSchema }), reply: Ok },
  /** Brings the main window forward: the picture-in-picture window's "Back to call". */
  'app:showMain': { request: Empty, reply: Ok },
  /** The ring window's "Test": the main window comes forward showing the device check. */
  'app:openDeviceCheck': { request: Empty, reply: Ok },
  'update:state': { request: Empty, reply: UpdateStateSchema },
  /** The user agrees to restart now; during a call the restart waits for the call to end. */
  'update:installNow': { request: Empty, reply: Ok },
  /** The user says "later": the update installs at quit, and they are reminded in a day. */
  'update:defer': { request: Empty, reply: Ok }
} as const

/**
 * Who of the watched people came online or went offline (docs/api.md §5, watch channels):
 * the state read when a watch starts, then each change. Nothing is said about anyone else.
 */
export const PresenceChangeSchema = z.strictObject({
  online: z.array(z.string().min(1).max(100)).max(MAX_WATCHED_PROFILES),
  offline: z.array(z.string().min(1).max(100)).max(MAX_WATCHED_PROFILES)
})
export type PresenceChange = z.infer<typeof PresenceChangeSchema>

/** Main → renderer, not answered. */
export const eventChannels = {
  'session:changed': SessionViewSchema,
  'video:tokenStateChanged': VideoTokenStateSchema,
  'realtime:stateChanged': RealtimeStateSchema,
  'ring:incoming': RingSchema,
  'ring:ended': RingEndedSchema,
  /** video_call_rejected for a call this client is placing. */
  'call:rejected': CallRejectedSchema,
  /** The whole history again, newest first. */
  'history:changed': z.array(CallRecordSchema),
  'missed:countChanged': z.strictObject({ count: z.number().int().nonnegative() }),
  'presence:changed': PresenceChangeSchema,
  'settings:changed': SettingsSchema,
  navigate: NavigateSchema,
  notice: NoticeSchema,
  /** main asks the renderer's picker to choose a screen or window to share. */
  'screen:pick': z.strictObject({ sources: z.array(ScreenSourceSchema) }),
  'update:stateChanged': UpdateStateSchema,
  /** The app menu's Call items (and their shortcuts): the main window's call acts on them. */
  'call:command': CallCommandSchema,
  /** The language setting changed, or the OS's language did: every window follows. */
  'app:languageChanged': LanguageViewSchema
} as const

export type InvokeChannel = keyof typeof invokeChannels
export type EventChannel = keyof typeof eventChannels
export type InvokeRequest<C extends InvokeChannel> = z.input<(typeof invokeChannels)[C]['request']>
export type InvokeReply<C extends InvokeChannel> = z.output<(typeof invokeChannels)[C]['reply']>
export type EventPayload<C extends EventChannel> = z.output<(typeof eventChannels)[C]>

export const INVOKE_CHANNELS: readonly InvokeChannel[] = INVOKE_CHANNEL_NAMES
export const EVENT_CHANNELS: readonly EventChannel[] = EVENT_CHANNEL_NAMES

// Compile-time proof that the zod-free name lists (used by the preload) are exactly the contract.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const invokeNamesMatch: Same<InvokeChannel, InvokeChannelName> = true
const eventNamesMatch: Same<EventChannel, EventChannelName> = true
void invokeNamesMatch
void eventNamesMatch

/** Errors cross IPC as plain data: Electron flattens Error objects to their message. */
export const IpcErrorSchema = z.strictObject({
  code: z.enum(['invalid_request', 'forbidden_sender', 'not_signed_in', 'guest', 'api_error', 'network', 'internal']),
  message: z.string(),
  /** For api_error: the HTTP status and the envelope's first reason. */
  status: z.number().int().optional(),
  reason: z.string().optional(),
  /** For api_error: the request field the reason is about (docs/api.md §1 `location`), so a form can point at it. */
  location: z.string().optional()
})
export type IpcError = z.infer<typeof IpcErrorSchema>

/** Every invoke reply travels wrapped, so the renderer tells an error from a value without parsing strings. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError }

/**
 * The object the preload exposes as `window.shoutit`: invoke and on accept exactly the
 * contract's channel names (anything else is refused before it reaches ipcRenderer); no raw
 * ipcRenderer, no Node, nothing else.
 */
export interface ShoutitBridge {
  invoke<C extends InvokeChannel>(channel: C, request: InvokeRequest<C>): Promise<IpcResult<InvokeReply<C>>>
  on<C extends EventChannel>(channel: C, listener: (payload: EventPayload<C>) => void): () => void
}

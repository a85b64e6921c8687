// Video (docs/api.md §4): tokens, callee identities, ringing, missed calls and rejections.
// Every route here refuses guests (the router checks auth: 'member').
import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import {
  CallKindSchema,
  DEFAULT_CALL_KIND,
  IdentitySchema,
  MISSED_VIDEO_CALL,
  RejectReasonSchema,
  RoomNameSchema,
  RealtimeEvents,
  roomChannelName,
  type CallKind,
  type CallParticipant,
  type IncomingVideoCall,
  type JanusEndpoint,
  type VideoAuth,
  type VideoCallRejected
} from '../../../common/api'
import { errors } from '../http/apiError'
import { Throttled } from '../video/missedCallThrottle'
import type { Route } from '../http/router'
import { isOnline, publishToProfile } from '../realtime/publisher'
import { validate } from '../http/validate'
import type { NotificationRecord } from '../storage/notifications'
import type { UserRecord } from '../storage/users'
import { peopleIn, type RoomSnapshot, type RoomVisibility } from '../video/roomRules'
import type { ApiContext } from './context'
import { notificationJson, profileJson, statsJson } from './presenters'

const IdentityQuerySchema = z.object({ identity: IdentitySchema })
const ProfileQuerySchema = z.object({ profile: z.string().min(1).max(200) })

const VideoCallBodySchema = z.object({
  identity: IdentitySchema,
  // A real boolean only: the historic server tested truthiness, so "false" meant missed.
  missed: z.boolean().default(false),
  room: RoomNameSchema.optional(),
  /** ext: passed on in the ring; historic callers omit it and call with video. */
  kind: CallKindSchema.default(DEFAULT_CALL_KIND)
})

const VideoRejectBodySchema = z.object({
  identity: IdentitySchema,
  room: RoomNameSchema,
  reason: RejectReasonSchema
})

/** A client's retry key (the IETF Idempotency-Key header): visible ASCII, as a UUID is. */
const IdempotencyKeySchema = z.string().regex(/^[\x21-\x7e]{1,200}$/, 'Idempotency-Key must be 1 to 200 visible ASCII characters')

function idempotencyKeyOf(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined
  const parsed = IdempotencyKeySchema.safeParse(header)
  if (!parsed.success) throw errors.invalid('Idempotency-Key', 'Idempotency-Key must be 1 to 200 visible ASCII characters', 'header')
  return parsed.data
}

/** `janus`: where clients reach Janus, when calls go through it (docs/api.md §7). */
export function videoRoutes(ctx: ApiContext, janus?: JanusEndpoint): Route<UserRecord>[] {
  /** The user behind an unexpired identity, or 400 invalid at `location`. */
  const userOfIdentity = async (identity: string, location: string, locationType: 'body' | 'parameter'): Promise<UserRecord> => {
    const owner = await ctx.users.byVideoIdentity(identity, ctx.nowSeconds())
    if (!owner) throw errors.invalid(location, 'Unknown or expired identity', locationType)
    return owner
  }

  const publish = (profileId: string, event: string, data: unknown): Promise<boolean> =>
    publishToProfile(ctx.publisher, ctx.logger, profileId, event, data)

  const visibility = (): RoomVisibility => (ctx.videoClients.provider === 'p2p' ? 'presence' : 'rings')

  /** Profiles of the people in the call besides the caller and the callee, the room's creator first. */
  const participantsOf = async (snapshot: RoomSnapshot, caller: UserRecord, callee: UserRecord): Promise<CallParticipant[]> => {
    const ids = peopleIn(snapshot, visibility(), ctx.nowSeconds()).filter((id) => id !== caller.id && id !== callee.id)
    const people = await Promise.all(ids.map((id) => ctx.users.byId(id)))
    return people.flatMap((person) => (person ? [{ id: person.id, username: person.username, name: person.name }] : []))
  }

  /**
   * Rings the callee into the room, if the caller is in that call (or opens a new one) and the
   * call has space (docs/api.md §6). Decided under the room's lock, so that concurrent rings
   * cannot fill a room past its limit.
   */
  const ring = async (caller: UserRecord, callee: UserRecord, calleeIdentity: string, room: string, kind: CallKind): Promise<boolean> => {
    const members = visibility() === 'presence' ? await ctx.presence.membersOf(roomChannelName(room)) : []
    const decision = await ctx.rooms.ring(
      { room, callerId: caller.id, calleeId: callee.id, calleeIdentity },
      { members, visibility: visibility(), limit: ctx.roomMemberLimit, now: ctx.nowSeconds() }
    )
    if (!decision.admitted) {
      if (decision.refusal === 'full') throw errors.permissionDenied(`This call is full: it holds at most ${ctx.roomMemberLimit} people`)
      throw errors.permissionDenied('You can only ring people into a call you are in')
    }
    const participants = await participantsOf(decision.snapshot, caller, callee)
    const event: IncomingVideoCall = {
      ...profileJson(caller),
      video_call: { room, identity: await ctx.videoClients.identityOf(caller.id), kind, ...(participants.length > 0 ? { participants } : {}) }
    }
    const reachable = await isOnline(ctx.presence, callee.id)
    const published = await publish(callee.id, RealtimeEvents.incomingVideoCall, event)
    return reachable && published
  }

  /**
   * Stores and announces one missed call. A key already used by this caller for this callee
   * (a retry whose reply was lost) answers as the first post did, writing and counting nothing.
   */
  const recordMissedCall = async (caller: UserRecord, callee: UserRecord, idempotencyKey: string | undefined): Promise<void> => {
    if (idempotencyKey !== undefined && (await ctx.notifications.hasIdempotencyKey(callee.id, caller.id, idempotencyKey))) return
    await ctx.missedCallThrottle.record(caller.id, callee.id).catch((error: unknown) => {
      throw error instanceof Throttled ? errors.throttled(error.retryAfterSeconds, 'identity', 'missed calls') : error
    })
    const notification: NotificationRecord = {
      id: randomUUID(),
      userId: callee.id,
      type: MISSED_VIDEO_CALL,
      actorId: caller.id,
      isRead: false,
      createdAt: ctx.nowSeconds()
    }
    await ctx.rings.markMissed(caller.id, callee.id, ctx.nowSeconds())
    const { created, unreadCount } = await ctx.notifications.insert(notification, idempotencyKey)
    if (!created) return
    await publish(callee.id, RealtimeEvents.newNotification, notificationJson(notification, caller))
    await publish(callee.id, RealtimeEvents.statsUpdate, statsJson(unreadCount))
  }

  return [
    {
      method: 'POST',
      path: '/v3/twilio/video_auth',
      auth: 'member',
      async handle({ user }) {
        const { client, reminted } = await ctx.videoClients.tokenFor(user.id)
        ctx.audit.record({ kind: 'video_auth', profileId: user.id, identity: client.identity, reminted })
        const body: VideoAuth = { identity: client.identity, token: client.token, expires_at: client.expiresAt, provider: client.provider }
        // Twilio brings its own TURN (its Network Traversal Service); p2p and Janus clients need ours.
        const iceServers = client.provider === 'twilio' ? undefined : ctx.iceServersFor(user.id, client.expiresAt)
        if (iceServers) body.ice_servers = iceServers
        if (client.provider === 'janus' && janus) body.janus = janus
        body.room_member_limit = ctx.roomMemberLimit
        // Twilio's ad-hoc rooms are of the account's default type, Group: engines size themselves by it.
        if (client.provider === 'twilio') body.room_type = 'group'
        return { body }
      }
    },
    {
      method: 'GET',
      path: '/v3/twilio/video_identity',
      auth: 'member',
      async handle({ query, user }) {
        const { profile: username } = validate(ProfileQuerySchema, Object.fromEntries(query), 'parameter')
        if (username.toLowerCase() === user.username.toLowerCase()) throw errors.invalid('profile', "You can't call yourself", 'parameter')
        const callee = await ctx.users.byUsername(username)
        if (!callee || callee.isGuest) throw errors.invalid('profile', `No profile with username "${username.slice(0, 60)}"`, 'parameter')
        return { body: { identity: await ctx.videoClients.identityOf(callee.id) } }
      }
    },
    {
      method: 'POST',
      path: '/v3/twilio/video_call',
      auth: 'member',
      async handle({ fields, req, user }) {
        const { identity, missed, room, kind } = validate(VideoCallBodySchema, fields)
        const idempotencyKey = missed ? idempotencyKeyOf(req.headers['idempotency-key']) : undefined
        const callee = await userOfIdentity(identity, 'identity', 'body')
        if (callee.id === user.id) throw errors.invalid('identity', "You can't call yourself")
        if (!missed && room === undefined) throw errors.required('room')
        const available = missed ? null : await ring(user, callee, identity, room!, kind)
        if (missed) await recordMissedCall(user, callee, idempotencyKey)
        ctx.audit.record({
          kind: 'video_call',
          callerProfileId: user.id,
          callerUsername: user.username,
          calleeIdentity: identity,
          calleeProfileId: callee.id,
          missed,
          room: room ?? null,
          available
        })
        return { body: missed ? {} : { available } }
      }
    },
    {
      method: 'GET',
      path: '/v3/twilio/profile',
      auth: 'member',
      async handle({ query }) {
        const { identity } = validate(IdentityQuerySchema, Object.fromEntries(query), 'parameter')
        const owner = await userOfIdentity(identity, 'identity', 'parameter')
        return { body: profileJson(owner, await isOnline(ctx.presence, owner.id)) }
      }
    },
    {
      method: 'POST',
      path: '/v3/twilio/video_reject',
      auth: 'member',
      async handle({ fields, user }) {
        const { identity, room, reason } = validate(VideoRejectBodySchema, fields)
        const caller = await userOfIdentity(identity, 'identity', 'body')
        // Only the callee may decline: anyone else could end other people's calls. One answer
        // for an unknown room and a room rung for someone else, so nobody learns of other calls.
        const ring = await ctx.rings.find(room, caller.id, user.id)
        if (!ring) throw errors.permissionDenied('This caller has not rung you in this room')
        await ctx.rings.settle(room, caller.id, user.id, 'rejected', ctx.nowSeconds())
        const event: VideoCallRejected = { room, reason, profile: profileJson(user) }
        await publish(caller.id, RealtimeEvents.videoCallRejected, event)
        ctx.audit.record({ kind: 'video_reject', calleeProfileId: user.id, callerIdentity: identity, callerProfileId: caller.id, room, reason })
        return { body: {} }
      }
    }
  ]
}

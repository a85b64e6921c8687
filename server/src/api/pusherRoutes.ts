// Realtime bootstrap (docs/api.md §5): channel authorisation and the client's configuration.
import { z } from 'zod'
import {
  PROFILE_CHANNEL_PREFIX,
  profileChannelName,
  LEGACY_ONLINE_CHANNEL,
  WATCH_CHANNEL_PREFIX,
  ROOM_CHANNEL_PREFIX,
  RoomNameSchema,
  type ClientConfig,
  type PusherAuthReply,
  type PusherUserAuthReply
} from '../../../common/api'
import { errors } from '../http/apiError'
import type { Route } from '../http/router'
import { validate } from '../http/validate'
import { channelAuth, userAuth } from '../realtime/signatures'
import { ChannelNameSchema, channelKind } from '../realtime/protocol'
import type { UserRecord } from '../storage/users'
import type { ApiContext } from './context'
import { profileJson } from './presenters'
import { watchRefusal } from './watchRules'

const SocketIdSchema = z.string().regex(/^\d+\.\d+$/, 'socket_id looks like "1234.5678"')
const AuthRequestSchema = z.object({ socket_id: SocketIdSchema, channel_name: ChannelNameSchema })
const UserAuthRequestSchema = z.object({ socket_id: SocketIdSchema })

export function pusherRoutes(ctx: ApiContext, provider: () => ClientConfig['video']['provider']): Route<UserRecord>[] {
  /** Only a profile's owner may listen on its channel; only the people of a call enter its room, up to the limit; only accounts watch accounts. */
  const checkChannel = async (user: UserRecord, channel: string): Promise<void> => {
    if (channel === LEGACY_ONLINE_CHANNEL) {
      // Refused, not served: older clients take the refusal as "no live presence" and keep is_online.
      throw errors.permissionDenied('presence-v3-online is retired: watch private-v3-watch-<profile id> instead')
    }
    if (channel.startsWith(WATCH_CHANNEL_PREFIX)) {
      const refusal = await watchRefusal(ctx.users, user, channel.slice(WATCH_CHANNEL_PREFIX.length))
      if (refusal === 'guest') throw errors.permissionDenied('Guests cannot watch presence')
      if (refusal === 'self') throw errors.permissionDenied("You can't watch your own presence")
      if (refusal === 'unknown') throw errors.permissionDenied('No such profile to watch')
      return
    }
    if (channel.startsWith(PROFILE_CHANNEL_PREFIX)) {
      if (channel !== profileChannelName(user.id)) throw errors.permissionDenied("You can't subscribe to another profile's channel")
      return
    }
    if (channel.startsWith(ROOM_CHANNEL_PREFIX)) {
      if (user.isGuest) throw errors.permissionDenied('Guests cannot use video calls')
      if (!RoomNameSchema.safeParse(channel.slice(ROOM_CHANNEL_PREFIX.length)).success) {
        throw errors.invalid('channel_name', 'Not a valid room channel')
      }
      const room = channel.slice(ROOM_CHANNEL_PREFIX.length)
      const members = await ctx.presence.membersOf(channel)
      // Decided under the room's lock with the seats just granted: concurrent joins cannot overfill it.
      const decision = await ctx.rooms.join(room, user.id, { members, limit: ctx.roomMemberLimit, now: ctx.nowSeconds() })
      if (!decision.admitted) {
        if (decision.refusal === 'full') throw errors.permissionDenied(`The room is full: it holds at most ${ctx.roomMemberLimit} people`)
        throw errors.permissionDenied('You have not been asked into this call')
      }
      // Joining the room is how a callee answers (p2p): its ring can no longer be declined as unanswered.
      await ctx.rings.markAnswered(room, user.id, ctx.nowSeconds())
      return
    }
    throw errors.permissionDenied('Unknown channel')
  }

  return [
    {
      method: 'POST',
      path: '/v3/pusher/auth',
      auth: 'user',
      body: 'json-or-form',
      async handle({ fields, user }) {
        const { socket_id: socketId, channel_name: channel } = validate(AuthRequestSchema, fields)
        await checkChannel(user, channel)
        // A private channel's signature covers the socket and the channel only (Pusher's rule).
        if (channelKind(channel) === 'private') return { body: { auth: channelAuth(ctx.pusherKey, ctx.pusherSecret, socketId, channel) } satisfies PusherAuthReply }
        const profile = profileJson(user)
        // user_info is what Pusher shows as member info; profile is docs/api.md §5's name for it.
        const channelData = JSON.stringify({ user_id: user.id, user_info: profile, profile })
        const body: PusherAuthReply = { auth: channelAuth(ctx.pusherKey, ctx.pusherSecret, socketId, channel, channelData), channel_data: channelData }
        return { body }
      }
    },
    {
      // pusher:signin (pusher-js userAuthentication): the connection becomes this user's.
      method: 'POST',
      path: '/v3/pusher/user-auth',
      auth: 'user',
      body: 'json-or-form',
      handle({ fields, user }) {
        const { socket_id: socketId } = validate(UserAuthRequestSchema, fields)
        const userData = JSON.stringify({ id: user.id, user_info: profileJson(user) })
        const body: PusherUserAuthReply = { auth: userAuth(ctx.pusherKey, ctx.pusherSecret, socketId, userData), user_data: userData }
        return { body }
      }
    },
    {
      method: 'GET',
      path: '/v3/client_config',
      auth: 'none',
      handle() {
        const body: ClientConfig = { pusher: ctx.clientPusherConfig, video: { provider: provider() } }
        return { body }
      }
    }
  ]
}

// Janus (docs/api.md §7): a member of a call asks for a token that joins the call's room on
// the Janus VideoRoom; the room is created with the first one. Members are the profiles the
// server's ring records name for the room (whoever rang someone there, and whoever was rung
// there and has not declined), and its opener: the caller joins while its first ring is
// still on its way, so the first to ask for a room nobody rang and nobody opened gets it.
// Anyone else gets the same 403, whether or not the room exists.
import { JanusRoomTokenRequestSchema, type JanusRoomToken } from '../../../common/api'
import { errors } from '../http/apiError'
import type { Route } from '../http/router'
import { validate } from '../http/validate'
import { JanusError, type JanusRooms } from '../janus/rooms'
import type { UserRecord } from '../storage/users'
import type { ApiContext } from './context'

/** How soon a client may try again when Janus cannot be reached. */
const JANUS_RETRY_AFTER_SECONDS = 5

export function janusRoutes(ctx: ApiContext, rooms: JanusRooms): Route<UserRecord>[] {
  return [
    {
      method: 'POST',
      path: '/v3/janus/room_token',
      auth: 'member',
      async handle({ fields, user }) {
        const { room } = validate(JanusRoomTokenRequestSchema, fields)
        const member = (await ctx.rings.involves(room, user.id)) || (await rooms.claim(room, user.id, () => ctx.rings.anyIn(room)))
        if (!member) throw errors.permissionDenied('You are not in this call')
        const { token, expiresAt } = rooms.issueToken()
        try {
          await rooms.admit(room, token)
        } catch (error) {
          if (!(error instanceof JanusError)) throw error
          ctx.logger.error('janus: could not admit a member of a room', error)
          throw errors.unavailable(JANUS_RETRY_AFTER_SECONDS, 'its media server cannot be reached')
        }
        const body: JanusRoomToken = { room, token, expires_at: expiresAt }
        return { body }
      }
    }
  ]
}

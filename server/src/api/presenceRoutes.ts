// ext: the current presence of the profiles a client has just started watching
// (docs/api.md §5): watch channels only carry changes, so a watcher reads the state here
// once its subscription has succeeded.
import { z } from 'zod'
import { MAX_WATCHED_PROFILES, type PresenceState } from '../../../common/api'
import { errors } from '../http/apiError'
import type { Route } from '../http/router'
import { validate } from '../http/validate'
import type { UserRecord } from '../storage/users'
import type { ApiContext } from './context'
import { watchRefusal } from './watchRules'

const PresenceQuerySchema = z.object({
  profiles: z
    .string()
    .min(1)
    .max(MAX_WATCHED_PROFILES * 101)
    .transform((list) => [...new Set(list.split(',').filter((id) => id.length > 0))])
    .pipe(z.array(z.string().max(100)).min(1).max(MAX_WATCHED_PROFILES))
})

export function presenceRoutes(ctx: ApiContext): Route<UserRecord>[] {
  return [
    {
      method: 'GET',
      path: '/v3/presence',
      auth: 'user',
      async handle({ query, user }) {
        if (user.isGuest) throw errors.permissionDenied('Guests cannot watch presence')
        const { profiles } = validate(PresenceQuerySchema, Object.fromEntries(query), 'parameter')
        // Profiles one may not watch (unknown, guests, oneself) are left out of both lists.
        const refusals = await Promise.all(profiles.map((id) => watchRefusal(ctx.users, user, id)))
        const watchable = profiles.filter((_, index) => refusals[index] === undefined)
        const online = watchable.length > 0 ? await ctx.presence.onlineAmong(watchable) : new Set<string>()
        const body: PresenceState = { online: watchable.filter((id) => online.has(id)), offline: watchable.filter((id) => !online.has(id)) }
        return { body }
      }
    }
  ]
}

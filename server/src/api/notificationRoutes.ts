// Stored notifications (docs/api.md §5): the missed calls a client learns about after being offline.
import type { Route } from '../http/router'
import { validate } from '../http/validate'
import type { UserRecord } from '../storage/users'
import type { ApiContext } from './context'
import { notificationJson, statsJson } from './presenters'
import { PageQuerySchema, pageLink } from './profileRoutes'
import { RealtimeEvents } from '../../../common/api'
import { publishToProfile } from '../realtime/publisher'

export function notificationRoutes(ctx: ApiContext): Route<UserRecord>[] {
  return [
    {
      method: 'GET',
      path: '/v3/notifications',
      auth: 'user',
      async handle({ url, query, user }) {
        const { page, page_size: pageSize } = validate(PageQuerySchema, Object.fromEntries(query), 'parameter')
        const { count, notifications } = await ctx.notifications.list(user.id, pageSize, (page - 1) * pageSize)
        const base = ctx.baseUrl
        return {
          body: {
            count,
            next: page * pageSize < count ? pageLink(base, url, page + 1) : null,
            previous: page > 1 ? pageLink(base, url, page - 1) : null,
            results: await Promise.all(
              notifications.map(async (notification) =>
                notificationJson(notification, notification.actorId === null ? undefined : await ctx.users.byId(notification.actorId))
              )
            )
          }
        }
      }
    },
    {
      method: 'POST',
      path: '/v3/notifications/reset',
      auth: 'user',
      async handle({ user }) {
        await ctx.notifications.markAllRead(user.id)
        await publishToProfile(ctx.publisher, ctx.logger, user.id, RealtimeEvents.statsUpdate, statsJson(0))
        return { body: {} }
      }
    }
  ]
}

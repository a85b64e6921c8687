// Profiles (docs/api.md §3): the caller's own, anyone's by username, and the people search.
import { z } from 'zod'
import type { ProfilePage } from '../../../common/api'
import { errors } from '../http/apiError'
import type { Route } from '../http/router'
import { isOnline } from '../realtime/publisher'
import { validate } from '../http/validate'
import type { UserRecord } from '../storage/users'
import type { ApiContext } from './context'
import { detailedProfileJson, profileJson } from './presenters'

export const PageQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  page_size: z.coerce.number().int().min(1).max(100).default(20)
})

const SearchQuerySchema = PageQuerySchema.extend({ search: z.string().max(100).default('') })

/** `next`/`previous` as absolute URLs, like Shoutit's paginated lists. */
export function pageLink(base: string, url: URL, page: number): string {
  const target = new URL(url.pathname + url.search, base)
  target.searchParams.set('page', String(page))
  return target.toString()
}

export function profileRoutes(ctx: ApiContext): Route<UserRecord>[] {
  return [
    {
      method: 'GET',
      path: '/v3/profiles/me',
      auth: 'user',
      async handle({ user }) {
        const online = await isOnline(ctx.presence, user.id)
        return { body: detailedProfileJson(user, await ctx.notifications.unreadCount(user.id), online) }
      }
    },
    {
      method: 'GET',
      path: '/v3/profiles/:username',
      auth: 'user',
      async handle({ params }) {
        const found = await ctx.users.byUsername(params.username!)
        if (!found || found.isGuest) throw errors.notFound(`No profile with username "${params.username!.slice(0, 60)}"`)
        const online = await isOnline(ctx.presence, found.id)
        return { body: profileJson(found, online) }
      }
    },
    {
      method: 'GET',
      path: '/v3/profiles',
      auth: 'user',
      async handle({ url, query, user }) {
        const { search, page, page_size: pageSize } = validate(SearchQuerySchema, Object.fromEntries(query), 'parameter')
        const { count, users } = await ctx.users.search(search.trim(), user.id, pageSize, (page - 1) * pageSize)
        const online = await ctx.presence.onlineAmong(users.map((found) => found.id))
        const base = ctx.baseUrl
        const body: ProfilePage = {
          count,
          next: page * pageSize < count ? pageLink(base, url, page + 1) : null,
          previous: page > 1 ? pageLink(base, url, Math.min(page - 1, Math.max(1, Math.ceil(count / pageSize)))) : null,
          results: users.map((found) => profileJson(found, online.has(found.id)))
        }
        return { body }
      }
    }
  ]
}

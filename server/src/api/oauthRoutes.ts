// POST /v3/oauth2/access_token and /v3/oauth2/revoke (docs/api.md §2).
import type { TokenResponse } from '../../../common/api'
import { revokeToken, runGrant } from '../auth/grants'
import type { Route } from '../http/router'
import { isOnline } from '../realtime/publisher'
import type { UserRecord } from '../storage/users'
import type { ApiContext } from './context'
import { detailedProfileJson } from './presenters'

export function oauthRoutes(ctx: ApiContext): Route<UserRecord>[] {
  return [
    {
      method: 'POST',
      path: '/v3/oauth2/access_token',
      auth: 'none',
      async handle({ req, fields }) {
        const outcome = await runGrant(ctx, fields, ctx.clientIp(req))
        const now = ctx.nowSeconds()
        const tokens =
          outcome.rotated ??
          (await ctx.tokens.issue(outcome.user.id, outcome.clientId, outcome.scope, now, ctx.accessTokenTtlSeconds, ctx.refreshTokenTtlSeconds))
        const online = await isOnline(ctx.presence, outcome.user.id)
        const body: TokenResponse = {
          access_token: tokens.accessToken,
          token_type: 'Bearer',
          expires_in: Math.max(0, tokens.accessExpiresAt - now),
          refresh_token: tokens.refreshToken,
          scope: outcome.scope,
          profile: detailedProfileJson(outcome.user, await ctx.notifications.unreadCount(outcome.user.id), online),
          new_signup: outcome.newSignup
        }
        return { body }
      }
    },
    {
      method: 'POST',
      path: '/v3/oauth2/revoke',
      auth: 'none',
      async handle({ fields }) {
        await revokeToken(ctx, fields)
        return { body: {} }
      }
    }
  ]
}

// Resolves `Authorization: Bearer <token>` to the signed-in account (docs/api.md §1: a missing
// token is not_authenticated, a wrong or expired one auth_failed, both 401).
import { errors } from '../http/apiError'
import type { Authenticator } from '../http/router'
import type { OAuthTokenStore } from '../storage/oauthTokens'
import type { UserRecord, UserStore } from '../storage/users'

export function bearerAuthenticator(tokens: OAuthTokenStore, users: UserStore, nowSeconds: () => number): Authenticator<UserRecord> {
  return {
    authenticate(authorization) {
      if (authorization === undefined || authorization.trim() === '') throw errors.notAuthenticated()
      const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization)
      if (!match) throw errors.authFailed('The Authorization header must be "Bearer <access token>"')
      const userId = tokens.userOfAccess(match[1]!, nowSeconds())
      const user = userId === undefined ? undefined : users.byId(userId)
      if (!user) throw errors.authFailed()
      return user
    },
    isGuest: (user) => user.isGuest
  }
}

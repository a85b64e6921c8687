// Resolves `Authorization: Bearer <token>` to the signed-in account (api.md §1: a missing
// token is not_authenticated, a wrong or expired one auth_failed, both 401).
import { errors } from '../http/apiError'
import type { Authenticator } from '../http/router'
import { tokenDigest } from '../storage/oauthTokens'
import type { UserRecord, UserStore } from '../storage/users'

export function bearerAuthenticator(users: UserStore, nowSeconds: () => number): Authenticator<UserRecord> {
  return {
    async authenticate(authorization) {
      if (authorization === undefined || authorization.trim() === '') throw errors.notAuthenticated()
      const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization)
      if (!match) throw errors.authFailed('The Authorization header must be "Bearer <access token>"')
      const user = await users.byAccessTokenHash(tokenDigest(match[1]!), nowSeconds())
      if (!user) throw errors.authFailed()
      return user
    },
    isGuest: (user) => user.isGuest
  }
}

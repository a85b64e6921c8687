// OAuth2 token pairs. Only SHA-256 digests are stored, so a copied database file grants
// nothing; a refresh deletes the old pair in the same transaction that creates the new one.
import { createHash, randomBytes } from 'node:crypto'
import { statement, transaction, type Database } from './database'

export interface IssuedTokens {
  accessToken: string
  refreshToken: string
  accessExpiresAt: number
}

interface TokenRow {
  user_id: string
  client_id: string
  scope: string
  access_expires_at: number
  refresh_expires_at: number
}

const digest = (token: string): string => createHash('sha256').update(token).digest('hex')
const newToken = (): string => randomBytes(32).toString('base64url')

export class OAuthTokenStore {
  constructor(private readonly db: Database) {}

  issue(userId: string, clientId: string, scope: string, now: number, accessTtl: number, refreshTtl: number): IssuedTokens {
    const accessToken = newToken()
    const refreshToken = newToken()
    const accessExpiresAt = now + accessTtl
    statement(
      this.db,
      `INSERT INTO oauth_tokens (access_token_hash, refresh_token_hash, user_id, client_id, scope, access_expires_at, refresh_expires_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
    ).run(digest(accessToken), digest(refreshToken), userId, clientId, scope, accessExpiresAt, now + refreshTtl, now)
    return { accessToken, refreshToken, accessExpiresAt }
  }

  /** The account behind a live access token, or undefined when unknown or expired. */
  userOfAccess(accessToken: string, now: number): string | undefined {
    const row = statement(this.db, 'SELECT user_id FROM oauth_tokens WHERE access_token_hash = ? AND access_expires_at > ?')
      .get(digest(accessToken), now) as { user_id: string } | undefined
    return row?.user_id
  }

  /** Swaps a live refresh token of this client for a new pair; undefined when it is not one. */
  rotate(refreshToken: string, clientId: string, now: number, accessTtl: number, refreshTtl: number): (IssuedTokens & { userId: string; scope: string }) | undefined {
    return transaction(this.db, () => {
      const hash = digest(refreshToken)
      const row = statement(this.db, 'SELECT user_id, client_id, scope, access_expires_at, refresh_expires_at FROM oauth_tokens WHERE refresh_token_hash = ?')
        .get(hash) as TokenRow | undefined
      if (!row || row.client_id !== clientId || row.refresh_expires_at <= now) return undefined
      statement(this.db, 'DELETE FROM oauth_tokens WHERE refresh_token_hash = ?').run(hash)
      const issued = this.issue(row.user_id, clientId, row.scope, now, accessTtl, refreshTtl)
      return { ...issued, userId: row.user_id, scope: row.scope }
    })
  }

  purgeExpired(now: number): void {
    statement(this.db, 'DELETE FROM oauth_tokens WHERE refresh_expires_at <= ?').run(now)
  }
}

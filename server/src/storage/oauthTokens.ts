// OAuth2 token pairs. Only SHA-256 digests are stored, so a copied database grants nothing;
// a refresh deletes the old pair in the same transaction that creates the new one, and the
// DELETE ... RETURNING claims it, so two instances refreshing at once cannot both succeed.
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import type { SqlClient } from './sql'

export interface IssuedTokens {
  accessToken: string
  refreshToken: string
  accessExpiresAt: number
}

export const tokenDigest = (token: string): string => createHash('sha256').update(token).digest('hex')
const newToken = (): string => randomBytes(32).toString('base64url')

async function issueWith(db: SqlClient, familyId: string, userId: string, clientId: string, scope: string, now: number, accessTtl: number, refreshTtl: number): Promise<IssuedTokens> {
  const accessToken = newToken()
  const refreshToken = newToken()
  const accessExpiresAt = now + accessTtl
  await db.run(
    `INSERT INTO oauth_tokens (access_token_hash, refresh_token_hash, user_id, client_id, scope, access_expires_at, refresh_expires_at, created_at, family_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [tokenDigest(accessToken), tokenDigest(refreshToken), userId, clientId, scope, accessExpiresAt, now + refreshTtl, now, familyId]
  )
  return { accessToken, refreshToken, accessExpiresAt }
}

export class OAuthTokenStore {
  constructor(private readonly db: SqlClient) {}

  issue(userId: string, clientId: string, scope: string, now: number, accessTtl: number, refreshTtl: number): Promise<IssuedTokens> {
    return issueWith(this.db, randomUUID(), userId, clientId, scope, now, accessTtl, refreshTtl)
  }

  /** The account behind a live access token, or undefined when unknown or expired. */
  async userOfAccess(accessToken: string, now: number): Promise<string | undefined> {
    const row = await this.db.get<{ user_id: string }>('SELECT user_id FROM oauth_tokens WHERE access_token_hash = ? AND access_expires_at > ?', [
      tokenDigest(accessToken),
      now
    ])
    return row?.user_id
  }

  /**
   * Swaps a live refresh token of this client for a new pair of the same family; undefined when
   * it is not one. A refresh token that was already swapped is a replay: its whole family ends.
   */
  rotate(refreshToken: string, clientId: string, now: number, accessTtl: number, refreshTtl: number): Promise<(IssuedTokens & { userId: string; scope: string }) | undefined> {
    const digest = tokenDigest(refreshToken)
    return this.db.transaction(async (tx) => {
      const row = await tx.get<{ user_id: string; scope: string; family_id: string; refresh_expires_at: number }>(
        'DELETE FROM oauth_tokens WHERE refresh_token_hash = ? AND client_id = ? AND refresh_expires_at > ? RETURNING user_id, scope, family_id, refresh_expires_at',
        [digest, clientId, now]
      )
      if (!row) {
        const used = await tx.get<{ family_id: string }>('SELECT family_id FROM oauth_used_refresh_tokens WHERE refresh_token_hash = ?', [digest])
        if (used) await tx.run('DELETE FROM oauth_tokens WHERE family_id = ?', [used.family_id])
        return undefined
      }
      await tx.run('INSERT INTO oauth_used_refresh_tokens (refresh_token_hash, family_id, expires_at) VALUES (?, ?, ?)', [digest, row.family_id, Number(row.refresh_expires_at)])
      const issued = await issueWith(tx, row.family_id, row.user_id, clientId, row.scope, now, accessTtl, refreshTtl)
      return { ...issued, userId: row.user_id, scope: row.scope }
    })
  }

  /** Deletes the pair holding this access or refresh token of this client (RFC 7009: both die together). */
  async revoke(token: string, clientId: string): Promise<void> {
    const digest = tokenDigest(token)
    await this.db.run('DELETE FROM oauth_tokens WHERE (access_token_hash = ? OR refresh_token_hash = ?) AND client_id = ?', [digest, digest, clientId])
  }

  async purgeExpired(now: number): Promise<void> {
    await this.db.run('DELETE FROM oauth_tokens WHERE refresh_expires_at <= ?', [now])
    await this.db.run('DELETE FROM oauth_used_refresh_tokens WHERE expires_at <= ?', [now])
  }
}

// Video clients: one row per minted video token. A user's newest unexpired row is its
// current identity; older rows keep resolving to the user until they expire (docs/api.md §4.2).
// Only the token's SHA-256 digest is stored, as with OAuth tokens: a copied database grants no call.
import type { VideoProvider } from '../../../common/api'
import type { SqlClient } from './sql'

export interface VideoClientRecord {
  identity: string
  userId: string
  provider: VideoProvider
  /** SHA-256 (hex) of the token; the token itself is never stored. */
  tokenHash: string
  expiresAt: number
  createdAt: number
}

interface VideoClientRow {
  identity: string
  user_id: string
  provider: VideoProvider
  token_hash: string
  expires_at: number
  created_at: number
}

function toRecord(row: VideoClientRow): VideoClientRecord {
  return {
    identity: row.identity,
    userId: row.user_id,
    provider: row.provider,
    tokenHash: row.token_hash,
    expiresAt: row.expires_at,
    createdAt: row.created_at
  }
}

const CURRENT = 'SELECT * FROM video_clients WHERE user_id = ? AND expires_at > ? ORDER BY expires_at DESC, created_at DESC LIMIT 1'

export class VideoClientStore {
  constructor(private readonly db: SqlClient) {}

  /**
   * The user's current client if `keep` accepts it, else a new one from `create`, decided
   * with the user's row locked: instances asked at once for someone's identity agree on one
   * instead of each minting its own.
   */
  async currentOrCreate(
    userId: string,
    now: number,
    keep: (current: VideoClientRecord) => boolean,
    create: () => VideoClientRecord
  ): Promise<{ client: VideoClientRecord; created: boolean }> {
    // Most calls find a client to keep: that needs neither a transaction nor a lock.
    const unlocked = await this.db.get<VideoClientRow>(CURRENT, [userId, now])
    if (unlocked && keep(toRecord(unlocked))) return { client: toRecord(unlocked), created: false }
    return this.db.transaction(async (tx) => {
      await tx.get(`SELECT id FROM users WHERE id = ?${tx.forUpdate}`, [userId])
      const row = await tx.get<VideoClientRow>(CURRENT, [userId, now])
      if (row && keep(toRecord(row))) return { client: toRecord(row), created: false }
      const client = create()
      await tx.run('INSERT INTO video_clients (identity, user_id, provider, token_hash, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?)', [
        client.identity,
        client.userId,
        client.provider,
        client.tokenHash,
        client.expiresAt,
        client.createdAt
      ])
      return { client, created: true }
    })
  }

  async byIdentity(identity: string, now: number): Promise<VideoClientRecord | undefined> {
    const row = await this.db.get<VideoClientRow>('SELECT * FROM video_clients WHERE identity = ? AND expires_at > ?', [identity, now])
    return row && toRecord(row)
  }

  async purgeExpired(now: number): Promise<void> {
    await this.db.run('DELETE FROM video_clients WHERE expires_at <= ?', [now])
  }
}

// Video clients: one row per minted video token. A user's newest unexpired row is its
// current identity; older rows keep resolving to the user until they expire (docs/api.md §4.2).
import { statement, type Database } from './database'
import type { VideoProvider } from '../../../common/api'

export interface VideoClientRecord {
  identity: string
  userId: string
  provider: VideoProvider
  token: string
  expiresAt: number
  createdAt: number
}

interface VideoClientRow {
  identity: string
  user_id: string
  provider: VideoProvider
  token: string
  expires_at: number
  created_at: number
}

function toRecord(row: VideoClientRow): VideoClientRecord {
  return {
    identity: row.identity,
    userId: row.user_id,
    provider: row.provider,
    token: row.token,
    expiresAt: row.expires_at,
    createdAt: row.created_at
  }
}

export class VideoClientStore {
  constructor(private readonly db: Database) {}

  insert(client: VideoClientRecord): void {
    statement(this.db, 'INSERT INTO video_clients (identity, user_id, provider, token, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(client.identity, client.userId, client.provider, client.token, client.expiresAt, client.createdAt)
  }

  /** The user's newest client whose token is still valid at `now`. */
  current(userId: string, now: number): VideoClientRecord | undefined {
    const row = statement(this.db, 'SELECT * FROM video_clients WHERE user_id = ? AND expires_at > ? ORDER BY expires_at DESC, created_at DESC LIMIT 1')
      .get(userId, now) as VideoClientRow | undefined
    return row && toRecord(row)
  }

  byIdentity(identity: string, now: number): VideoClientRecord | undefined {
    const row = statement(this.db, 'SELECT * FROM video_clients WHERE identity = ? AND expires_at > ?').get(identity, now) as
      | VideoClientRow
      | undefined
    return row && toRecord(row)
  }

  purgeExpired(now: number): void {
    statement(this.db, 'DELETE FROM video_clients WHERE expires_at <= ?').run(now)
  }
}

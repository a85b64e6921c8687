// The server's storage: the same stores over embedded SQLite (a file in the data directory,
// the default) or PostgreSQL (a database URL; what several instances share). Both bring
// their schema up to date when opened.
import { NotificationStore } from './notifications'
import { OAuthTokenStore } from './oauthTokens'
import { openPostgres } from './postgresClient'
import { SettingsStore } from './settings'
import type { RateLimiterStore, SqlClient } from './sql'
import { SqliteClient } from './sqliteClient'
import { UserStore } from './users'
import { VideoClientStore } from './videoClients'
import { VideoRingStore } from './videoRings'
import { VideoRoomStore } from './videoRooms'

export type { RateLimiterStore } from './sql'

export interface StorageOptions {
  /** SQLite: the folder holding the database file. */
  dataDir: string
  /** postgres://... : use this PostgreSQL database instead of SQLite. */
  databaseUrl?: string
}

export interface Storage {
  readonly kind: 'sqlite' | 'postgres'
  readonly users: UserStore
  readonly tokens: OAuthTokenStore
  readonly videoClients: VideoClientStore
  readonly notifications: NotificationStore
  readonly rings: VideoRingStore
  readonly rooms: VideoRoomStore
  readonly settings: SettingsStore
  /** Where a login throttle should keep its counters so that every instance sees the same ones. */
  rateLimiterStore(): RateLimiterStore
  close(): Promise<void>
}

function storageOver(db: SqlClient, kind: Storage['kind'], rateLimiterStore: () => RateLimiterStore, close: () => Promise<void>): Storage {
  return {
    kind,
    users: new UserStore(db),
    tokens: new OAuthTokenStore(db),
    videoClients: new VideoClientStore(db),
    notifications: new NotificationStore(db),
    rings: new VideoRingStore(db),
    rooms: new VideoRoomStore(db),
    settings: new SettingsStore(db),
    rateLimiterStore,
    close
  }
}

export async function openStorage(options: StorageOptions): Promise<Storage> {
  if (options.databaseUrl !== undefined) {
    const db = await openPostgres(options.databaseUrl)
    return storageOver(db, 'postgres', () => ({ kind: 'postgres', pool: db.pool }), () => db.close())
  }
  const db = SqliteClient.open(options.dataDir)
  // One SQLite file serves one process: counters in memory are as shared as they can be.
  return storageOver(db, 'sqlite', () => ({ kind: 'memory' }), async () => db.close())
}

// PostgreSQL schema history, oldest first. Never edit an entry that has shipped: append a
// new one. The schema_migrations table records which have been applied. Same tables and
// columns as the SQLite schema (migrations.ts), so the stores' SQL runs on both: citext gives
// usernames, e-mails and names SQLite's case-insensitive comparison and LIKE.
export const POSTGRES_MIGRATIONS: readonly string[] = [
  `
  CREATE EXTENSION IF NOT EXISTS citext;
  CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    username CITEXT NOT NULL UNIQUE,
    email CITEXT UNIQUE,
    name CITEXT NOT NULL,
    first_name TEXT NOT NULL DEFAULT '',
    last_name TEXT NOT NULL DEFAULT '',
    image TEXT,
    password_hash TEXT,
    is_guest BOOLEAN NOT NULL DEFAULT FALSE,
    date_joined BIGINT NOT NULL
  );
  CREATE TABLE oauth_tokens (
    access_token_hash TEXT PRIMARY KEY,
    refresh_token_hash TEXT NOT NULL UNIQUE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    client_id TEXT NOT NULL,
    scope TEXT NOT NULL,
    access_expires_at BIGINT NOT NULL,
    refresh_expires_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL
  );
  CREATE INDEX oauth_tokens_user ON oauth_tokens(user_id);
  CREATE INDEX oauth_tokens_refresh_expiry ON oauth_tokens(refresh_expires_at);
  CREATE TABLE video_clients (
    identity TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    provider TEXT NOT NULL,
    token TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL
  );
  CREATE INDEX video_clients_user ON video_clients(user_id, expires_at);
  CREATE TABLE notifications (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    type TEXT NOT NULL,
    actor_id TEXT REFERENCES users(id) ON DELETE SET NULL,
    is_read BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    UNIQUE (user_id, seq)
  );
  CREATE TABLE notification_counters (
    user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    last_seq BIGINT NOT NULL
  );
  `,
  // Refresh-token families, as in migrations.ts.
  `
  ALTER TABLE oauth_tokens ADD COLUMN family_id TEXT NOT NULL DEFAULT '';
  UPDATE oauth_tokens SET family_id = access_token_hash;
  CREATE INDEX oauth_tokens_family ON oauth_tokens(family_id);
  CREATE TABLE oauth_used_refresh_tokens (
    refresh_token_hash TEXT PRIMARY KEY,
    family_id TEXT NOT NULL,
    expires_at BIGINT NOT NULL
  );
  CREATE INDEX oauth_used_refresh_tokens_expiry ON oauth_used_refresh_tokens(expires_at);
  `,
  // Rings, as in migrations.ts.
  `
  CREATE TABLE video_rings (
    room TEXT NOT NULL,
    caller_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    callee_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    callee_identity TEXT NOT NULL,
    state TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (room, caller_id, callee_id)
  );
  CREATE INDEX video_rings_callee ON video_rings(callee_id, caller_id);
  CREATE INDEX video_rings_updated ON video_rings(updated_at);
  `,
  // Video tokens kept only as SHA-256 digests, as in migrations.ts. The no-op UPDATE after the
  // DROP rewrites every row, so the dropped tokens do not stay in the live row versions.
  `
  ALTER TABLE video_clients ADD COLUMN token_hash TEXT NOT NULL DEFAULT '';
  UPDATE video_clients SET token_hash = encode(sha256(convert_to(token, 'UTF8')), 'hex');
  ALTER TABLE video_clients DROP COLUMN token;
  UPDATE video_clients SET token_hash = token_hash;
  `,
  // The unread count on the counter row, and idempotency keys, as in migrations.ts.
  `
  ALTER TABLE notification_counters ADD COLUMN unread BIGINT NOT NULL DEFAULT 0;
  UPDATE notification_counters SET unread = (SELECT COUNT(*) FROM notifications WHERE notifications.user_id = notification_counters.user_id AND NOT notifications.is_read);
  ALTER TABLE notifications ADD COLUMN idempotency_key TEXT;
  CREATE UNIQUE INDEX notifications_idempotency ON notifications(user_id, actor_id, idempotency_key);
  `,
  // Group calls' rooms and seats, as in migrations.ts.
  `
  CREATE TABLE video_rooms (
    room TEXT PRIMARY KEY,
    creator_id TEXT REFERENCES users(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL
  );
  CREATE INDEX video_rooms_created ON video_rooms(created_at);
  CREATE TABLE video_room_seats (
    room TEXT NOT NULL,
    profile_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    granted_at BIGINT NOT NULL,
    PRIMARY KEY (room, profile_id)
  );
  CREATE INDEX video_room_seats_granted ON video_room_seats(granted_at);
  CREATE INDEX video_rings_room ON video_rings(room);
  `
]

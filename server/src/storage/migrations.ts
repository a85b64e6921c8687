// Schema history, oldest first. Never edit an entry that has shipped: append a new one.
// PRAGMA user_version records how many have been applied. The PostgreSQL schema
// (postgresMigrations.ts) keeps the same tables and columns.
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE COLLATE NOCASE,
    email TEXT UNIQUE COLLATE NOCASE,
    name TEXT NOT NULL,
    first_name TEXT NOT NULL DEFAULT '',
    last_name TEXT NOT NULL DEFAULT '',
    image TEXT,
    password_hash TEXT,
    is_guest INTEGER NOT NULL DEFAULT 0,
    date_joined INTEGER NOT NULL
  );
  CREATE TABLE oauth_tokens (
    access_token_hash TEXT PRIMARY KEY,
    refresh_token_hash TEXT NOT NULL UNIQUE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    client_id TEXT NOT NULL,
    scope TEXT NOT NULL,
    access_expires_at INTEGER NOT NULL,
    refresh_expires_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX oauth_tokens_user ON oauth_tokens(user_id);
  CREATE TABLE video_clients (
    identity TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    provider TEXT NOT NULL,
    token TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX video_clients_user ON video_clients(user_id, expires_at);
  CREATE TABLE notifications (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    type TEXT NOT NULL,
    actor_id TEXT REFERENCES users(id) ON DELETE SET NULL,
    is_read INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    seq INTEGER NOT NULL
  );
  CREATE INDEX notifications_user ON notifications(user_id, seq DESC);
  `,
  // Notification numbers come from a per-user counter row bumped by an UPSERT, the same
  // statement PostgreSQL runs (a MAX(seq) + 1 subquery races there); the unique index
  // proves no two notifications of a user ever share a number.
  `
  CREATE TABLE notification_counters (
    user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    last_seq INTEGER NOT NULL
  );
  INSERT INTO notification_counters (user_id, last_seq) SELECT user_id, MAX(seq) FROM notifications GROUP BY user_id;
  CREATE UNIQUE INDEX notifications_user_seq ON notifications(user_id, seq);
  DROP INDEX notifications_user;
  `,
  // Refresh-token families: a rotation keeps the family, and a refresh token used twice (a
  // stolen copy, or the thief's after the owner's) revokes every pair of its family.
  `
  ALTER TABLE oauth_tokens ADD COLUMN family_id TEXT NOT NULL DEFAULT '';
  UPDATE oauth_tokens SET family_id = access_token_hash;
  CREATE INDEX oauth_tokens_family ON oauth_tokens(family_id);
  CREATE TABLE oauth_used_refresh_tokens (
    refresh_token_hash TEXT PRIMARY KEY,
    family_id TEXT NOT NULL,
    expires_at INTEGER NOT NULL
  );
  `,
  // Rings: only the callee of a ring recorded for a room may decline it (video_reject).
  `
  CREATE TABLE video_rings (
    room TEXT NOT NULL,
    caller_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    callee_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    callee_identity TEXT NOT NULL,
    state TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (room, caller_id, callee_id)
  );
  CREATE INDEX video_rings_callee ON video_rings(callee_id, caller_id);
  CREATE INDEX video_rings_updated ON video_rings(updated_at);
  `,
  // Video tokens kept only as SHA-256 digests, as OAuth tokens are (sha256_hex is the
  // function openDatabase registers: SQLite has no hash of its own).
  `
  ALTER TABLE video_clients ADD COLUMN token_hash TEXT NOT NULL DEFAULT '';
  UPDATE video_clients SET token_hash = sha256_hex(token);
  ALTER TABLE video_clients DROP COLUMN token;
  `,
  // Missed calls: the unread count kept on the counter row by each write (instead of a COUNT
  // on every write and every profile read), and an optional client idempotency key, unique
  // per callee and caller, so a retried post stores one notification.
  `
  ALTER TABLE notification_counters ADD COLUMN unread INTEGER NOT NULL DEFAULT 0;
  UPDATE notification_counters SET unread = (SELECT COUNT(*) FROM notifications WHERE notifications.user_id = notification_counters.user_id AND notifications.is_read = 0);
  ALTER TABLE notifications ADD COLUMN idempotency_key TEXT;
  CREATE UNIQUE INDEX notifications_idempotency ON notifications(user_id, actor_id, idempotency_key);
  `,
  // Group calls: one row per room (its creator, and the row a join or a ring locks, so that
  // concurrent ones take turns), and the seats /v3/pusher/auth granted in p2p rooms.
  `
  CREATE TABLE video_rooms (
    room TEXT PRIMARY KEY,
    creator_id TEXT REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX video_rooms_created ON video_rooms(created_at);
  CREATE TABLE video_room_seats (
    room TEXT NOT NULL,
    profile_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    granted_at INTEGER NOT NULL,
    PRIMARY KEY (room, profile_id)
  );
  CREATE INDEX video_room_seats_granted ON video_room_seats(granted_at);
  CREATE INDEX video_rings_room ON video_rings(room);
  `
]

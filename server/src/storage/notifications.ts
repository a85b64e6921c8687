// Stored notifications (missed calls). `seq` numbers each user's notifications, so they list
// newest first even within one second. It comes from the user's counter row, locked and bumped
// in the inserting transaction: instances writing at once queue on that row instead of reading
// the same MAX(seq). The same row keeps the unread count, changed by each write rather than
// counted again over all the user's notifications.
import type { SqlClient } from './sql'

export interface NotificationRecord {
  id: string
  userId: string
  type: string
  actorId: string | null
  isRead: boolean
  createdAt: number
}

interface NotificationRow {
  id: string
  user_id: string
  type: string
  actor_id: string | null
  is_read: number | boolean
  created_at: number
}

function toRecord(row: NotificationRow): NotificationRecord {
  return { id: row.id, userId: row.user_id, type: row.type, actorId: row.actor_id, isRead: Boolean(row.is_read), createdAt: row.created_at }
}

export interface InsertOutcome {
  /** False when a notification with this idempotency key was already stored: nothing was written. */
  created: boolean
  /** The user's unread count after the write. */
  unreadCount: number
}

export class NotificationStore {
  constructor(private readonly db: SqlClient) {}

  /**
   * Stores a notification and bumps the user's unread count in the same transaction, both on
   * the user's counter row, which it locks first: a concurrent insert or reset waits for it.
   * With `idempotencyKey`, a second insert by the same actor for the same user with the same
   * key writes nothing (a client retrying a post whose reply it lost).
   */
  insert(notification: NotificationRecord, idempotencyKey?: string): Promise<InsertOutcome> {
    return this.db.transaction(async (tx) => {
      // A no-op UPSERT: creates the row if needed and holds its lock until commit.
      await tx.run(
        `INSERT INTO notification_counters (user_id, last_seq, unread) VALUES (?, 0, 0)
         ON CONFLICT (user_id) DO UPDATE SET last_seq = notification_counters.last_seq`,
        [notification.userId]
      )
      if (idempotencyKey !== undefined && (await this.findKey(tx, notification.userId, notification.actorId, idempotencyKey))) {
        return { created: false, unreadCount: await unreadOf(tx, notification.userId) }
      }
      const counter = await tx.get<{ last_seq: number; unread: number }>(
        'UPDATE notification_counters SET last_seq = last_seq + 1, unread = unread + ? WHERE user_id = ? RETURNING last_seq, unread',
        [notification.isRead ? 0 : 1, notification.userId]
      )
      if (!counter) throw new Error('the notification counter did not answer')
      await tx.run('INSERT INTO notifications (id, user_id, type, actor_id, is_read, created_at, seq, idempotency_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
        notification.id,
        notification.userId,
        notification.type,
        notification.actorId,
        notification.isRead,
        notification.createdAt,
        counter.last_seq,
        idempotencyKey ?? null
      ])
      return { created: true, unreadCount: Number(counter.unread) }
    })
  }

  /** Whether this actor already left this user a notification under this idempotency key. */
  hasIdempotencyKey(userId: string, actorId: string, idempotencyKey: string): Promise<boolean> {
    return this.findKey(this.db, userId, actorId, idempotencyKey)
  }

  async list(userId: string, limit: number, offset: number): Promise<{ count: number; notifications: NotificationRecord[] }> {
    const count = (await this.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM notifications WHERE user_id = ?', [userId]))?.n ?? 0
    const rows = await this.db.all<NotificationRow>('SELECT * FROM notifications WHERE user_id = ? ORDER BY seq DESC LIMIT ? OFFSET ?', [userId, limit, offset])
    return { count, notifications: rows.map(toRecord) }
  }

  /** Read from the counter row the writes keep: no count over the user's notifications. */
  unreadCount(userId: string): Promise<number> {
    return unreadOf(this.db, userId)
  }

  async markAllRead(userId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      // The counter first: the same lock order as insert, so neither waits on the other forever.
      await tx.run('UPDATE notification_counters SET unread = 0 WHERE user_id = ?', [userId])
      await tx.run('UPDATE notifications SET is_read = ? WHERE user_id = ? AND is_read = ?', [true, userId, false])
    })
  }

  private async findKey(db: SqlClient, userId: string, actorId: string | null, idempotencyKey: string): Promise<boolean> {
    if (actorId === null) return false
    const row = await db.get('SELECT 1 AS found FROM notifications WHERE user_id = ? AND actor_id = ? AND idempotency_key = ?', [userId, actorId, idempotencyKey])
    return row !== undefined
  }
}

async function unreadOf(db: SqlClient, userId: string): Promise<number> {
  return Number((await db.get<{ unread: number }>('SELECT unread FROM notification_counters WHERE user_id = ?', [userId]))?.unread ?? 0)
}

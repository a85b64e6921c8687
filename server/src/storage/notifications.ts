// Stored notifications (missed calls). `seq` numbers each user's notifications, so they list
// newest first even within one second. It comes from the user's counter row, bumped by one
// UPSERT ... RETURNING in the inserting transaction: instances writing at once queue on that
// row instead of reading the same MAX(seq).
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

export class NotificationStore {
  constructor(private readonly db: SqlClient) {}

  insert(notification: NotificationRecord): Promise<void> {
    return this.db.transaction(async (tx) => {
      const counter = await tx.get<{ last_seq: number }>(
        `INSERT INTO notification_counters (user_id, last_seq) VALUES (?, 1)
         ON CONFLICT (user_id) DO UPDATE SET last_seq = notification_counters.last_seq + 1
         RETURNING last_seq`,
        [notification.userId]
      )
      if (!counter) throw new Error('the notification counter did not answer')
      await tx.run('INSERT INTO notifications (id, user_id, type, actor_id, is_read, created_at, seq) VALUES (?, ?, ?, ?, ?, ?, ?)', [
        notification.id,
        notification.userId,
        notification.type,
        notification.actorId,
        notification.isRead,
        notification.createdAt,
        counter.last_seq
      ])
    })
  }

  async list(userId: string, limit: number, offset: number): Promise<{ count: number; notifications: NotificationRecord[] }> {
    const count = (await this.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM notifications WHERE user_id = ?', [userId]))?.n ?? 0
    const rows = await this.db.all<NotificationRow>('SELECT * FROM notifications WHERE user_id = ? ORDER BY seq DESC LIMIT ? OFFSET ?', [userId, limit, offset])
    return { count, notifications: rows.map(toRecord) }
  }

  async unreadCount(userId: string): Promise<number> {
    return (await this.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM notifications WHERE user_id = ? AND is_read = ?', [userId, false]))?.n ?? 0
  }

  async markAllRead(userId: string): Promise<void> {
    await this.db.run('UPDATE notifications SET is_read = ? WHERE user_id = ? AND is_read = ?', [true, userId, false])
  }
}

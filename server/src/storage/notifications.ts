// Stored notifications (missed calls). `seq` numbers each user's notifications, so they list
// newest first even within one second; per user, it comes straight from the index.
import { statement, type Database } from './database'

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
  is_read: number
  created_at: number
}

function toRecord(row: NotificationRow): NotificationRecord {
  return { id: row.id, userId: row.user_id, type: row.type, actorId: row.actor_id, isRead: row.is_read === 1, createdAt: row.created_at }
}

export class NotificationStore {
  constructor(private readonly db: Database) {}

  insert(notification: NotificationRecord): void {
    statement(
      this.db,
      `INSERT INTO notifications (id, user_id, type, actor_id, is_read, created_at, seq)
       VALUES (?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM notifications WHERE user_id = ?))`
    ).run(
      notification.id,
      notification.userId,
      notification.type,
      notification.actorId,
      notification.isRead ? 1 : 0,
      notification.createdAt,
      notification.userId
    )
  }

  list(userId: string, limit: number, offset: number): { count: number; notifications: NotificationRecord[] } {
    const count = (statement(this.db, 'SELECT COUNT(*) AS n FROM notifications WHERE user_id = ?').get(userId) as { n: number }).n
    const rows = statement(this.db, 'SELECT * FROM notifications WHERE user_id = ? ORDER BY seq DESC LIMIT ? OFFSET ?')
      .all(userId, limit, offset) as unknown as NotificationRow[]
    return { count, notifications: rows.map(toRecord) }
  }

  unreadCount(userId: string): number {
    return (statement(this.db, 'SELECT COUNT(*) AS n FROM notifications WHERE user_id = ? AND is_read = 0').get(userId) as { n: number }).n
  }

  markAllRead(userId: string): void {
    statement(this.db, 'UPDATE notifications SET is_read = 1 WHERE user_id = ? AND is_read = 0').run(userId)
  }
}

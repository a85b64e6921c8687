import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type Database } from '../../../server/src/storage/database'
import { NotificationStore } from '../../../server/src/storage/notifications'
import { UserStore } from '../../../server/src/storage/users'

let dir: string
let db: Database
let store: NotificationStore

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'shoutit-notifications-'))
  db = openDatabase(dir)
  const users = new UserStore(db)
  for (const id of ['u1', 'u2']) {
    users.insert({ id, username: id, email: null, name: id, firstName: id, lastName: '', image: null, passwordHash: null, isGuest: false, dateJoined: 0 })
  }
  store = new NotificationStore(db)
})
afterEach(() => {
  db.close()
  rmSync(dir, { recursive: true, force: true })
})

const add = (id: string, userId: string, createdAt = 100) =>
  store.insert({ id, userId, type: 'missed_video_call', actorId: userId === 'u1' ? 'u2' : 'u1', isRead: false, createdAt })

describe('NotificationStore', () => {
  it('lists newest first even within one second, per user, with counts and paging', () => {
    add('a', 'u1')
    add('b', 'u2')
    add('c', 'u1')
    add('d', 'u1')
    expect(store.list('u1', 10, 0)).toMatchObject({ count: 3, notifications: [{ id: 'd' }, { id: 'c' }, { id: 'a' }] })
    expect(store.list('u1', 2, 2).notifications.map((n) => n.id)).toEqual(['a'])
    expect(store.list('u2', 10, 0).notifications.map((n) => n.id)).toEqual(['b'])
  })

  it('counts unread and marks all of one user read', () => {
    add('a', 'u1')
    add('b', 'u1')
    add('c', 'u2')
    expect(store.unreadCount('u1')).toBe(2)
    store.markAllRead('u1')
    expect(store.unreadCount('u1')).toBe(0)
    expect(store.unreadCount('u2')).toBe(1)
    expect(store.list('u1', 10, 0).notifications.every((n) => n.isRead)).toBe(true)
  })
})

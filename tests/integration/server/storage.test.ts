// The stores against both engines: the same behaviour on SQLite and PostgreSQL, and the
// writes that several server instances make at once on one database (two Storage objects
// here, each with its own connections) staying consistent.
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { POSTGRES_MIGRATIONS } from '../../../server/src/storage/postgresMigrations'
import { migratePostgres, openPostgres, postgresSchemaVersion } from '../../../server/src/storage/postgresClient'
import { openDatabase } from '../../../server/src/storage/database'
import { MIGRATIONS } from '../../../server/src/storage/migrations'
import { openStorage, type Storage } from '../../../server/src/storage/storage'
import type { UserRecord } from '../../../server/src/storage/users'
import { createP2pMinter } from '../../../server/src/video/tokenMinters'
import { VideoClients } from '../../../server/src/video/videoClients'
import { postgresAvailable } from '../../support/postgres-cluster'
import { startTestServer, stopTestPostgres, storeKinds, testDatabaseUrl } from '../../support/server'

afterAll(stopTestPostgres)

const HOUR = 3600

const user = (id: string, overrides: Partial<UserRecord> = {}): UserRecord => ({
  id,
  username: id,
  email: null,
  name: id,
  firstName: id,
  lastName: '',
  image: null,
  passwordHash: null,
  isGuest: false,
  dateJoined: 0,
  ...overrides
})

describe.each(storeKinds())('%s storage', (kind) => {
  let dataDir: string
  let databaseUrl: string | undefined
  let storage: Storage
  const others: Storage[] = []
  /** Another server instance on the same data (one SQLite file serves one process: there, the same storage). */
  const secondInstance = async (): Promise<Storage> => {
    if (kind === 'sqlite') return storage
    const other = await openStorage({ dataDir, databaseUrl })
    others.push(other)
    return other
  }

  // One PostgreSQL database for the block, emptied before each test: creating one costs ~1 s.
  beforeAll(() => {
    databaseUrl = kind === 'postgres' ? testDatabaseUrl() : undefined
  })
  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'shoutit-storage-'))
    storage = await openStorage({ dataDir, databaseUrl })
    if (storage.kind === 'postgres') {
      const { pool } = storage.rateLimiterStore() as { pool: pg.Pool }
      await pool.query('TRUNCATE users, oauth_tokens, video_clients, video_rings, video_rooms, video_room_seats, notifications, notification_counters, settings CASCADE')
    }
    expect(storage.kind).toBe(kind)
    for (const id of ['u1', 'u2']) await storage.users.insert(user(id))
  })
  afterEach(async () => {
    for (const other of others.splice(0)) await other.close()
    await storage.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  describe('users', () => {
    it('finds usernames and e-mails regardless of case, and refuses a taken one in another case', async () => {
      await storage.users.insert(user('u3', { username: 'Dana', email: 'Dana@Example.com', name: 'Dana Doe' }))
      expect((await storage.users.byUsername('dANA'))?.id).toBe('u3')
      expect((await storage.users.byLogin('dana@example.COM'))?.id).toBe('u3')
      expect(await storage.users.usernameTaken('DANA')).toBe(true)
      await expect(storage.users.insert(user('u4', { username: 'dana' }))).rejects.toThrow()
      expect(await storage.users.insertIfAbsent(user('u5', { email: 'dana@example.com' }))).toBe(false)
      expect(await storage.users.insertIfAbsent(user('u6'))).toBe(true)
      expect(await storage.users.count()).toBe(4)
    })

    it('searches names case-insensitively, takes LIKE wildcards literally, leaves guests and the caller out', async () => {
      await storage.users.insert(user('u3', { username: 'ann_b', name: 'Ann Bee' }))
      await storage.users.insert(user('u4', { username: 'annxb', name: 'Annie' }))
      await storage.users.insert(user('u5', { username: 'anne', name: 'Anne Guest', isGuest: true }))
      const found = await storage.users.search('ANN', 'u4', 10, 0)
      expect(found).toMatchObject({ count: 1, users: [{ id: 'u3', isGuest: false }] })
      expect((await storage.users.search('ann', 'u1', 10, 0)).users.map((found) => found.id)).toEqual(['u3', 'u4'])
      expect((await storage.users.search('n_b', 'u1', 10, 0)).users.map((found) => found.id)).toEqual(['u3'])
      expect((await storage.users.search('ann', 'u1', 1, 1)).users.map((found) => found.id)).toEqual(['u4'])
    })

    it('replaces a password hash only while it is still the one read: one of two instances rehashing at once wins', async () => {
      await storage.users.insert(user('u3', { passwordHash: 'old-hash' }))
      const other = await secondInstance()
      const written = await Promise.all([
        storage.users.replacePasswordHash('u3', 'old-hash', 'new-hash-a'),
        other.users.replacePasswordHash('u3', 'old-hash', 'new-hash-b')
      ])
      expect(written.filter(Boolean)).toHaveLength(1)
      const winner = written[0] ? 'new-hash-a' : 'new-hash-b'
      expect((await other.users.byId('u3'))?.passwordHash).toBe(winner)
      // A rehash based on a hash that changed meanwhile (say, a new password) writes nothing.
      expect(await storage.users.replacePasswordHash('u3', 'old-hash', 'stale')).toBe(false)
      expect(await storage.users.replacePasswordHash('u1', 'old-hash', 'stale')).toBe(false)
      expect((await storage.users.byId('u3'))?.passwordHash).toBe(winner)
      expect((await storage.users.byId('u1'))?.passwordHash).toBeNull()
    })
  })

  describe('notifications', () => {
    const add = (id: string, userId: string, target = storage) =>
      target.notifications.insert({ id, userId, type: 'missed_video_call', actorId: userId === 'u1' ? 'u2' : 'u1', isRead: false, createdAt: 100 })

    it('lists newest first even within one second, per user, with counts and paging', async () => {
      for (const [id, userId] of [['a', 'u1'], ['b', 'u2'], ['c', 'u1'], ['d', 'u1']] as const) await add(id, userId)
      expect(await storage.notifications.list('u1', 10, 0)).toMatchObject({ count: 3, notifications: [{ id: 'd' }, { id: 'c' }, { id: 'a' }] })
      expect((await storage.notifications.list('u1', 2, 2)).notifications.map((n) => n.id)).toEqual(['a'])
      expect((await storage.notifications.list('u2', 10, 0)).notifications.map((n) => n.id)).toEqual(['b'])
    })

    it('counts unread and marks all of one user read', async () => {
      for (const [id, userId] of [['a', 'u1'], ['b', 'u1'], ['c', 'u2']] as const) await add(id, userId)
      expect(await storage.notifications.unreadCount('u1')).toBe(2)
      await storage.notifications.markAllRead('u1')
      expect(await storage.notifications.unreadCount('u1')).toBe(0)
      expect(await storage.notifications.unreadCount('u2')).toBe(1)
      expect((await storage.notifications.list('u1', 10, 0)).notifications.every((n) => n.isRead)).toBe(true)
    })

    /** The unread count as the counter row holds it, read past the store. */
    const storedUnread = async (userId: string): Promise<number | undefined> => {
      const sql = 'SELECT unread FROM notification_counters WHERE user_id = $1'
      if (storage.kind === 'postgres') {
        const { pool } = storage.rateLimiterStore() as { pool: pg.Pool }
        const row = (await pool.query<{ unread: number }>(sql, [userId])).rows[0]
        return row === undefined ? undefined : Number(row.unread)
      }
      const db = openDatabase(dataDir)
      try {
        const row = db.prepare(sql.replace('$1', '?')).get(userId) as { unread: number } | undefined
        return row?.unread
      } finally {
        db.close()
      }
    }
    const actualUnread = async (userId: string): Promise<number> =>
      (await storage.notifications.list(userId, 1000, 0)).notifications.filter((notification) => !notification.isRead).length

    it('keeps the unread count on the counter row through inserts and resets, never recounting', async () => {
      const steps: [string, () => Promise<unknown>, number][] = [
        ['insert', () => add('a', 'u1'), 1],
        ['insert', () => add('b', 'u1'), 2],
        ['reset', () => storage.notifications.markAllRead('u1'), 0],
        ['reset again', () => storage.notifications.markAllRead('u1'), 0],
        ['insert', () => add('c', 'u1'), 1],
        ['insert for another user', () => add('d', 'u2'), 1],
        ['insert', () => add('e', 'u1'), 2]
      ]
      for (const [step, run, expected] of steps) {
        await run()
        expect(await storage.notifications.unreadCount('u1'), step).toBe(expected)
        expect(await storedUnread('u1'), step).toBe(expected)
        expect(await actualUnread('u1'), step).toBe(expected)
      }
      expect(await storage.notifications.unreadCount('u2')).toBe(1)
      expect(await storage.notifications.unreadCount('nobody')).toBe(0)
    })

    it('answers each insert with the count after it', async () => {
      expect(await add('a', 'u1')).toEqual({ created: true, unreadCount: 1 })
      expect(await add('b', 'u1')).toEqual({ created: true, unreadCount: 2 })
    })

    it('stays right when two instances insert while one resets', async () => {
      const other = await secondInstance()
      const writes = Array.from({ length: 40 }, (_, index) =>
        index % 10 === 5 ? storage.notifications.markAllRead('u1') : add(`n${index}`, 'u1', index % 2 === 0 ? storage : other)
      )
      await Promise.all(writes)
      expect(await storage.notifications.unreadCount('u1')).toBe(await actualUnread('u1'))
    })

    it('stores one notification per actor, user and idempotency key', async () => {
      const record = (id: string, actorId: string) => ({ id, userId: 'u1', type: 'missed_video_call', actorId, isRead: false, createdAt: 100 })
      expect(await storage.notifications.insert(record('a', 'u2'), 'key-1')).toEqual({ created: true, unreadCount: 1 })
      expect(await storage.notifications.insert(record('b', 'u2'), 'key-1')).toEqual({ created: false, unreadCount: 1 })
      expect(await storage.notifications.hasIdempotencyKey('u1', 'u2', 'key-1')).toBe(true)
      expect(await storage.notifications.hasIdempotencyKey('u1', 'u2', 'key-2')).toBe(false)
      expect(await storage.notifications.insert(record('c', 'u2'), 'key-2')).toEqual({ created: true, unreadCount: 2 })
      expect(await storage.notifications.insert(record('d', 'u2')), 'no key: always stored').toEqual({ created: true, unreadCount: 3 })
      expect((await storage.notifications.list('u1', 10, 0)).notifications.map((n) => n.id)).toEqual(['d', 'c', 'a'])
    })

    it('numbers every notification of two instances writing at once, each once (a unique index checks)', async () => {
      const other = await secondInstance()
      const ids = Array.from({ length: 60 }, (_, index) => `n${index}`)
      await Promise.all(ids.map((id, index) => add(id, 'u1', index % 2 === 0 ? storage : other)))
      const listed = await other.notifications.list('u1', 100, 0)
      expect(listed.count).toBe(60)
      expect(new Set(listed.notifications.map((n) => n.id))).toEqual(new Set(ids))
    })
  })

  describe('video clients', () => {
    let now: number
    const clientsOf = (target: Storage) =>
      new VideoClients(
        target.videoClients,
        createP2pMinter({ issuer: 'iss', subject: 'sub', secret: 'secret' }),
        { ttlSeconds: 24 * HOUR, remintRemainderSeconds: 4 * HOUR },
        () => now
      )
    beforeEach(() => {
      now = 1_900_000_000
    })

    it('reuses a token while more than the remainder is left', async () => {
      const clients = clientsOf(storage)
      const first = await clients.tokenFor('u1')
      expect(first.reminted).toBe(true)
      now += 20 * HOUR - 1
      expect(await clients.tokenFor('u1')).toEqual({ client: first.client, reminted: false })
    })

    it('re-mints with a new identity at the remainder; the old identity resolves until it expires', async () => {
      const clients = clientsOf(storage)
      const first = (await clients.tokenFor('u1')).client
      now += 20 * HOUR + 1
      const second = (await clients.tokenFor('u1')).client
      expect(second.identity).not.toBe(first.identity)
      expect(second.expiresAt).toBe(now + 24 * HOUR)
      expect((await clients.resolve(first.identity))?.userId).toBe('u1')
      now = first.expiresAt
      expect(await clients.resolve(first.identity)).toBeUndefined()
      expect((await clients.resolve(second.identity))?.userId).toBe('u1')
    })

    it("gives a callee's identity while video_auth would keep it, creating a client when there is none", async () => {
      const clients = clientsOf(storage)
      const identity = await clients.identityOf('u2')
      expect(await clients.identityOf('u2')).toBe(identity)
      expect((await clients.tokenFor('u2')).client.identity).toBe(identity)
      now += 19 * HOUR
      expect(await clients.identityOf('u2')).toBe(identity)
      // Less than the re-mint remainder left: the identity could expire during the ring.
      now += 2 * HOUR
      const renewed = await clients.identityOf('u2')
      expect(renewed).not.toBe(identity)
      expect((await clients.tokenFor('u2')).client.identity).toBe(renewed)
    })

    it('gives one identity when two instances are asked for a new user at once', async () => {
      const here = clientsOf(storage)
      const there = clientsOf(await secondInstance())
      const identities = await Promise.all(Array.from({ length: 30 }, (_, index) => (index % 2 === 0 ? here : there).identityOf('u2')))
      expect(new Set(identities).size).toBe(1)
    })

    it('purges expired clients only', async () => {
      const clients = clientsOf(storage)
      const first = await clients.identityOf('u1')
      now += 25 * HOUR
      const second = await clients.identityOf('u1')
      await storage.videoClients.purgeExpired(now)
      now -= 25 * HOUR
      expect(await clients.resolve(first)).toBeUndefined()
      now += 25 * HOUR
      expect((await clients.resolve(second))?.userId).toBe('u1')
    })
  })

  describe('video rings', () => {
    const ring = { room: 'room-1', callerId: 'u1', calleeId: 'u2', calleeIdentity: 'a'.repeat(32) }

    it('records a ring once per caller, callee and room; a re-ring refreshes it and keeps its outcome', async () => {
      await storage.rings.record(ring, 100)
      expect(await storage.rings.find('room-1', 'u1', 'u2')).toEqual({ ...ring, state: 'ringing', createdAt: 100, updatedAt: 100 })
      expect(await storage.rings.find('room-1', 'u2', 'u1')).toBeUndefined()
      expect(await storage.rings.find('room-2', 'u1', 'u2')).toBeUndefined()
      await storage.rings.settle('room-1', 'u1', 'u2', 'rejected', 110)
      await storage.rings.record({ ...ring, calleeIdentity: 'b'.repeat(32) }, 120)
      expect(await storage.rings.find('room-1', 'u1', 'u2')).toMatchObject({ state: 'rejected', calleeIdentity: 'b'.repeat(32), createdAt: 100, updatedAt: 120 })
    })

    it('settles only a ringing ring: answered by joining, missed when the caller gives up', async () => {
      await storage.rings.record(ring, 100)
      await storage.rings.record({ ...ring, room: 'room-2' }, 100)
      await storage.rings.markAnswered('room-1', 'u2', 105)
      await storage.rings.markMissed('u1', 'u2', 110)
      await storage.rings.settle('room-1', 'u1', 'u2', 'rejected', 115)
      expect((await storage.rings.find('room-1', 'u1', 'u2'))?.state).toBe('answered')
      expect((await storage.rings.find('room-2', 'u1', 'u2'))?.state).toBe('missed')
    })

    it('purges rings not touched since the cutoff', async () => {
      await storage.rings.record(ring, 100)
      await storage.rings.record({ ...ring, room: 'room-2' }, 200)
      await storage.rings.purgeOlderThan(150)
      expect(await storage.rings.find('room-1', 'u1', 'u2')).toBeUndefined()
      expect(await storage.rings.find('room-2', 'u1', 'u2')).toBeDefined()
    })
  })

  describe('oauth tokens', () => {
    it('resolves a live access token to its user, and lets one refresh of a token win when two instances try at once', async () => {
      const issued = await storage.tokens.issue('u1', 'client', 'read write', 100, 60, 600)
      expect(await storage.tokens.userOfAccess(issued.accessToken, 159)).toBe('u1')
      expect(await storage.tokens.userOfAccess(issued.accessToken, 160)).toBeUndefined()
      expect((await storage.users.byAccessTokenHash('not-a-digest', 100))).toBeUndefined()
      const other = await secondInstance()
      const rotations = await Promise.all([storage, other, storage, other].map((target) => target.tokens.rotate(issued.refreshToken, 'client', 120, 60, 600)))
      expect(rotations.filter(Boolean)).toHaveLength(1)
      expect(await storage.tokens.rotate(issued.refreshToken, 'client', 120, 60, 600)).toBeUndefined()
    })

    it('refuses a refresh by another client or after expiry, and purges expired pairs', async () => {
      const issued = await storage.tokens.issue('u1', 'client', 'read', 100, 60, 600)
      expect(await storage.tokens.rotate(issued.refreshToken, 'other', 120, 60, 600)).toBeUndefined()
      expect(await storage.tokens.rotate(issued.refreshToken, 'client', 700, 60, 600)).toBeUndefined()
      const rotated = await storage.tokens.rotate(issued.refreshToken, 'client', 120, 60, 600)
      expect(rotated).toMatchObject({ userId: 'u1', scope: 'read' })
      await storage.tokens.purgeExpired(120 + 600)
      expect(await storage.tokens.rotate(rotated!.refreshToken, 'client', 130, 60, 600)).toBeUndefined()
    })
  })

  it('keeps one secret per name when two instances generate it at once', async () => {
    const other = await secondInstance()
    const secrets = await Promise.all([storage, other, storage, other].map((target) => target.settings.secret('shared')))
    expect(new Set(secrets).size).toBe(1)
    expect(secrets[0]).toMatch(/^[0-9a-f]{64}$/)
  })

  it('answers where a shared login throttle keeps its counters', async () => {
    const store = storage.rateLimiterStore()
    if (kind === 'sqlite') {
      expect(store).toEqual({ kind: 'memory' })
    } else {
      expect(store.kind).toBe('postgres')
      const pool = (store as { pool: pg.Pool }).pool
      expect((await pool.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }])
    }
  })
})

describe.runIf(postgresAvailable())('PostgreSQL migrations', () => {
  it('brings an empty database up to date once when several instances start at once', async () => {
    const url = testDatabaseUrl()
    const clients = await Promise.all(Array.from({ length: 5 }, () => openPostgres(url, { poolSize: 2 })))
    try {
      expect(await postgresSchemaVersion(clients[0]!.pool)).toBe(POSTGRES_MIGRATIONS.length)
      const applied = await clients[0]!.all<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')
      expect(applied.map((row) => row.version)).toEqual(POSTGRES_MIGRATIONS.map((_, index) => index + 1))
    } finally {
      for (const client of clients) await client.close()
    }
  })

  it('starts two servers at once on an empty database: each demo account seeded once, one shared Pusher secret', async () => {
    const databaseUrl = testDatabaseUrl()
    const servers = await Promise.all([startTestServer({ databaseUrl }), startTestServer({ databaseUrl })])
    try {
      const seeded = servers.flatMap((server) => server.seededDemoAccounts.map((account) => account.username)).sort()
      expect(seeded).toEqual(['alice', 'bob', 'carol'])
      expect(servers[0]!.pusher.secret).toBe(servers[1]!.pusher.secret)
    } finally {
      for (const server of servers) await server.stop()
    }
  })

  it('applies only pending migrations, rolls a failing one back whole and refuses a newer schema', async () => {
    const pool = new pg.Pool({ connectionString: testDatabaseUrl(), max: 1 })
    try {
      await migratePostgres(pool, ['CREATE TABLE a (x INTEGER)'])
      await expect(migratePostgres(pool, ['CREATE TABLE a (x INTEGER)', 'CREATE TABLE b (y INTEGER); CREATE TABLE a (x INTEGER)'])).rejects.toThrow()
      expect(await postgresSchemaVersion(pool)).toBe(1)
      expect((await pool.query("SELECT to_regclass('b') AS b")).rows[0]).toEqual({ b: null })
      await migratePostgres(pool, ['CREATE TABLE a (x INTEGER)', 'CREATE TABLE b (y INTEGER)'])
      expect(await postgresSchemaVersion(pool)).toBe(2)
      await expect(migratePostgres(pool, ['CREATE TABLE a (x INTEGER)'])).rejects.toThrow(/newer/)
    } finally {
      await pool.end()
    }
  })

  it('gives up on a database that never answers, naming host, port and database but not the password', async () => {
    // A black hole: the TCP connection is accepted, then nothing is ever said.
    const held: Socket[] = []
    const blackHole = createNetServer((socket) => void held.push(socket))
    await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve))
    const { port } = blackHole.address() as AddressInfo
    try {
      const failure = openPostgres(`postgres://shoutit:hunter2-secret@127.0.0.1:${port}/calls`, { connectTimeoutMs: 300 })
      await expect(failure).rejects.toThrow(`Cannot use the PostgreSQL database 127.0.0.1:${port}/calls: no answer within`)
      await expect(failure).rejects.not.toThrow(/hunter2/)
    } finally {
      for (const socket of held) socket.destroy()
      await new Promise((resolve) => blackHole.close(resolve))
    }
  })

  it('names host, port and database when the database refuses the connection', async () => {
    const closed = createNetServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const { port } = closed.address() as AddressInfo
    await new Promise((resolve) => closed.close(resolve))
    const failure = openPostgres(`postgres://shoutit:hunter2-secret@127.0.0.1:${port}/calls`)
    await expect(failure).rejects.toThrow(new RegExp(`^Cannot use the PostgreSQL database 127\\.0\\.0\\.1:${port}/calls: .*ECONNREFUSED`))
    await expect(failure).rejects.not.toThrow(/hunter2/)
  })

  it('refuses a URL that is not PostgreSQL and reports an unreachable server', async () => {
    await expect(openPostgres('mysql://localhost/db')).rejects.toThrow(/postgres:\/\//)
    await expect(openPostgres('postgres://nobody@localhost:1/none?host=/nonexistent-socket-dir')).rejects.toThrow()
  })
})

describe.each(storeKinds())('%s upgrade to kept unread counts', (kind) => {
  it("fills each user's unread count from the notifications an older schema stored", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'shoutit-unread-upgrade-'))
    const databaseUrl = kind === 'postgres' ? testDatabaseUrl() : undefined
    const [no, yes] = kind === 'sqlite' ? ['0', '1'] : ['FALSE', 'TRUE']
    const oldRows = `INSERT INTO users (id, username, name, date_joined) VALUES ('u1', 'u1', 'u1', 0), ('u2', 'u2', 'u2', 0);
      INSERT INTO notification_counters (user_id, last_seq) VALUES ('u1', 3), ('u2', 1);
      INSERT INTO notifications (id, user_id, type, actor_id, is_read, created_at, seq) VALUES
        ('a', 'u1', 'missed_video_call', 'u2', ${no}, 1, 1), ('b', 'u1', 'missed_video_call', 'u2', ${yes}, 2, 2),
        ('c', 'u1', 'missed_video_call', 'u2', ${no}, 3, 3), ('d', 'u2', 'missed_video_call', 'u1', ${yes}, 4, 1)`
    try {
      // The schemas as they were before the count was kept (that migration and later ones not yet applied).
      const before = (migrations: readonly string[]): string[] => migrations.slice(0, migrations.findIndex((sql) => sql.includes('ADD COLUMN unread')))
      if (kind === 'sqlite') {
        const db = openDatabase(dataDir, before(MIGRATIONS))
        db.exec(oldRows)
        db.close()
      } else {
        const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 })
        await migratePostgres(pool, before(POSTGRES_MIGRATIONS))
        await pool.query(oldRows)
        await pool.end()
      }
      const storage = await openStorage({ dataDir, databaseUrl })
      try {
        expect(await storage.notifications.unreadCount('u1')).toBe(2)
        expect(await storage.notifications.unreadCount('u2')).toBe(0)
        expect((await storage.notifications.insert({ id: 'e', userId: 'u1', type: 'missed_video_call', actorId: 'u2', isRead: false, createdAt: 5 })).unreadCount).toBe(3)
      } finally {
        await storage.close()
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})

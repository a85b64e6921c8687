// What the server stores of the tokens it hands out: only SHA-256 digests. Read straight from
// the storage (the SQLite files' bytes, every PostgreSQL table's rows), no token may appear;
// its digest must, which proves the right storage was read. Also: a schema that still held
// plain video tokens is upgraded to digests and keeps serving the same p2p token.
import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { VideoAuthSchema, type TokenResponse } from '../../../common/api'
import { openDatabase } from '../../../server/src/storage/database'
import { MIGRATIONS } from '../../../server/src/storage/migrations'
import { migratePostgres } from '../../../server/src/storage/postgresClient'
import { POSTGRES_MIGRATIONS } from '../../../server/src/storage/postgresMigrations'
import { openStorage } from '../../../server/src/storage/storage'
import { createP2pMinter } from '../../../server/src/video/tokenMinters'
import { VideoClients } from '../../../server/src/video/videoClients'
import { signIn, startTestServer, stopTestPostgres, storeKinds, testDatabaseUrl, type StoreKind, type TestServer } from '../../support/server'
import { call } from './http'

/** How many migrations came before the one that replaced video tokens with their digests. */
function beforeDigests(migrations: readonly string[]): number {
  const index = migrations.findIndex((migration) => /ADD COLUMN token_hash/i.test(migration))
  if (index < 0) throw new Error('no migration adds video_clients.token_hash')
  return index
}

afterAll(stopTestPostgres)

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex')

/** Everything the store holds, as text: the SQLite files' raw bytes, or every row of every PostgreSQL table. */
async function rawStorage(kind: StoreKind, dataDir: string, databaseUrl: string | undefined): Promise<string> {
  if (kind === 'sqlite') {
    return readdirSync(dataDir)
      .filter((name) => name.startsWith('shoutit.sqlite3'))
      .map((name) => readFileSync(join(dataDir, name)).toString('latin1'))
      .join('\n')
  }
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 })
  try {
    const tables = await pool.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    const dumps = await Promise.all(tables.rows.map(async ({ tablename }) => JSON.stringify((await pool.query(`SELECT * FROM "${tablename}"`)).rows)))
    return dumps.join('\n')
  } finally {
    await pool.end()
  }
}

// The old schema's rows, written as that schema did: the token in plain text.
const PLAIN_ROW_SQL =
  "INSERT INTO users (id, username, name, date_joined) VALUES ('u1', 'u1', 'u1', 0); INSERT INTO video_clients (identity, user_id, provider, token, expires_at, created_at) VALUES ('%IDENTITY%', 'u1', 'p2p', '%TOKEN%', %EXPIRES%, %CREATED%)"

describe.each(storeKinds())('%s store', (kind) => {
  it('stores no video or OAuth token, only their SHA-256 digests', async () => {
    const server: TestServer = await startTestServer({ store: kind })
    try {
      const [alice, bob]: TokenResponse[] = await Promise.all([signIn(server, 'alice'), signIn(server, 'bob')])
      const videoTokens: string[] = []
      for (const session of [alice!, bob!]) {
        const reply = await call(server.url, 'POST', '/v3/twilio/video_auth', { token: session.access_token })
        expect(reply.status, reply.text).toBe(200)
        videoTokens.push(VideoAuthSchema.parse(reply.json).token)
      }
      // Served again while fresh: issued anew from the digest's row, the very same token.
      const again = await call(server.url, 'POST', '/v3/twilio/video_auth', { token: alice!.access_token })
      expect(VideoAuthSchema.parse(again.json).token).toBe(videoTokens[0])

      const raw = await rawStorage(kind, server.dataDir, server.databaseUrl)
      const secrets = [...videoTokens, alice!.access_token, alice!.refresh_token, bob!.access_token, bob!.refresh_token]
      for (const secret of secrets) {
        expect(raw).not.toContain(secret)
        expect(raw).toContain(sha256(secret))
      }
      // Nor the signature alone (a JWT stored in pieces).
      for (const token of videoTokens) expect(raw).not.toContain(token.split('.')[2]!)
    } finally {
      await server.stop()
    }
  })

  it('upgrades a schema that held plain video tokens: digests only, the same identity and token served', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'shoutit-token-upgrade-'))
    const databaseUrl = kind === 'postgres' ? testDatabaseUrl() : undefined
    const minter = createP2pMinter({ issuer: 'iss', subject: 'sub', secret: 'a-secret-of-at-least-thirty-two-characters' })
    const now = 1_900_000_000
    const identity = 'c'.repeat(32)
    const { token } = minter.issue(identity, now, now + 24 * 3600)
    const oldRows = PLAIN_ROW_SQL.replace('%IDENTITY%', identity)
      .replace('%TOKEN%', token)
      .replace('%EXPIRES%', String(now + 24 * 3600))
      .replace('%CREATED%', String(now))
    try {
      // The schema as it was before digests: every migration before the one adding token_hash.
      if (kind === 'sqlite') {
        const db = openDatabase(dataDir, MIGRATIONS.slice(0, beforeDigests(MIGRATIONS)))
        db.exec(oldRows)
        db.close()
      } else {
        const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 })
        await migratePostgres(pool, POSTGRES_MIGRATIONS.slice(0, beforeDigests(POSTGRES_MIGRATIONS)))
        await pool.query(oldRows)
        await pool.end()
      }
      expect(await rawStorage(kind, dataDir, databaseUrl)).toContain(token)

      const storage = await openStorage({ dataDir, databaseUrl })
      const clients = new VideoClients(storage.videoClients, minter, { ttlSeconds: 24 * 3600, remintRemainderSeconds: 4 * 3600 }, () => now + 3600)
      const served = await clients.tokenFor('u1')
      expect(served).toMatchObject({ reminted: false, client: { identity, token, tokenHash: sha256(token) } })
      // Under another secret the stored digest no longer vouches for a re-issued token: a new identity.
      const otherSecret = createP2pMinter({ issuer: 'iss', subject: 'sub', secret: 'another-secret-of-at-least-thirty-two-chars' })
      const fresh = await new VideoClients(storage.videoClients, otherSecret, { ttlSeconds: 24 * 3600, remintRemainderSeconds: 4 * 3600 }, () => now + 3600).tokenFor('u1')
      expect(fresh.reminted).toBe(true)
      expect(fresh.client.identity).not.toBe(identity)
      await storage.close()

      const raw = await rawStorage(kind, dataDir, databaseUrl)
      expect(raw).not.toContain(token)
      expect(raw).toContain(sha256(token))
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})


// Opens the SQLite file in the data directory and brings its schema up to date.
// node:sqlite is synchronous: each statement finishes before the call returns, so a clean
// shutdown only has to wait for in-flight requests, never for queued writes.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync, type StatementSync } from 'node:sqlite'
import { MIGRATIONS } from './migrations'

export type Database = DatabaseSync

export const DATABASE_FILE = 'shoutit.sqlite3'

export function openDatabase(dataDir: string, migrations: readonly string[] = MIGRATIONS): Database {
  mkdirSync(dataDir, { recursive: true })
  const db = new DatabaseSync(join(dataDir, DATABASE_FILE))
  db.exec('PRAGMA journal_mode = WAL')
  db.exec('PRAGMA synchronous = NORMAL')
  db.exec('PRAGMA foreign_keys = ON')
  db.exec('PRAGMA busy_timeout = 5000')
  migrate(db, migrations)
  return db
}

export function schemaVersion(db: Database): number {
  const row = db.prepare('PRAGMA user_version').get() as { user_version: number } | undefined
  return row?.user_version ?? 0
}

/** Applies the migrations not yet applied, each in its own transaction with its version bump. */
export function migrate(db: Database, migrations: readonly string[]): void {
  const current = schemaVersion(db)
  if (current > migrations.length) {
    throw new Error(`The database schema (version ${current}) is newer than this server (version ${migrations.length})`)
  }
  for (let version = current; version < migrations.length; version++) {
    transaction(db, () => {
      db.exec(migrations[version]!)
      db.exec(`PRAGMA user_version = ${version + 1}`)
    })
  }
}

/** Runs fn in a transaction; node:sqlite has no helper for it. */
export function transaction<T>(db: Database, fn: () => T): T {
  db.exec('BEGIN IMMEDIATE')
  try {
    const result = fn()
    db.exec('COMMIT')
    return result
  } catch (error) {
    db.exec('ROLLBACK')
    throw error
  }
}

const statementCache = new WeakMap<Database, Map<string, StatementSync>>()

/** A prepared statement compiled once per database: compiling SQL cost more than running it. */
export function statement(db: Database, sql: string): StatementSync {
  let cache = statementCache.get(db)
  if (!cache) {
    cache = new Map()
    statementCache.set(db, cache)
  }
  let prepared = cache.get(sql)
  if (!prepared) {
    prepared = db.prepare(sql)
    cache.set(sql, prepared)
  }
  return prepared
}

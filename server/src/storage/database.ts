// Opens the SQLite file in the data directory and brings its schema up to date.
// node:sqlite is synchronous: each statement finishes before the call returns, so a clean
// shutdown only has to wait for in-flight requests, never for queued writes.
import { createHash } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { DatabaseSync, StatementSync } from 'node:sqlite'
import { MIGRATIONS } from './migrations'

export type Database = DatabaseSync

export const DATABASE_FILE = 'shoutit.sqlite3'

/**
 * node:sqlite announces itself as experimental when first loaded, which reads like a fault
 * to whoever runs the server, the demo or the tests. Exactly that one warning is dropped,
 * only while the module loads: `--disable-warning` can name just the whole
 * ExperimentalWarning type (this warning has no code), which would hide others.
 */
function loadSqlite(): typeof import('node:sqlite') {
  const emitWarning = process.emitWarning
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const first = rest[0]
    const type = typeof first === 'string' ? first : (first as { type?: unknown } | undefined)?.type
    const message = typeof warning === 'string' ? warning : warning.message
    if (type === 'ExperimentalWarning' && message.startsWith('SQLite is an experimental feature')) return
    ;(emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest)
  }) as typeof process.emitWarning
  try {
    return process.getBuiltinModule('node:sqlite')
  } finally {
    process.emitWarning = emitWarning
  }
}

export function openDatabase(dataDir: string, migrations: readonly string[] = MIGRATIONS): Database {
  mkdirSync(dataDir, { recursive: true })
  const db = new (loadSqlite().DatabaseSync)(join(dataDir, DATABASE_FILE))
  db.exec('PRAGMA journal_mode = WAL')
  db.exec('PRAGMA synchronous = NORMAL')
  db.exec('PRAGMA foreign_keys = ON')
  db.exec('PRAGMA busy_timeout = 5000')
  // Deleted rows (expired token digests, and the plain video tokens an old schema held) are
  // overwritten rather than left readable in the file's free pages.
  db.exec('PRAGMA secure_delete = ON')
  // For migrations that hash what an old schema stored in plain text.
  db.function('sha256_hex', { deterministic: true }, (text) => createHash('sha256').update(String(text)).digest('hex'))
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
    db.exec('BEGIN IMMEDIATE')
    try {
      db.exec(migrations[version]!)
      db.exec(`PRAGMA user_version = ${version + 1}`)
      db.exec('COMMIT')
    } catch (error) {
      db.exec('ROLLBACK')
      throw error
    }
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

// The SqlClient over node-postgres: a connection pool, `?` placeholders turned into `$n`,
// BIGINT and COUNT(*) read as numbers (seconds and counts stay far below 2^53), and the
// migrations applied under an advisory lock so instances starting together take turns.
import pg from 'pg'
import { POSTGRES_MIGRATIONS } from './postgresMigrations'
import type { SqlClient, SqlValue } from './sql'
import { asStorageError, isConnectionFailure } from './unavailable'

const INT8_OID = 20
/** Any constant works; it names the lock every instance of this server takes to migrate. */
const MIGRATION_LOCK_KEY = 0x5a0117

const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser
}

const prepared = new Map<string, { name: string; text: string }>()
/**
 * `?` to `$1, $2, ...` (shared SQL never has a `?` inside a literal), under a name: each
 * connection then parses and plans the statement once, as SQLite's statement cache does.
 */
function toPostgres(sql: string): { name: string; text: string } {
  let statement = prepared.get(sql)
  if (statement === undefined) {
    let index = 0
    statement = { name: `shoutit_${prepared.size}`, text: sql.replace(/\?/g, () => `$${++index}`) }
    prepared.set(sql, statement)
  }
  return statement
}

type Queryable = pg.Pool | pg.PoolClient

function clientOver(target: Queryable, transaction: SqlClient['transaction']): SqlClient {
  const query = async <Row>(sql: string, params: readonly SqlValue[]): Promise<pg.QueryResult<pg.QueryResultRow & Row>> => {
    try {
      return await target.query<pg.QueryResultRow & Row>({ ...toPostgres(sql), values: params as SqlValue[] })
    } catch (error) {
      throw asStorageError(error)
    }
  }
  return {
    engine: 'postgres',
    forUpdate: ' FOR UPDATE',
    all: async <Row>(sql: string, params: readonly SqlValue[] = []) => (await query<Row>(sql, params)).rows as Row[],
    get: async <Row>(sql: string, params: readonly SqlValue[] = []) => (await query<Row>(sql, params)).rows[0] as Row | undefined,
    run: async (sql: string, params: readonly SqlValue[] = []) => (await query(sql, params)).rowCount ?? 0,
    transaction
  }
}

export interface PostgresClient extends SqlClient {
  readonly pool: pg.Pool
  close(): Promise<void>
}

export interface PostgresConnectOptions {
  /** Connections per server instance (default 10). */
  poolSize?: number
  migrations?: readonly string[]
  /** How long one connection attempt may take, at start-up and later (default 10 s). */
  connectTimeoutMs?: number
}

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000

/** "host:port/database" of a database URL, for messages: never the user or password. */
export function describeDatabase(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl)
    const socketDir = url.searchParams.get('host')
    const host = socketDir ?? (url.hostname || 'localhost')
    return `${host}:${url.port || '5432'}/${decodeURIComponent(url.pathname.slice(1)) || '(default database)'}`
  } catch {
    return '(unparsable database URL)'
  }
}

/** One transaction on one checked-out connection; a connection lost meanwhile is discarded, not returned to the pool. */
async function inTransaction<T>(pool: pg.Pool, fn: (tx: SqlClient) => Promise<T>): Promise<T> {
  let connection: pg.PoolClient
  try {
    connection = await pool.connect()
  } catch (error) {
    throw asStorageError(error)
  }
  // A checked-out client has no listener of the pool's: without one, a backend terminated
  // mid-transaction (restart, failover, pg_terminate_backend) emits an unhandled 'error'
  // and takes the whole process down. The failing query rejects on its own; this only keeps
  // the event from being fatal and marks the connection as spent.
  let lost: Error | undefined
  const onError = (error: Error): void => {
    lost = error
  }
  connection.on('error', onError)
  let releaseWith: Error | undefined
  try {
    await connection.query('BEGIN')
    try {
      const result = await fn(clientOver(connection, () => Promise.reject(new Error('nested transactions are not supported'))))
      await connection.query('COMMIT')
      return result
    } catch (error) {
      if (lost === undefined && !isConnectionFailure(error)) await connection.query('ROLLBACK').catch(() => undefined)
      throw error
    }
  } catch (error) {
    if (lost !== undefined || isConnectionFailure(error)) releaseWith = lost ?? (error as Error)
    throw asStorageError(error)
  } finally {
    connection.off('error', onError)
    // Released with an error, the pool destroys the connection instead of handing it out again.
    connection.release(releaseWith)
  }
}

/** Connects, applies pending migrations and answers a client; throws with the cause when the database is unusable. */
export async function openPostgres(databaseUrl: string, options: PostgresConnectOptions = {}): Promise<PostgresClient> {
  if (!/^postgres(ql)?:\/\//.test(databaseUrl)) throw new Error('The database URL must start with postgres:// or postgresql://')
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS
  const pool = new pg.Pool({ connectionString: databaseUrl, max: options.poolSize ?? 10, types, connectionTimeoutMillis: connectTimeoutMs, keepAlive: true })
  // An idle connection the server drops (restart, failover) must not crash the process.
  pool.on('error', () => {})
  const transaction = <T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> => inTransaction(pool, fn)
  try {
    await migratePostgres(pool, options.migrations ?? POSTGRES_MIGRATIONS)
  } catch (error) {
    await pool.end()
    throw startupError(error, databaseUrl, connectTimeoutMs)
  }
  return { ...clientOver(pool, transaction), pool, close: () => pool.end() }
}

/** A start-up failure that names the database (never its password) and says what went wrong. */
function startupError(error: unknown, databaseUrl: string, connectTimeoutMs: number): Error {
  const where = describeDatabase(databaseUrl)
  const message = error instanceof Error ? error.message : String(error)
  const timedOut = /timeout/i.test(message) && isConnectionFailure(error)
  const reason = timedOut
    ? `no answer within ${Math.round(connectTimeoutMs / 1000)} s (is the host reachable and the port right?)`
    : message.split(databaseUrl).join('(database URL)')
  return new Error(`Cannot use the PostgreSQL database ${where}: ${reason}`, { cause: error })
}

/** The schema version: how many migrations have been applied (0 on an empty database). */
export async function postgresSchemaVersion(target: Queryable): Promise<number> {
  const exists = await target.query<{ present: boolean }>("SELECT to_regclass('schema_migrations') IS NOT NULL AS present")
  if (!exists.rows[0]?.present) return 0
  const row = await target.query<{ version: number | null }>('SELECT MAX(version) AS version FROM schema_migrations')
  return row.rows[0]?.version ?? 0
}

/**
 * Applies pending migrations, each in its own transaction with its version row. A session
 * advisory lock makes a second instance wait, then find nothing left to do.
 */
export async function migratePostgres(pool: pg.Pool, migrations: readonly string[]): Promise<void> {
  const connection = await pool.connect()
  // Checked out, the client has no listener of the pool's; a lost connection must fail the start, not crash it.
  const ignoreLost = (): void => undefined
  connection.on('error', ignoreLost)
  try {
    await connection.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY])
    try {
      await connection.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())')
      const current = await postgresSchemaVersion(connection)
      if (current > migrations.length) {
        throw new Error(`The database schema (version ${current}) is newer than this server (version ${migrations.length})`)
      }
      for (let version = current; version < migrations.length; version++) {
        await connection.query('BEGIN')
        try {
          await connection.query(migrations[version]!)
          await connection.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version + 1])
          await connection.query('COMMIT')
        } catch (error) {
          await connection.query('ROLLBACK')
          throw error
        }
      }
    } finally {
      await connection.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY])
    }
  } finally {
    connection.off('error', ignoreLost)
    connection.release()
  }
}

// The SqlClient over node-postgres: a connection pool, `?` placeholders turned into `$n`,
// BIGINT and COUNT(*) read as numbers (seconds and counts stay far below 2^53), and the
// migrations applied under an advisory lock so instances starting together take turns.
import pg from 'pg'
import { POSTGRES_MIGRATIONS } from './postgresMigrations'
import type { SqlClient, SqlValue } from './sql'

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
  const query = async <Row>(sql: string, params: readonly SqlValue[]): Promise<pg.QueryResult<pg.QueryResultRow & Row>> =>
    target.query<pg.QueryResultRow & Row>({ ...toPostgres(sql), values: params as SqlValue[] })
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
}

/** Connects, applies pending migrations and answers a client; throws with the cause when the database is unusable. */
export async function openPostgres(databaseUrl: string, options: PostgresConnectOptions = {}): Promise<PostgresClient> {
  if (!/^postgres(ql)?:\/\//.test(databaseUrl)) throw new Error('The database URL must start with postgres:// or postgresql://')
  const pool = new pg.Pool({ connectionString: databaseUrl, max: options.poolSize ?? 10, types })
  // An idle connection the server drops (restart, failover) must not crash the process.
  pool.on('error', () => {})
  const transaction = async <T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> => {
    const connection = await pool.connect()
    try {
      await connection.query('BEGIN')
      try {
        const result = await fn(clientOver(connection, () => Promise.reject(new Error('nested transactions are not supported'))))
        await connection.query('COMMIT')
        return result
      } catch (error) {
        await connection.query('ROLLBACK').catch(() => undefined)
        throw error
      }
    } finally {
      connection.release()
    }
  }
  try {
    await migratePostgres(pool, options.migrations ?? POSTGRES_MIGRATIONS)
  } catch (error) {
    await pool.end()
    throw error
  }
  return { ...clientOver(pool, transaction), pool, close: () => pool.end() }
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
    connection.release()
  }
}

// The SqlClient over node:sqlite. Statements run synchronously, but callers await between
// them, so other requests could slip their statements into an open transaction: while one
// runs, every other statement and transaction waits for it to finish.
import type { SQLInputValue } from 'node:sqlite'
import { openDatabase, statement, type Database } from './database'
import type { SqlClient, SqlValue } from './sql'

const toSqlite = (params: readonly SqlValue[]): SQLInputValue[] =>
  params.map((value) => (typeof value === 'boolean' ? (value ? 1 : 0) : value))

export class SqliteClient implements SqlClient {
  readonly engine = 'sqlite'
  readonly forUpdate = ''
  /** Settles when the running transaction (if any) has finished. */
  private idle: Promise<void> = Promise.resolve()
  private busy = false

  constructor(readonly db: Database) {}

  static open(dataDir: string): SqliteClient {
    return new SqliteClient(openDatabase(dataDir))
  }

  all<Row>(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
    return this.outsideTransaction(() => this.allNow<Row>(sql, params))
  }

  get<Row>(sql: string, params: readonly SqlValue[] = []): Promise<Row | undefined> {
    return this.outsideTransaction(() => this.getNow<Row>(sql, params))
  }

  run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    return this.outsideTransaction(() => this.runNow(sql, params))
  }

  async transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
    const previous = this.idle
    let finished!: () => void
    this.idle = new Promise<void>((resolve) => (finished = resolve))
    await previous
    this.busy = true
    const tx: SqlClient = {
      engine: this.engine,
      forUpdate: this.forUpdate,
      all: async <Row>(sql: string, params: readonly SqlValue[] = []) => this.allNow<Row>(sql, params),
      get: async <Row>(sql: string, params: readonly SqlValue[] = []) => this.getNow<Row>(sql, params),
      run: async (sql: string, params: readonly SqlValue[] = []) => this.runNow(sql, params),
      transaction: () => Promise.reject(new Error('nested transactions are not supported'))
    }
    try {
      this.db.exec('BEGIN IMMEDIATE')
      try {
        const result = await fn(tx)
        this.db.exec('COMMIT')
        return result
      } catch (error) {
        this.db.exec('ROLLBACK')
        throw error
      }
    } finally {
      this.busy = false
      finished()
    }
  }

  close(): void {
    this.db.close()
  }

  /** Runs now when no transaction is open (checked and run in one go), else once none is. */
  private async outsideTransaction<T>(fn: () => T): Promise<T> {
    while (this.busy) await this.idle
    return fn()
  }

  private allNow<Row>(sql: string, params: readonly SqlValue[]): Row[] {
    return statement(this.db, sql).all(...toSqlite(params)) as Row[]
  }

  private getNow<Row>(sql: string, params: readonly SqlValue[]): Row | undefined {
    return statement(this.db, sql).get(...toSqlite(params)) as Row | undefined
  }

  private runNow(sql: string, params: readonly SqlValue[]): number {
    return Number(statement(this.db, sql).run(...toSqlite(params)).changes)
  }
}

// The one seam between the stores and a database engine. Stores write portable SQL with `?`
// placeholders (the subset SQLite and PostgreSQL share: UPSERT, RETURNING, LIKE ... ESCAPE);
// each engine's client adapts placeholders and values. Engine-specific SQL lives only in the
// engines' migrations and clients.
import type { Pool } from 'pg'

export type SqlValue = string | number | boolean | null

export interface SqlClient {
  readonly engine: 'sqlite' | 'postgres'
  /**
   * Appended to a SELECT inside a transaction to lock the rows it reads until commit:
   * ' FOR UPDATE' on PostgreSQL; empty on SQLite, whose write transactions already run one
   * at a time.
   */
  readonly forUpdate: string
  all<Row>(sql: string, params?: readonly SqlValue[]): Promise<Row[]>
  get<Row>(sql: string, params?: readonly SqlValue[]): Promise<Row | undefined>
  /** Runs a statement and answers how many rows it changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>
  /** Runs fn in one transaction on one connection: commits when it resolves, rolls back when it throws. */
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>
}

/** What a shared throttle needs to keep its counters where every server instance sees them. */
export type RateLimiterStore = { kind: 'memory' } | { kind: 'postgres'; pool: Pool }

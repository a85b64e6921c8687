// Starts the reference server for a test: port 0 on loopback, a fresh temporary data
// directory, quiet logs, cheap password hashing. stop() closes it and deletes the directory
// (unless kept for a restart test, which passes the same dataDir, or databaseUrl, to a second
// startTestServer). `store: 'postgres'` keeps the data in a fresh database of this test file's
// throwaway PostgreSQL cluster instead of SQLite; the file stops the cluster with stopTestPostgres.
// Realtime runs under Pusher's hosted-service limits unless a test says `pusherLimits: 'default'`,
// so every suite that drives a client proves it stays within them.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TokenResponse } from '../../common/api'
import { DEMO_ACCOUNTS, startServer, type RunningServer, type ServerOptions } from '../../server/src/index'
import { signIn as signInAt } from '../../server/tools/api-client'
import { postgresAvailable, startPostgresCluster, type PostgresCluster } from './postgres-cluster'

export { DEMO_ACCOUNTS }

export type StoreKind = 'sqlite' | 'postgres'

export interface TestServer extends RunningServer {
  /** `${url}/v3` */
  api: string
  /** The PostgreSQL database it uses, for a second instance or a restart on the same data. */
  databaseUrl: string | undefined
  /** Closes the server; deletes its data directory unless `keepData`. */
  stop(options?: { keepData?: boolean }): Promise<void>
}

/** scrypt at a fraction of the production cost: tests sign in often and check behaviour, not strength. */
export const TEST_SCRYPT_COST = { N: 1024, r: 8, p: 1 }

export interface TestServerOptions extends Partial<ServerOptions> {
  /** Ignored when databaseUrl is given. Default sqlite. */
  store?: StoreKind
}

/** The stores the server suites run against: both, or SQLite alone (with a notice) where PostgreSQL is not installed outside CI. */
export function storeKinds(): StoreKind[] {
  if (postgresAvailable()) return ['sqlite', 'postgres']
  if (process.env.CI) throw new Error('PostgreSQL is not installed; CI must test the server on it (.ci/run installs it)')
  console.warn('PostgreSQL is not installed here: the server suites run on SQLite only')
  return ['sqlite']
}

let cluster: PostgresCluster | undefined
let databases = 0

/** A new empty database in this test file's cluster, started on first use. */
export function testDatabaseUrl(): string {
  if (!cluster) {
    cluster = startPostgresCluster()
    // A file that forgets stopTestPostgres, or dies, must not leave a server running.
    process.once('exit', stopTestPostgres)
  }
  return cluster.createDatabase(`shoutit_${++databases}`)
}

/** Stops this file's PostgreSQL cluster, if one was started (for afterAll). */
export function stopTestPostgres(): void {
  cluster?.stop()
  cluster = undefined
}

export async function startTestServer({ store = 'sqlite', ...options }: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'shoutit-server-test-'))
  const databaseUrl = options.databaseUrl ?? (store === 'postgres' ? testDatabaseUrl() : undefined)
  const server = await startServer({ port: 0, host: '127.0.0.1', scryptCost: TEST_SCRYPT_COST, pusherLimits: 'hosted', ...options, dataDir, databaseUrl })
  return {
    ...server,
    api: `${server.url}/v3`,
    databaseUrl,
    async stop({ keepData = false } = {}) {
      await server.close()
      if (!keepData) rmSync(dataDir, { recursive: true, force: true })
    }
  }
}

/** Signs a demo (or any) account in with the desktop client's OAuth client. */
export function signIn(server: Pick<RunningServer, 'url'>, login: string, password?: string): Promise<TokenResponse> {
  return signInAt(server.url, login, password)
}

// A throwaway PostgreSQL cluster for tests: initdb into a temporary folder, started with
// pg_ctl on a Unix socket only (no TCP port to collide with other runs), fsync off, and
// removed on stop. Each test file that needs PostgreSQL starts its own, so nothing depends
// on a system service being up. PostgreSQL refuses to run as root, so under root the
// server runs as the `postgres` user that Debian's package creates.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir, userInfo } from 'node:os'
import path from 'node:path'

export interface PostgresCluster {
  /** A connection string for the `postgres` database, as the superuser. */
  readonly url: string
  /** The folder holding the server's Unix socket. */
  readonly socketDir: string
  /** Creates an empty database and returns its connection string. */
  createDatabase(name: string): string
  /** Restarts the server (`pg_ctl restart -m fast`): every connection is terminated. */
  restart(): void
  /** Kills the postmaster with SIGKILL (a crash, as a failover looks to clients), then starts it again. */
  crashAndStart(): Promise<void>
  /** Stops the server and deletes the cluster. */
  stop(): void
}

const SOCKET_PORT = 5432
const SUPERUSER = 'postgres'

/** The folder of the newest installed PostgreSQL server binaries, or null where there are none. */
export function findPostgresBin(): string | null {
  const fromEnv = process.env.SHOUTIT_POSTGRES_BIN
  if (fromEnv) return existsSync(path.join(fromEnv, 'initdb')) ? fromEnv : null
  const root = '/usr/lib/postgresql'
  if (!existsSync(root)) return null
  const versions = readdirSync(root)
    .filter((name) => existsSync(path.join(root, name, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a))
  return versions[0] ? path.join(root, versions[0], 'bin') : null
}

export function postgresAvailable(): boolean {
  return findPostgresBin() !== null
}

export function startPostgresCluster(): PostgresCluster {
  const bin = findPostgresBin()
  if (!bin) {
    throw new Error('PostgreSQL server binaries not found (Debian: apt-get install postgresql; or set SHOUTIT_POSTGRES_BIN)')
  }
  const runAsPostgres = userInfo().uid === 0
  const root = mkdtempSync(path.join(tmpdir(), 'shoutit-pg-'))
  const dataDir = path.join(root, 'data')
  const socketDir = root
  if (runAsPostgres) {
    const owner = spawnSync('id', ['-u', SUPERUSER], { encoding: 'utf8' })
    const uid = Number(owner.stdout.trim())
    const gid = Number(spawnSync('id', ['-g', SUPERUSER], { encoding: 'utf8' }).stdout.trim())
    if (owner.status !== 0 || !Number.isInteger(uid)) throw new Error(`no '${SUPERUSER}' user to run PostgreSQL as`)
    chownSync(root, uid, gid)
  }

  const run = (command: string, args: string[]): SpawnSyncReturns<string> => {
    const full = runAsPostgres ? ['runuser', ['-u', SUPERUSER, '--', command, ...args]] as const : [command, args] as const
    const result = spawnSync(full[0], full[1], { encoding: 'utf8', cwd: root })
    if (result.error) throw result.error
    if (result.status !== 0) {
      throw new Error(`${path.basename(command)} failed (${result.status}): ${result.stderr || result.stdout}`)
    }
    return result
  }

  run(path.join(bin, 'initdb'), ['-D', dataDir, '-U', SUPERUSER, '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C'])
  const serverOptions = [
    `-k ${socketDir}`,
    "-c listen_addresses=''",
    `-p ${SOCKET_PORT}`,
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=200'
  ].join(' ')
  const start = (): void => {
    run(path.join(bin, 'pg_ctl'), ['-D', dataDir, '-o', serverOptions, '-l', path.join(root, 'server.log'), '-w', 'start'])
  }
  start()

  const urlFor = (database: string): string =>
    `postgres://${SUPERUSER}@localhost:${SOCKET_PORT}/${database}?host=${encodeURIComponent(socketDir)}`
  let stopped = false
  return {
    url: urlFor('postgres'),
    socketDir,
    createDatabase(name) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`)
      run(path.join(bin, 'createdb'), ['-h', socketDir, '-p', String(SOCKET_PORT), '-U', SUPERUSER, name])
      return urlFor(name)
    },
    restart() {
      run(path.join(bin, 'pg_ctl'), ['-D', dataDir, '-o', serverOptions, '-l', path.join(root, 'server.log'), '-m', 'fast', '-w', 'restart'])
    },
    async crashAndStart() {
      const postmaster = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0])
      process.kill(postmaster, 'SIGKILL')
      // Orphaned backends notice the dead postmaster and exit; until then a new one refuses to start.
      for (let attempt = 1; ; attempt++) {
        try {
          start()
          return
        } catch (error) {
          if (attempt >= 50) throw error
          await new Promise((resolve) => setTimeout(resolve, 200))
        }
      }
    },
    stop() {
      if (stopped) return
      stopped = true
      try {
        run(path.join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'immediate', '-w', 'stop'])
      } finally {
        rmSync(root, { recursive: true, force: true })
      }
    }
  }
}

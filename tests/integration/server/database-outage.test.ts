// The server rides through PostgreSQL going away under load: a fast restart, terminated
// backends and a killed postmaster. The server runs as its own process, so a crash shows as
// a dead process; every request gets either success or a 503 envelope with Retry-After, the
// pool reconnects by itself, and every write that was answered 200 is stored.
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ErrorEnvelopeSchema, NotificationListSchema } from '../../../common/api'
import { postgresAvailable, startPostgresCluster, type PostgresCluster } from '../../support/postgres-cluster'
import { startServerProcess, type ServerProcess } from '../../support/server-process'
import { signIn } from '../../support/server'
import { call } from './http'

describe.runIf(postgresAvailable())('a PostgreSQL outage under load', () => {
  let cluster: PostgresCluster
  let server: ServerProcess
  let databaseUrl: string
  beforeAll(async () => {
    cluster = startPostgresCluster()
    databaseUrl = cluster.createDatabase('outage')
    // The throwaway cluster acknowledges commits before writing them (fast tests); a crash
    // would then lose acknowledged writes, which a production database does not.
    const admin = new pg.Client({ connectionString: cluster.url })
    await admin.connect()
    await admin.query('ALTER DATABASE outage SET synchronous_commit = on')
    await admin.end()
    // The workers post missed calls as fast as they can, far past what one caller may: the limit is not under test here.
    server = await startServerProcess(['--database-url', databaseUrl, '--quiet', '--missed-calls-per-pair', '1000000', '--missed-calls-per-caller', '1000000'], {}, 120_000)
  }, 180_000)
  afterAll(async () => {
    await server?.stop()
    cluster?.stop()
  })

  it('answers 503 with Retry-After meanwhile, never crashes, reconnects, and stores every write it confirmed', async () => {
    const alice = await signIn(server, 'alice')
    const bob = await signIn(server, 'bob')
    const identity = ((await call(server.url, 'GET', '/v3/twilio/video_identity?profile=bob', { token: alice.access_token })).json as { identity: string })
      .identity
    const statuses: number[] = []
    const unexpected: string[] = []
    let running = true
    const missedCall = async (): Promise<number> => {
      const reply = await call(server.url, 'POST', '/v3/twilio/video_call', { token: alice.access_token, body: { identity, missed: true } })
      statuses.push(reply.status)
      if (reply.status === 503) {
        const envelope = ErrorEnvelopeSchema.parse(reply.json)
        if (envelope.error.errors[0]?.reason !== 'service_unavailable' || reply.headers.get('retry-after') === null) unexpected.push(reply.text)
      } else if (reply.status !== 200) {
        unexpected.push(`${reply.status} ${reply.text}`)
      }
      return reply.status
    }
    const worker = async (): Promise<void> => {
      while (running) await missedCall()
    }
    /** Waits, however long the machine takes, until writes succeed again. */
    const untilWritesSucceed = async (): Promise<void> => {
      while ((await missedCall()) !== 200) await new Promise((resolve) => setTimeout(resolve, 100))
    }
    const terminateBackends = async (): Promise<void> => {
      const admin = new pg.Client({ connectionString: cluster.url })
      await admin.connect()
      try {
        await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'outage' AND pid <> pg_backend_pid()")
      } finally {
        await admin.end()
      }
    }

    const workers = Array.from({ length: 6 }, worker)
    try {
      await untilWritesSucceed()
      for (let round = 0; round < 2; round++) {
        await terminateBackends()
        await untilWritesSucceed()
        cluster.restart()
        await untilWritesSucceed()
        await cluster.crashAndStart()
        await untilWritesSucceed()
      }
    } finally {
      running = false
      await Promise.allSettled(workers)
    }

    expect(server.child.exitCode, server.stderr()).toBeNull()
    expect(unexpected).toEqual([])
    const confirmed = statuses.filter((status) => status === 200).length
    const list = NotificationListSchema.parse((await call(server.url, 'GET', '/v3/notifications?page_size=1', { token: bob.access_token })).json)
    // A write whose COMMIT reply was lost may be stored although it was answered 503: never fewer.
    expect(list.count).toBeGreaterThanOrEqual(confirmed)
    expect(list.count).toBeLessThanOrEqual(statuses.length)
  }, 300_000)
})

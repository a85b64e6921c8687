// Benchmarks of the reference server (a script that prints figures, not a timed test):
//   1. ring latency: POST video_call -> incoming_video_call at a pusher-js client, p50/p99,
//      with --idle other realtime connections open (default 1,000);
//   2. throughput of video_identity + video_call pairs per second;
//   3. realtime connections held by one server process and its RSS (default 10,000).
// 1 and 2 run once per store (SQLite, then PostgreSQL) and are printed side by side; 3 does
// not touch storage and runs on the first. PostgreSQL is DATABASE_URL when set (an empty
// database: the benchmark writes to it), else a throwaway cluster on a Unix socket.
// The server and the idle sockets each run in their own processes, all on loopback.
// Usage: npm run bench:server -- [--idle 1000] [--rings 500] [--seconds 5] [--concurrency 16] [--connections 10000] [--stores sqlite,postgres]
import type { ChildProcess } from 'node:child_process'
import { loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { profileChannelName } from '../../common/api'
import { realtimeClient, signIn } from '../tools/api-client'
import { postgresAvailable, startPostgresCluster, type PostgresCluster } from '../../tests/support/postgres-cluster'
import { children, nextMessage, spawn, stopChildren } from './children'
import type { ServerProcessMessage } from './server-process'

const { values } = parseArgs({
  options: {
    idle: { type: 'string', default: '1000' },
    rings: { type: 'string', default: '500' },
    seconds: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '16' },
    connections: { type: 'string', default: '10000' },
    stores: { type: 'string', default: 'sqlite,postgres' }
  }
})
const settings = {
  idle: Number(values.idle),
  rings: Number(values.rings),
  seconds: Number(values.seconds),
  concurrency: Number(values.concurrency),
  connections: Number(values.connections),
  stores: values.stores.split(',').map((store) => store.trim())
}
for (const store of settings.stores) if (store !== 'sqlite' && store !== 'postgres') throw new Error(`--stores takes sqlite and/or postgres, not "${store}"`)

let appKey = ''
let appSecret = ''
let idleChildren: ChildProcess[] = []

async function openIdle(wsUrl: string, count: number): Promise<number> {
  const perProcess = 5000
  const batches = Array.from({ length: Math.ceil(count / perProcess) }, (_, index) => Math.min(perProcess, count - index * perProcess))
  const results = await Promise.all(
    batches.map(async (size) => {
      const child = spawn('./idle-clients.ts', [wsUrl, String(size), appKey, appSecret])
      idleChildren.push(child)
      const reply = await nextMessage<{ type: 'connected'; open: number; subscribed: number; failed: number }>(child, 'connected')
      if (reply.failed > 0) console.warn(`  ${reply.failed} of ${size} idle connections failed`)
      if (reply.subscribed < reply.open) console.warn(`  only ${reply.subscribed} of ${reply.open} idle connections subscribed`)
      return reply.open
    })
  )
  return results.reduce((sum, open) => sum + open, 0)
}

async function memory(server: ChildProcess): Promise<Extract<ServerProcessMessage, { type: 'memory' }>> {
  server.send({ type: 'memory' })
  return nextMessage(server, 'memory')
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`

interface StoreFigures {
  p50: number
  p99: number
  pairsPerSecond: number
  cpuMsPerPair: number
  failures: number
}

async function measure(store: string, databaseUrl: string | undefined, holdConnections: boolean): Promise<StoreFigures> {
  const server = spawn('./server-process.ts', databaseUrl ? [databaseUrl] : [], ['--expose-gc'])
  const ready = await nextMessage<Extract<ServerProcessMessage, { type: 'ready' }>>(server, 'ready')
  const wsUrl = `ws://127.0.0.1:${ready.port}/app/${ready.pusher.key}?protocol=7`
  appKey = ready.pusher.key
  appSecret = ready.pusher.secret
  console.log(`\n=== ${store}: server ${ready.url} (pid ${server.pid}); ${new Date().toISOString()}; load average ${loadavg().map((load) => load.toFixed(2)).join(' ')}`)

  const [alice, bob] = await Promise.all([signIn(ready.url, 'alice'), signIn(ready.url, 'bob')])
  const auth = { Authorization: `Bearer ${alice.access_token}` }
  const baseline = await memory(server)

  // Bob listens with the official client, as the desktop app does.
  const bobRealtime = realtimeClient(ready.url, { key: ready.pusher.key, host: '127.0.0.1', port: ready.port, tls: false }, bob.access_token)
  const channel = bobRealtime.subscribe(profileChannelName(bob.profile.id))
  await new Promise<void>((resolve) => channel.bind('pusher:subscription_succeeded', () => resolve()))
  const waiting = new Map<string, () => void>()
  channel.bind('incoming_video_call', (event: { video_call: { room: string } }) => waiting.get(event.video_call.room)?.())

  console.log(`\n1. ring latency with ${settings.idle} idle connections`)
  const idleOpen = await openIdle(wsUrl, settings.idle)
  console.log(`  idle connections open: ${idleOpen}`)
  const identity = ((await (await fetch(`${ready.url}/v3/twilio/video_identity?profile=bob`, { headers: auth })).json()) as { identity: string }).identity
  const ring = async (room: string): Promise<number> => {
    const arrived = new Promise<void>((resolve) => waiting.set(room, resolve))
    const started = performance.now()
    const response = await fetch(`${ready.url}/v3/twilio/video_call`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ identity, room })
    })
    await response.arrayBuffer()
    await arrived
    waiting.delete(room)
    return performance.now() - started
  }
  for (let warmup = 0; warmup < 20; warmup++) await ring(`warmup-${warmup}-room`)
  const latencies: number[] = []
  for (let index = 0; index < settings.rings; index++) latencies.push(await ring(`bench-room-${index}`))
  latencies.sort((a, b) => a - b)
  console.log(
    `  rings: ${latencies.length}; p50 ${percentile(latencies, 50).toFixed(2)} ms; p99 ${percentile(latencies, 99).toFixed(2)} ms; max ${latencies.at(-1)!.toFixed(2)} ms (target p99 <= 50 ms)`
  )

  console.log(`\n2. throughput of video_identity + video_call pairs, ${settings.concurrency} concurrent callers, ${settings.seconds} s`)
  let pairs = 0
  let failures = 0
  const cpuBefore = (await memory(server)).cpuMs
  const deadline = performance.now() + settings.seconds * 1000
  await Promise.all(
    Array.from({ length: settings.concurrency }, async (_, worker) => {
      let round = 0
      while (performance.now() < deadline) {
        const lookup = await fetch(`${ready.url}/v3/twilio/video_identity?profile=bob`, { headers: auth })
        const { identity: callee } = (await lookup.json()) as { identity: string }
        const call = await fetch(`${ready.url}/v3/twilio/video_call`, {
          method: 'POST',
          headers: { ...auth, 'Content-Type': 'application/json' },
          body: JSON.stringify({ identity: callee, room: `tp-${worker}-${round++}-room` })
        })
        await call.arrayBuffer()
        if (lookup.ok && call.ok) pairs++
        else failures++
      }
    })
  )
  const cpuUsed = (await memory(server)).cpuMs - cpuBefore
  console.log(`  pairs: ${pairs} in ${settings.seconds} s = ${(pairs / settings.seconds).toFixed(0)} pairs/s; failures: ${failures}`)
  // On a shared machine wall-clock throughput depends on the neighbours; CPU per pair does not.
  console.log(`  server CPU: ${(cpuUsed / Math.max(1, pairs)).toFixed(2)} ms per pair (${(1000 / (cpuUsed / Math.max(1, pairs))).toFixed(0)} pairs/s per fully available core)`)

  const figures: StoreFigures = {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    pairsPerSecond: pairs / settings.seconds,
    cpuMsPerPair: cpuUsed / Math.max(1, pairs),
    failures
  }
  if (!holdConnections) {
    bobRealtime.disconnect()
    await stopChildren([...idleChildren, server])
    idleChildren = []
    return figures
  }

  console.log(`\n3. connections held: ${settings.connections}`)
  const more = settings.connections - idleOpen - 1
  const started = performance.now()
  const added = more > 0 ? await openIdle(wsUrl, more) : 0
  console.log(`  opened ${added} more in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  await new Promise((resolve) => setTimeout(resolve, 3000))
  const held = await memory(server)
  console.log(`  server holds ${held.connections} connections; RSS ${mb(held.rss)} (baseline ${mb(baseline.rss)} with 0); heap ${mb(held.heapUsed)}`)
  console.log(`  per connection: ${((held.rss - baseline.rss) / Math.max(1, held.connections) / 1024).toFixed(1)} KB RSS (target: 10,000 held at <= 300 MB)`)

  bobRealtime.disconnect()
  await stopChildren([...idleChildren, server])
  idleChildren = []
  return figures
}

async function main(): Promise<void> {
  let cluster: PostgresCluster | undefined
  const results = new Map<string, StoreFigures>()
  try {
    for (const [index, store] of settings.stores.entries()) {
      let databaseUrl: string | undefined
      if (store === 'postgres') {
        if (process.env.DATABASE_URL) databaseUrl = process.env.DATABASE_URL
        else if (postgresAvailable()) {
          cluster = startPostgresCluster()
          databaseUrl = cluster.createDatabase('shoutit_bench')
        } else {
          console.warn('\nPostgreSQL: no DATABASE_URL and no PostgreSQL installed; skipped')
          continue
        }
      }
      results.set(store, await measure(store, databaseUrl, index === 0))
    }
  } finally {
    cluster?.stop()
  }

  console.log('\nside by side (same run, same machine)')
  const stores = [...results.keys()]
  const row = (label: string, value: (figures: StoreFigures) => string): string =>
    `  ${label.padEnd(28)}${stores.map((store) => value(results.get(store)!).padStart(12)).join('')}`
  console.log(row('', () => '').slice(0, 30) + stores.map((store) => store.padStart(12)).join(''))
  console.log(row('ring p50 (ms)', (figures) => figures.p50.toFixed(2)))
  console.log(row('ring p99 (ms)', (figures) => figures.p99.toFixed(2)))
  console.log(row('pairs/s', (figures) => figures.pairsPerSecond.toFixed(0)))
  console.log(row('server CPU per pair (ms)', (figures) => figures.cpuMsPerPair.toFixed(2)))
  console.log(row('failures', (figures) => String(figures.failures)))
  const sqlite = results.get('sqlite')
  const postgres = results.get('postgres')
  if (sqlite && postgres) {
    console.log(`  PostgreSQL throughput is ${((postgres.pairsPerSecond / sqlite.pairsPerSecond) * 100).toFixed(0)}% of SQLite's (target: at least 50%)`)
  }
}

const shutdown = (): void => {
  for (const child of children) {
    if (child.connected) child.send({ type: 'stop' })
  }
  setTimeout(() => {
    for (const child of children) if (child.exitCode === null) child.kill()
    process.exit(process.exitCode ?? 0)
  }, 2000).unref()
}

main()
  .catch((error: unknown) => {
    console.error(error)
    process.exitCode = 1
  })
  .finally(shutdown)

// The server under benchmark, in its own process so its RSS is its own. Started by
// run.ts with an IPC channel (and a PostgreSQL URL as its argument, or none for SQLite):
// it reports where it listens, then answers memory queries.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startServer } from '../src/index'

export type ServerProcessMessage =
  | { type: 'ready'; url: string; port: number; pusher: { key: string; secret: string; appId: string } }
  | { type: 'memory'; rss: number; heapUsed: number; connections: number; cpuMs: number; framesSent: number }

const dataDir = mkdtempSync(join(tmpdir(), 'shoutit-bench-'))
const databaseUrl = process.argv[2]
// Every benchmark socket comes from loopback: lift the per-address connection cap out of the way.
const server = await startServer({ port: 0, dataDir, maxConnectionsPerAddress: 1_000_000, ...(databaseUrl ? { databaseUrl } : {}) })
const send = (message: ServerProcessMessage): void => void process.send?.(message)
send({ type: 'ready', url: server.url, port: server.port, pusher: { key: server.pusher.key, secret: server.pusher.secret, appId: server.pusher.appId } })

process.on('message', (message: { type: string }) => {
  // 'stats' is the same answer without a collection, for callers that measure CPU time.
  if (message.type === 'memory' || message.type === 'stats') {
    // Collect first so the figure is what the connections hold, not garbage awaiting collection.
    const collect = (globalThis as { gc?: () => void }).gc
    if (message.type === 'memory') collect?.()
    const usage = process.memoryUsage()
    const cpu = process.cpuUsage()
    send({ type: 'memory', rss: usage.rss, heapUsed: usage.heapUsed, connections: server.realtimeConnectionCount(), cpuMs: (cpu.user + cpu.system) / 1000, framesSent: server.realtimeFramesSent() })
  } else if (message.type === 'stop') {
    void server.close().then(() => {
      rmSync(dataDir, { recursive: true, force: true })
      process.exit(0)
    })
  }
})

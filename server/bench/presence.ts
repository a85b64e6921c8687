// Presence benchmark (a script that prints figures, not a timed test): the retired
// all-accounts channel against watch channels (docs/api.md §5), in one run, each on a fresh
// server process. A sign-in storm of <users> accounts with <per-user> connections each, then
// one presence change (a user going offline and coming back), and for each: presence
// messages delivered, frames the server wrote, and the server's CPU time.
// Usage: npm run bench:presence -- [--users 2000] [--per-user 5] [--watches 20] [--processes 2] [--designs all-accounts,watch]
import type { ChildProcess } from 'node:child_process'
import { loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { children, nextMessage, spawn, stopChildren } from './children'
import type { PresenceClientsMessage, PresenceDesign } from './presence-clients'
import type { ServerProcessMessage } from './server-process'

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '2000' },
    'per-user': { type: 'string', default: '5' },
    watches: { type: 'string', default: '20' },
    processes: { type: 'string', default: '2' },
    designs: { type: 'string', default: 'all-accounts,watch' }
  }
})
const users = Number(values.users)
const perUser = Number(values['per-user'])
const watches = Number(values.watches)
const processes = Number(values.processes)
const designs = values.designs.split(',').map((design) => design.trim())
for (const design of designs) if (design !== 'all-accounts' && design !== 'watch') throw new Error(`--designs takes all-accounts and/or watch, not "${design}"`)
if (!(users > 1 && perUser > 0 && watches >= 0 && processes > 0)) throw new Error('--users > 1, --per-user > 0, --watches >= 0, --processes > 0')

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

type ServerStats = Extract<ServerProcessMessage, { type: 'memory' }>
const serverStats = async (server: ChildProcess, collect = false): Promise<ServerStats> => {
  server.send({ type: collect ? 'memory' : 'stats' })
  return nextMessage(server, 'memory')
}
const received = async (clients: ChildProcess[]): Promise<{ presenceMessages: number; open: number }> => {
  const replies = await Promise.all(
    clients.map((child) => {
      child.send({ type: 'count' })
      return nextMessage<Extract<PresenceClientsMessage, { type: 'received' }>>(child, 'received')
    })
  )
  return replies.reduce((sum, reply) => ({ presenceMessages: sum.presenceMessages + reply.presenceMessages, open: sum.open + reply.open }), { presenceMessages: 0, open: 0 })
}
/** Waits until the server has written nothing new for a while: the fan-out is over. */
async function quiet(server: ChildProcess): Promise<ServerStats> {
  let last = await serverStats(server)
  for (;;) {
    await sleep(500)
    const now = await serverStats(server)
    if (now.framesSent === last.framesSent) return now
    last = now
  }
}

interface Figures {
  design: PresenceDesign
  open: number
  failed: number
  stormSeconds: number
  stormPresenceMessages: number
  stormFrames: number
  stormCpuMs: number
  changePresenceMessages: number
  changeFrames: number
  changeCpuMs: number
  rss: number
}

async function measure(design: PresenceDesign): Promise<Figures> {
  const server = spawn('./server-process.ts', [], ['--expose-gc'])
  const ready = await nextMessage<Extract<ServerProcessMessage, { type: 'ready' }>>(server, 'ready')
  const wsUrl = `ws://127.0.0.1:${ready.port}/app/${ready.pusher.key}?protocol=7`
  console.log(`\n=== ${design}: ${users} users x ${perUser} connections${design === 'watch' ? `, ${watches} people watched per connection` : ''}; load average ${loadavg().map((load) => load.toFixed(2)).join(' ')}`)
  const before = await serverStats(server)
  const started = performance.now()
  const share = Math.ceil(users / processes)
  const clients = Array.from({ length: processes }, (_, index) => [index * share, Math.min(users, (index + 1) * share)] as const)
    .filter(([from, to]) => to > from)
    .map(([from, to]) => spawn('./presence-clients.ts', [wsUrl, ready.pusher.key, ready.pusher.secret, design, String(users), String(perUser), String(watches), String(from), String(to)]))
  const stormed = await Promise.all(clients.map((child) => nextMessage<Extract<PresenceClientsMessage, { type: 'stormed' }>>(child, 'stormed')))
  const afterStorm = await quiet(server)
  const stormSeconds = (performance.now() - started) / 1000
  const stormReceived = await received(clients)

  // One change, each way: user 0 (held by the first client process) goes, then comes back.
  const holder = clients[0]!
  let changeMessages = 0
  let last = afterStorm
  let changeCpuMs = 0
  let changeFrames = 0
  for (const phase of ['out', 'in'] as const) {
    const messagesBefore = (await received(clients)).presenceMessages
    holder.send({ type: `single-${phase}` })
    await nextMessage(holder, 'single')
    const settled = await quiet(server)
    changeMessages += (await received(clients)).presenceMessages - messagesBefore
    changeCpuMs += settled.cpuMs - last.cpuMs
    changeFrames += settled.framesSent - last.framesSent
    last = settled
  }
  const figures: Figures = {
    design,
    open: stormReceived.open,
    failed: stormed.reduce((sum, reply) => sum + reply.failed, 0),
    stormSeconds,
    stormPresenceMessages: stormReceived.presenceMessages,
    stormFrames: afterStorm.framesSent - before.framesSent,
    stormCpuMs: afterStorm.cpuMs - before.cpuMs,
    changePresenceMessages: changeMessages / 2,
    changeFrames: changeFrames / 2,
    changeCpuMs: changeCpuMs / 2,
    rss: (await serverStats(server, true)).rss
  }
  console.log(`  connections open ${figures.open}, failed ${figures.failed}, storm took ${figures.stormSeconds.toFixed(1)} s`)
  await stopChildren([...clients, server], 5000)
  return figures
}

process.on('exit', () => {
  for (const child of children) if (child.exitCode === null) child.kill()
})

const results: Figures[] = []
for (const design of designs) results.push(await measure(design as PresenceDesign))

const rows: Array<[string, (figures: Figures) => string]> = [
  ['connections open / failed', (f) => `${f.open} / ${f.failed}`],
  ['storm: presence messages delivered', (f) => f.stormPresenceMessages.toLocaleString('en')],
  ['storm: presence messages per sign-in', (f) => (f.stormPresenceMessages / users).toFixed(1)],
  ['storm: frames the server wrote', (f) => f.stormFrames.toLocaleString('en')],
  ['storm: server CPU', (f) => `${(f.stormCpuMs / 1000).toFixed(2)} s`],
  ['one change: presence messages', (f) => f.changePresenceMessages.toLocaleString('en')],
  ['one change: frames the server wrote', (f) => f.changeFrames.toLocaleString('en')],
  ['one change: server CPU', (f) => `${f.changeCpuMs.toFixed(1)} ms`],
  ['server RSS after the storm', (f) => `${(f.rss / 1024 / 1024).toFixed(0)} MB`]
]
const width = Math.max(...rows.map(([label]) => label.length))
console.log(`\nPresence: ${users} users, ${users * perUser} connections (same machine, same run)`)
console.log(`${''.padEnd(width)}  ${results.map((figures) => figures.design.padStart(16)).join('  ')}`)
for (const [label, value] of rows) console.log(`${label.padEnd(width)}  ${results.map((figures) => value(figures).padStart(16)).join('  ')}`)
console.log('\nall-accounts is the retired presence-v3-online channel; on hosted Pusher (100 members at most) it refuses the 101st person.')
process.exit(0)

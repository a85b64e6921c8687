// The clients of the presence benchmark, in their own process: <users> accounts with
// <per-user> connections each, all opened at once (a sign-in storm). Every connection joins
// its owner's own channel presence-v3-p-<id>, as the app does, and then follows presence the
// way the chosen design does:
//   all-accounts: joins the retired presence-v3-online, whose member_added/member_removed
//                 reach every connection;
//   watch:        subscribes to private-v3-watch-<id> of <watches> other people (the rows on
//                 its screen), whose presence_changed reach only those watchers.
// Subscriptions are signed with the app secret, as /v3/pusher/auth would sign them, so both
// designs pay the same for authorisation. Counts the presence messages it receives and
// reports them over IPC. Users [<from>, <to>) are this process's; the driver may split them.
// argv: <ws url> <key> <secret> <design> <users> <per-user> <watches> <from> <to>
import WebSocket from 'ws'
import { LEGACY_ONLINE_CHANNEL, profileChannelName, watchChannelName } from '../../common/api'
import { seededRandom } from '../../tests/support/seeded-random'
import { channelAuth } from '../src/realtime/signatures'

export type PresenceDesign = 'all-accounts' | 'watch'
export type PresenceClientsMessage =
  | { type: 'stormed'; open: number; failed: number; presenceMessages: number }
  | { type: 'received'; presenceMessages: number; open: number }
  | { type: 'single'; phase: 'in' | 'out' }

const [url, key, secret, design, usersText, perUserText, watchesText, fromText, toText] = process.argv.slice(2)
const users = Number(usersText)
const perUser = Number(perUserText)
const watches = Number(watchesText)
const from = Number(fromText)
const to = Number(toText)
if (!url || !key || !secret || (design !== 'all-accounts' && design !== 'watch') || !(users > 1) || !(perUser > 0) || !(watches >= 0) || !(from >= 0 && to > from && to <= users)) {
  console.error('usage: presence-clients <ws url> <key> <secret> <all-accounts|watch> <users> <per-user> <watches> <from> <to>')
  process.exit(2)
}

const userId = (index: number): string => `bench-user-${index}`
const PONG = JSON.stringify({ event: 'pusher:pong', data: {} })
// What each design delivers when someone comes or goes; counted by substring, not parsed, so
// the clients' own CPU does not decide the figures.
const PRESENCE_EVENTS = design === 'all-accounts' ? ['pusher_internal:member_added', 'pusher_internal:member_removed'] : ['"presence_changed"']
let presenceMessages = 0
let open = 0
let failed = 0
const sockets: WebSocket[] = []
const ownerOf = new Map<WebSocket, number>()

/** The other people a connection has on screen: an even spread, the same in every run. */
function watchedBy(user: number, connection: number): number[] {
  const next = seededRandom(user * 1_000_003 + connection * 7919 + 1)
  const chosen = new Set<number>()
  while (chosen.size < Math.min(watches, users - 1)) {
    const other = Math.floor(next() * users)
    if (other !== user) chosen.add(other)
  }
  return [...chosen]
}

function channelsFor(user: number, connection: number): string[] {
  const own = profileChannelName(userId(user))
  return design === 'all-accounts' ? [own, LEGACY_ONLINE_CHANNEL] : [own, ...watchedBy(user, connection).map((other) => watchChannelName(userId(other)))]
}

function subscribeFrame(socketId: string, user: number, channel: string): string {
  if (channel.startsWith('private-')) return JSON.stringify({ event: 'pusher:subscribe', data: { channel, auth: channelAuth(key!, secret!, socketId, channel) } })
  // A profile's member info as the app's auth route gives it, trimmed to a name.
  const channelData = JSON.stringify({ user_id: userId(user), user_info: { name: `Bench User ${user}` } })
  return JSON.stringify({ event: 'pusher:subscribe', data: { channel, auth: channelAuth(key!, secret!, socketId, channel, channelData), channel_data: channelData } })
}

/** Opens one connection and resolves once all its subscriptions succeeded (or it failed). */
function connect(user: number, connection: number): Promise<WebSocket> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url!, { perMessageDeflate: false })
    sockets.push(socket)
    ownerOf.set(socket, user)
    const channels = channelsFor(user, connection)
    let pending = channels.length
    socket.on('message', (raw) => {
      const text = raw.toString()
      if (PRESENCE_EVENTS.some((event) => text.includes(event))) presenceMessages++
      else if (text.includes('pusher:connection_established')) {
        open++
        const socketId = (JSON.parse((JSON.parse(text) as { data: string }).data) as { socket_id: string }).socket_id
        for (const channel of channels) socket.send(subscribeFrame(socketId, user, channel))
      } else if (text.includes('subscription_succeeded')) {
        if (--pending === 0) resolve(socket)
      } else if (text.includes('"pusher:ping"')) socket.send(PONG)
      else if (text.includes('subscription_error')) {
        failed++
        resolve(socket)
      }
    })
    socket.on('error', () => {
      failed++
      resolve(socket)
    })
    socket.on('close', () => {
      if (open > 0) open--
    })
  })
}

const send = (message: PresenceClientsMessage): void => void process.send?.(message)

// The storm: every user's connections, a bounded number of handshakes in flight.
const CONCURRENCY = 200
const work: Array<[number, number]> = []
for (let connection = 0; connection < perUser; connection++) for (let user = from; user < to; user++) work.push([user, connection])
let next = 0
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (next < work.length) {
      const [user, connection] = work[next++]!
      await connect(user, connection)
    }
  })
)
send({ type: 'stormed', open, failed, presenceMessages })

// One presence change on demand (sent to the process holding user 0): user 0 goes (all their connections close: the last one
// out is the change), then comes back with one connection.
const socketsOfUserZero = (): WebSocket[] => sockets.filter((socket) => ownerOf.get(socket) === 0)
process.on('message', (message: { type: string }) => {
  if (message.type === 'count') send({ type: 'received', presenceMessages, open })
  if (message.type === 'single-out') {
    for (const socket of socketsOfUserZero()) socket.close()
    send({ type: 'single', phase: 'out' })
  }
  if (message.type === 'single-in') void connect(0, 0).then(() => send({ type: 'single', phase: 'in' }))
  if (message.type === 'stop') {
    for (const socket of sockets) socket.terminate()
    process.exit(0)
  }
})

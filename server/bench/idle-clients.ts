// Opens many idle Pusher-protocol connections from its own process (so their memory and
// file descriptors are not the server's), answers the server's pings, and reports over IPC
// how many are open. Each subscribes to a private channel of its own, signed as the auth
// endpoint would, so the server holds what a signed-in app costs it.
// argv: <ws url> <count> <app key> <app secret>
import WebSocket from 'ws'
import { channelAuth } from '../src/realtime/signatures'

const [url, countText, key, secret] = process.argv.slice(2)
const total = Number(countText)
if (!url || !Number.isInteger(total) || total <= 0 || !key || !secret) {
  console.error('usage: idle-clients <ws url> <count> <app key> <app secret>')
  process.exit(2)
}
let subscribed = 0

let open = 0
let failed = 0
const sockets: WebSocket[] = []
const PONG = JSON.stringify({ event: 'pusher:pong', data: {} })

function openOne(): Promise<void> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url!, { perMessageDeflate: false })
    sockets.push(socket)
    socket.on('message', (raw) => {
      const text = raw.toString()
      if (text.includes('pusher:connection_established')) {
        open++
        const socketId = (JSON.parse((JSON.parse(text) as { data: string }).data) as { socket_id: string }).socket_id
        const channel = `private-bench-${socketId}`
        socket.send(JSON.stringify({ event: 'pusher:subscribe', data: { channel, auth: channelAuth(key!, secret!, socketId, channel) } }))
      } else if (text.includes('subscription_succeeded')) {
        subscribed++
        resolve()
      } else if (text.includes('"pusher:ping"')) {
        socket.send(PONG)
      }
    })
    socket.on('error', () => {
      failed++
      resolve()
    })
    socket.on('close', () => {
      if (open > 0) open--
    })
  })
}

// A bounded number of handshakes in flight keeps the listen backlog from overflowing.
const CONCURRENCY = 200
let next = 0
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (next < total) {
      next++
      await openOne()
    }
  })
)
process.send?.({ type: 'connected', open, subscribed, failed })

process.on('message', (message: { type: string }) => {
  if (message.type === 'count') process.send?.({ type: 'count', open })
  if (message.type === 'stop') {
    for (const socket of sockets) socket.terminate()
    process.exit(0)
  }
})

// A pusher-js (the official client, Node build) connected to a test server, authorising
// channels through the server's /v3/pusher/auth with a bearer token, plus a helper that
// waits for the next event of a given name on a channel.
import type Pusher from 'pusher-js'
import type { Channel } from 'pusher-js'
import type { RunningServer } from '../../../server/src/index'
import { realtimeClient } from '../../../server/tools/api-client'

export interface RealtimeClient {
  pusher: Pusher
  subscribe(channel: string): Promise<Channel>
  /** Resolves with the subscription error's status (e.g. 403) or rejects if it succeeds. */
  subscribeExpectingError(channel: string): Promise<number | undefined>
  close(): void
}

export function connectRealtime(server: Pick<RunningServer, 'url' | 'pusher'>, accessToken: string): RealtimeClient {
  // pusher-js reports an HTTP status only for its built-in transports; remember ours.
  const authStatus = new Map<string, number>()
  const config = { key: server.pusher.key, host: server.pusher.host, port: server.pusher.port, tls: false }
  const pusher = realtimeClient(server.url, config, accessToken, { onAuthStatus: (name, status) => authStatus.set(name, status) })

  const subscribeOutcome = (name: string): Promise<{ ok: true; channel: Channel } | { ok: false; status: number | undefined }> =>
    new Promise((resolve) => {
      const channel = pusher.subscribe(name)
      channel.bind('pusher:subscription_succeeded', () => resolve({ ok: true, channel }))
      channel.bind('pusher:subscription_error', (error: { status?: number }) => resolve({ ok: false, status: error.status ?? authStatus.get(name) }))
    })

  return {
    pusher,
    async subscribe(name) {
      const outcome = await subscribeOutcome(name)
      if (!outcome.ok) throw new Error(`subscription to ${name} failed with ${outcome.status}`)
      return outcome.channel
    },
    async subscribeExpectingError(name) {
      const outcome = await subscribeOutcome(name)
      if (outcome.ok) throw new Error(`subscription to ${name} unexpectedly succeeded`)
      return outcome.status
    },
    close: () => pusher.disconnect()
  }
}

export function nextEvent<T = unknown>(channel: Channel, event: string, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      channel.unbind(event, handler)
      reject(new Error(`no ${event} on ${channel.name} within ${timeoutMs} ms`))
    }, timeoutMs)
    const handler = (data: T): void => {
      clearTimeout(timer)
      channel.unbind(event, handler)
      resolve(data)
    }
    channel.bind(event, handler)
  })
}

export interface RawFrame {
  event: string
  channel?: string
  data: string
  user_id?: string
}

export interface RawSocket {
  socketId: string
  /** Sends the frame as JSON (a string is sent as it is). */
  send(frame: { event: string; channel?: string; data: unknown } | string): void
  /** The next frame with this event name, or one of these names (frames received earlier and not consumed count). */
  next(event: string | string[], timeoutMs?: number): Promise<RawFrame>
  /** Resolves once the server has answered a ping: every frame sent before it was handled. */
  settled(): Promise<void>
  /** Consumes frames named `event` until none comes for `quietMs`; how many there were. */
  drain(event: string, quietMs?: number): Promise<number>
  closed: Promise<{ code: number; reason: string }>
  close(): void
}

/** A bare protocol-7 WebSocket, for what pusher-js would never send. */
export async function openRawSocket(server: Pick<RunningServer, 'pusher'>, path = `/app/${server.pusher.key}?protocol=7`): Promise<RawSocket> {
  const { WebSocket } = await import('ws')
  const socket = new WebSocket(`ws://${server.pusher.host}:${server.pusher.port}${path}`)
  const frames: RawFrame[] = []
  type Wanted = string | string[] | undefined
  const matches = (wanted: Wanted, frame: RawFrame): boolean =>
    wanted === undefined || (Array.isArray(wanted) ? wanted.includes(frame.event) : wanted === frame.event)
  const waiters: { event: Wanted; resolve: (frame: RawFrame) => void }[] = []
  socket.on('message', (raw) => {
    const frame = JSON.parse(raw.toString()) as RawFrame
    const waiter = waiters.findIndex((candidate) => matches(candidate.event, frame))
    if (waiter >= 0) waiters.splice(waiter, 1)[0]!.resolve(frame)
    else frames.push(frame)
  })
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })))
  /** The next frame named `event` (or one of its names), or the next frame of any name when `event` is undefined. */
  const next = (event: Wanted, timeoutMs = 5000): Promise<RawFrame> => {
    const queued = frames.findIndex((frame) => matches(event, frame))
    if (queued >= 0) return Promise.resolve(frames.splice(queued, 1)[0]!)
    return new Promise((resolve, reject) => {
      const waiter = { event, resolve: (frame: RawFrame) => (clearTimeout(timer), resolve(frame)) }
      const timer = setTimeout(() => {
        // A waiter that gave up must not swallow the frame when it comes later.
        waiters.splice(waiters.indexOf(waiter), 1)
        reject(new Error(`no ${event === undefined ? 'frame' : String(event)} within ${timeoutMs} ms`))
      }, timeoutMs)
      waiters.push(waiter)
    })
  }
  // The first frame is connection_established, or pusher:error before a refusal close.
  const first = await next(undefined)
  const socketId = first.event === 'pusher:connection_established' ? (JSON.parse(first.data) as { socket_id: string }).socket_id : ''
  const send = (frame: { event: string; channel?: string; data: unknown } | string): void => socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame))
  return {
    socketId,
    send,
    next,
    async settled() {
      send({ event: 'pusher:ping', data: {} })
      await next('pusher:pong')
    },
    async drain(event, quietMs = 50) {
      let count = 0
      while (await next(event, quietMs).then(() => true, () => false)) count++
      return count
    },
    closed,
    close: () => socket.close()
  }
}

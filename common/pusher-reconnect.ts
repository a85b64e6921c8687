// pusher-js (8.x) gives a WebSocket attempt 15 s, then 30 s, then 60 s, and an attempt the
// server refused still waits out its timeout: after a server restart a client stayed away
// for 15 s although the server was back in one. Its timeouts are not configurable, so while
// a connection is down this restarts the attempt itself, on a capped backoff: a refused
// attempt costs the server one TCP handshake, and one a minute is nothing. Main's realtime
// service and the call window's room channel both connect through it.
import { backoffDelay, type BackoffPolicy } from './backoff'

export const RECONNECT_BACKOFF: BackoffPolicy = { initialMs: 1_000, maxMs: 30_000 }

/** The slice of a pusher-js client this needs. */
export interface RestartablePusher {
  readonly connection: { bind(event: 'state_change', callback: (states: { previous: string; current: string }) => void): void }
  /** Starts connecting again after disconnect(); channels subscribed before are resubscribed. */
  connect(): void
  disconnect(): void
}

export interface ReconnectTimers {
  setTimeout(callback: () => void, delayMs: number): unknown
  clearTimeout(handle: unknown): void
}

export interface ReconnectOptions {
  /** Every state pusher-js reports, except the 'disconnected' → 'connecting' of a restart. */
  onState(current: string): void
  /** A restart is under way (the how-many-th of this outage), for the logs. */
  onRestart?(attempt: number): void
  policy?: BackoffPolicy
}

/** Watches `pusher` until stop(): while it is connecting (or unavailable), restarts the attempt. */
export function superviseReconnects(pusher: RestartablePusher, timers: ReconnectTimers, options: ReconnectOptions): { stop(): void } {
  const policy = options.policy ?? RECONNECT_BACKOFF
  let down = false
  let restarts = 0
  let restarting = false
  let stopped = false
  let timer: unknown

  const clear = (): void => {
    if (timer !== undefined) timers.clearTimeout(timer)
    timer = undefined
  }
  const schedule = (): void => {
    timer = timers.setTimeout(() => {
      timer = undefined
      if (stopped || !down) return
      restarts += 1
      options.onRestart?.(restarts)
      // disconnect() aborts the attempt waiting out its timeout; connect() starts a new one
      // and resubscribes the channels once connected. The states in between are ours.
      restarting = true
      try {
        pusher.disconnect()
        pusher.connect()
      } finally {
        restarting = false
      }
      schedule()
    }, backoffDelay(policy, restarts + 1))
  }

  pusher.connection.bind('state_change', ({ current }) => {
    if (stopped || restarting) return
    const isDown = current === 'connecting' || current === 'unavailable'
    if (isDown && !down) {
      down = true
      restarts = 0
      schedule()
    } else if (!isDown && down) {
      down = false
      clear()
    }
    options.onState(current)
  })

  return {
    stop() {
      stopped = true
      clear()
    }
  }
}

// pusher-js (8.x) gives a WebSocket attempt 15 s, then 30 s, then 60 s, and an attempt the
// server refused still waits out its timeout: after a server restart a client stayed away
// for 15 s although the server was back in one. Its timeouts are not configurable, so while
// a connection is down this restarts the attempt itself, on a capped backoff: a refused
// attempt costs the server one TCP handshake, and one a minute is nothing. Main's realtime
// service and the call window's room channel both connect through it.
import { jitteredBackoffDelay, type BackoffPolicy, type RandomSource } from './backoff'
import { TimerSlot, type Timers } from './timer-slot'

export const RECONNECT_BACKOFF: BackoffPolicy = { initialMs: 1_000, maxMs: 30_000 }
/** No restart sooner than this after the previous one, whatever the jitter draws. */
export const RECONNECT_FLOOR_MS = 100

/** The slice of a pusher-js client this needs. */
export interface RestartablePusher {
  readonly connection: { bind(event: 'state_change', callback: (states: { previous: string; current: string }) => void): void }
  /** Starts connecting again after disconnect(); channels subscribed before are resubscribed. */
  connect(): void
  disconnect(): void
}

export interface ReconnectOptions {
  /** Every state pusher-js reports, except the 'disconnected' → 'connecting' of a restart. */
  onState(current: string): void
  /** A restart is under way (the how-many-th of this outage), for the logs. */
  onRestart?(attempt: number): void
  /** The jitter's source (default Math.random). */
  random?: RandomSource
}

/**
 * Watches `pusher` until stop(): while it is connecting (or unavailable), restarts the
 * attempt, each restart at a jittered point of its backoff window (full jitter), so clients
 * dropped together by one server restart do not return together.
 */
export function superviseReconnects(pusher: RestartablePusher, timers: Timers, options: ReconnectOptions): { stop(): void } {
  const restart = new TimerSlot(timers)
  let down = false
  let restarts = 0
  let restarting = false
  let stopped = false

  // Only pending while down and not stopped: coming back up and stop() both clear it.
  const schedule = (): void =>
    restart.set(jitteredBackoffDelay(RECONNECT_BACKOFF, restarts + 1, options.random, RECONNECT_FLOOR_MS), () => {
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
    })

  pusher.connection.bind('state_change', ({ current }) => {
    if (stopped || restarting) return
    const isDown = current === 'connecting' || current === 'unavailable'
    if (isDown && !down) {
      down = true
      restarts = 0
      schedule()
    } else if (!isDown && down) {
      down = false
      restart.clear()
    }
    options.onState(current)
  })

  return {
    stop() {
      stopped = true
      restart.clear()
    }
  }
}

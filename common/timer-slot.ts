// A service's one pending timer for one purpose (the next token refresh, the next retry,
// the next update check, the next reconnect): setting it replaces whatever was pending, so
// a service never has two of the same kind in flight.
import { MAX_TIMER_DELAY_MS } from './backoff'

/** Scheduling as main's Clock and the call window's both provide it. */
export interface Timers {
  setTimeout(callback: () => void, delayMs: number): unknown
  clearTimeout(handle: unknown): void
}

export class TimerSlot {
  #handle: unknown

  constructor(private readonly clock: Timers) {}

  /**
   * Runs `run` once after `delayMs`, cancelling what was pending. The delay is capped at
   * what a JS timer can wait (longer ones would fire at once): callers check on wake-up
   * whether their moment has really come.
   */
  set(delayMs: number, run: () => void): void {
    this.clear()
    this.#handle = this.clock.setTimeout(
      () => {
        this.#handle = undefined
        run()
      },
      Math.min(Math.max(0, delayMs), MAX_TIMER_DELAY_MS)
    )
  }

  clear(): void {
    if (this.#handle !== undefined) this.clock.clearTimeout(this.#handle)
    this.#handle = undefined
  }
}

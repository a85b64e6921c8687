// A clock tests drive by hand: days pass in milliseconds of real time, the machine can
// sleep (wall time jumps, pending timers fire late, as monotonic timers do after a
// suspend) and timers fire in order with the promises they start settled in between.
import type { Clock, TimerHandle } from '../../../main/services/core/platform'

interface PendingTimer {
  id: number
  due: number
  callback: () => void
}

export class FakeClock implements Clock {
  #now: number
  #nextId = 1
  #timers: PendingTimer[] = []
  firedCount = 0

  constructor(startMs = Date.UTC(2026, 0, 1)) {
    this.#now = startMs
  }

  now(): number {
    return this.#now
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const timer = { id: this.#nextId++, due: this.#now + Math.max(0, delayMs), callback }
    this.#timers.push(timer)
    return { fakeTimerId: timer.id }
  }

  clearTimeout(handle: TimerHandle): void {
    const id = (handle as { fakeTimerId?: number }).fakeTimerId
    this.#timers = this.#timers.filter((timer) => timer.id !== id)
  }

  get pendingTimers(): number {
    return this.#timers.length
  }

  /** Moves time forward, firing every timer that falls due, in order, settling promises after each. */
  async advance(ms: number): Promise<void> {
    const end = this.#now + ms
    await settle()
    for (;;) {
      const next = this.#timers.filter((timer) => timer.due <= end).sort((a, b) => a.due - b.due || a.id - b.id)[0]
      if (!next) break
      this.#timers = this.#timers.filter((timer) => timer !== next)
      this.#now = Math.max(this.#now, next.due)
      this.firedCount += 1
      next.callback()
      await settle()
    }
    this.#now = end
    await settle()
  }

  /** The machine sleeps: wall time jumps and nothing fires; pending timers come due that much later. */
  sleep(ms: number): void {
    this.#now += ms
    for (const timer of this.#timers) timer.due += ms
  }
}

/** Lets every promise chain started so far run to completion (fake I/O resolves in microtasks). */
export async function settle(rounds = 5): Promise<void> {
  for (let round = 0; round < rounds; round += 1) await new Promise<void>((resolve) => setImmediate(resolve))
}

// Small fakes for the incoming-call, missed-call and history tests: a clock whose time
// only moves when the test says so, a memory store, a logger that stays quiet.
import type { CallKind, Profile } from '../../../common/api'
import type { Clock, KeyValueStore, Logger, TimerHandle } from '../../../main/services/core/platform'

export class FakeClock implements Clock {
  #now: number
  #nextId = 1
  readonly #timers = new Map<number, { at: number; callback: () => void }>()

  constructor(start = Date.UTC(2026, 10, 24, 12, 0, 0)) {
    this.#now = start
  }

  now(): number {
    return this.#now
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const id = this.#nextId++
    this.#timers.set(id, { at: this.#now + delayMs, callback })
    return id
  }

  clearTimeout(handle: TimerHandle): void {
    this.#timers.delete(handle as number)
  }

  pendingTimers(): number {
    return this.#timers.size
  }

  /** Moves time forward, firing due timers in order. */
  advance(ms: number): void {
    const target = this.#now + ms
    for (;;) {
      const due = [...this.#timers.entries()].filter(([, t]) => t.at <= target).sort((a, b) => a[1].at - b[1].at)[0]
      if (!due) break
      this.#timers.delete(due[0])
      this.#now = due[1].at
      due[1].callback()
    }
    this.#now = target
  }
}

export class MemoryStore implements KeyValueStore {
  readonly data = new Map<string, unknown>()
  get(key: string): unknown {
    const value = this.data.get(key)
    return value === undefined ? undefined : structuredClone(value)
  }
  set(key: string, value: unknown): void {
    this.data.set(key, structuredClone(value))
  }
  delete(key: string): void {
    this.data.delete(key)
  }
}

export const quietLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} }

export function profile(username: string, overrides: Partial<Profile> = {}): Profile {
  return {
    id: `id-${username}`,
    username,
    name: username[0]!.toUpperCase() + username.slice(1),
    type: 'user',
    first_name: '',
    last_name: '',
    image: null,
    ...overrides
  }
}

export const identityOf = (seed: string): string => seed.repeat(32).slice(0, 32)

/** A ring push; without `kind`, as historic servers send it. */
export function incoming(username: string, room: string, identity = identityOf('a'), kind?: CallKind) {
  return { ...profile(username), video_call: { room, identity, ...(kind ? { kind } : {}) } }
}

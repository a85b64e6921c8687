// Test adapters for the main-process Platform, used by the end-to-end harness: the same
// slots the Electron entry fills with real adapters, filled with things a test can watch
// (every request made, every timer fired, every log line) and drive (resume from sleep).
import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs'
import path from 'node:path'
import type { EventChannel, EventPayload } from '../../../common/ipc'
import type { Clock, SecretStorage, TimerHandle, WindowHub } from '../../../main/services/core/platform'
import { TestKeyring } from '../platform/secret-storage'

/** A real clock that counts what it schedules and fires: the idle-cost benchmark reads it. */
export class CountingClock implements Clock {
  scheduled = 0
  fired = 0
  readonly #live = new Set<ReturnType<typeof setTimeout>>()

  now(): number {
    return Date.now()
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    this.scheduled += 1
    const handle = setTimeout(() => {
      this.#live.delete(handle)
      this.fired += 1
      callback()
    }, Math.max(0, delayMs))
    this.#live.add(handle)
    return handle
  }

  clearTimeout(handle: TimerHandle): void {
    clearTimeout(handle as ReturnType<typeof setTimeout>)
    this.#live.delete(handle as ReturnType<typeof setTimeout>)
  }

  get pending(): number {
    return this.#live.size
  }
}

/**
 * A keyring stand-in whose key is kept in the client's data directory, so a client restarted
 * on the same directory finds its session again, as it would with the OS keyring, while
 * nothing readable is written next to the secrets themselves.
 */
export function createTestSecretStorage(dataDir: string): SecretStorage {
  const keyFile = path.join(dataDir, 'test-keyring.key')
  mkdirSync(dataDir, { recursive: true })
  if (!existsSync(keyFile)) writeFileSync(keyFile, randomBytes(32), { mode: 0o600 })
  return new TestKeyring('test_keyring', readFileSync(keyFile))
}

export interface RecordedRequest {
  method: string
  path: string
  status: number | null
  at: number
}

/** globalThis.fetch, recording the method and path (never headers or bodies: they hold tokens). */
export function createRecordingFetch(requests: RecordedRequest[]): typeof globalThis.fetch {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input))
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase()
    const entry: RecordedRequest = { method, path: url.pathname, status: null, at: Date.now() }
    requests.push(entry)
    const response = await globalThis.fetch(input, init)
    entry.status = response.status
    return response
  }
}

/** The client's pages, by sender id; events reach them through the harness binding, not here. */
export class TestWindows implements WindowHub {
  readonly senders = new Set<number>()
  showMainCalls = 0
  onShowMain: () => void = () => undefined

  isAppSender(senderId: number): boolean {
    return this.senders.has(senderId)
  }
  broadcast<C extends EventChannel>(_channel: C, _payload: EventPayload<C>): void {
    // composeMain also hands every event to onEvent listeners, which the page bindings use.
  }
  showMain(): void {
    this.showMainCalls += 1
    this.onShowMain()
  }
}

// A whole test Platform for composeMain: fake or real clock, test keyring, stores, a
// power source tests trigger, windows identified by sender id, a log kept in memory.
import type { DesktopOs, EventChannel, EventPayload } from '../../../common/ipc'
import type {
  Clock,
  KeyValueStoreFactory,
  Logger,
  Platform,
  PowerEvents,
  PusherFactory,
  SecretStorage,
  WindowHub
} from '../../../main/services/core/platform'
import { createNodePusher } from '../../../main/platform/pusher'
import { memoryStores } from './stores'
import { TestKeyring } from './secret-storage'

export class TestPower implements PowerEvents {
  readonly #resume = new Set<() => void>()
  onResume(listener: () => void): () => void {
    this.#resume.add(listener)
    return () => void this.#resume.delete(listener)
  }
  resume(): void {
    for (const listener of [...this.#resume]) listener()
  }
}

export class RecordingWindows implements WindowHub {
  readonly senders = new Set<number>([1])
  readonly sent: Array<{ channel: EventChannel; payload: unknown }> = []
  shown = 0
  isAppSender(senderId: number): boolean {
    return this.senders.has(senderId)
  }
  broadcast<C extends EventChannel>(channel: C, payload: EventPayload<C>): void {
    this.sent.push({ channel, payload })
  }
  showMain(): void {
    this.shown += 1
  }
}

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error'
  message: string
  fields?: Record<string, unknown>
}

/** Keeps every line in `lines`; with `echo` it prints each one too, after `[label]` when given. */
export function memoryLogger(lines: LogLine[] = [], echo = process.env.SHOUTIT_TEST_LOG === '1', label?: string): Logger & { lines: LogLine[] } {
  const prefix = label === undefined ? '' : `[${label}] `
  const log = (level: LogLine['level']) => (message: string, fields?: Record<string, unknown>) => {
    lines.push(fields ? { level, message, fields } : { level, message })
    if (echo) console.log(`${prefix}${level} ${message}${fields ? ' ' + JSON.stringify(fields) : ''}`)
  }
  return { lines, debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') }
}

export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)
}

export interface TestPlatform extends Platform {
  power: TestPower
  windows: RecordingWindows
  logger: Logger & { lines: LogLine[] }
  opened: string[]
}

export interface TestPlatformOptions {
  clock?: Clock
  secretStorage?: SecretStorage
  createStore?: KeyValueStoreFactory
  fetch?: typeof globalThis.fetch
  createPusher?: PusherFactory
  dataDir?: string
  localServerUrl?: string
  /** The OS the app believes it runs on; by default this process's. */
  os?: DesktopOs
}

export function createTestPlatform(options: TestPlatformOptions = {}): TestPlatform {
  const opened: string[] = []
  return {
    clock: options.clock ?? realClock,
    secretStorage: options.secretStorage ?? new TestKeyring(),
    createStore: options.createStore ?? memoryStores(),
    fetch: options.fetch ?? globalThis.fetch,
    power: new TestPower(),
    windows: new RecordingWindows(),
    logger: memoryLogger(),
    dataDir: options.dataDir ?? '/nonexistent',
    createPusher: options.createPusher ?? createNodePusher,
    opened,
    async openExternal(url) {
      opened.push(url)
    },
    ...(options.localServerUrl === undefined ? {} : { localServerUrl: options.localServerUrl }),
    ...(options.os === undefined ? {} : { os: options.os })
  }
}

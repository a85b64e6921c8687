// The composition of the main process: which service gets which dependency, which IPC
// channel calls what. The Electron entry calls composeMain with real adapters; tests and
// the end-to-end harness call it with test adapters, so they run this very wiring.
//
// Other engineers add their services and handlers in the marked sections below.
import type { EventChannel, EventPayload, IpcResult } from '../common/ipc'
import { IpcRouter } from './ipc/router'
import type { Platform } from './services/platform'

export interface ComposeOptions {
  /** Start the session restore → token refresh → video_auth → realtime chain (default true). */
  autoStart?: boolean
}

export interface SentEvent {
  channel: EventChannel
  payload: unknown
}

export interface MainHandle {
  ipc: {
    /** Invokes a channel as the given sender, exactly as a window's preload would. */
    invoke(senderId: number, channel: string, request: unknown): Promise<IpcResult<unknown>>
  }
  /** Every event sent to the app's windows. Returns an unsubscribe function. */
  onEvent(listener: (event: SentEvent) => void): () => void
  /** Resolves once start-up (restore, refresh, video_auth, realtime) has run. */
  ready: Promise<void>
  dispose(): Promise<void>
}

export function composeMain(platform: Platform, options: ComposeOptions = {}): MainHandle {
  const eventListeners = new Set<(event: SentEvent) => void>()
  const send = <C extends EventChannel>(channel: C, payload: EventPayload<C>): void => {
    platform.windows.broadcast(channel, payload)
    for (const listener of [...eventListeners]) listener({ channel, payload })
  }
  void send

  const router = new IpcRouter((senderId) => platform.windows.isAppSender(senderId), platform.logger)

  // ---- services of other engineers: add below -------------------------------------------

  const disposers: Array<() => void | Promise<void>> = []
  const ready = options.autoStart === false ? Promise.resolve() : Promise.resolve()

  return {
    ipc: { invoke: (senderId, channel, request) => router.invoke(senderId, channel, request) },
    onEvent(listener) {
      eventListeners.add(listener)
      return () => eventListeners.delete(listener)
    },
    ready,
    async dispose() {
      for (const dispose of disposers.reverse()) await dispose()
      eventListeners.clear()
    }
  }
}

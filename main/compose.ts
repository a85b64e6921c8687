// The composition of the main process: the core, then each feature with its IPC channels.
// The Electron entry calls composeMain with real adapters; tests and the end-to-end harness
// call it with test adapters, so they run this very wiring.
import type { EventChannel, EventPayload, IpcResult } from '../common/ipc'
import { guardedSend, type SendEvent } from './ipc/event-guard'
import { IpcRouter } from './ipc/router'
import { ScreenSharePicker } from './platform/screen-share-picker'
import { registerCalls, type Calls } from './services/calls/register'
import type { ApiClient } from './services/core/api-client'
import type { NavigationQueue } from './services/core/navigation'
import type { Platform } from './services/core/platform'
import type { RealtimeService } from './services/core/realtime'
import { HeldSecrets, maskingLogger } from './services/core/held-secrets'
import { registerCore, type CoreOptions } from './services/core/register'
import type { ServerDirectory } from './services/core/servers'
import type { SessionService } from './services/core/session'
import type { SettingsService } from './services/core/settings'
import type { LanguageService } from './services/core/language'
import type { VideoTokenKeeper } from './services/core/video-token-keeper'
import { registerDesktop, type Desktop } from './services/desktop/register'
import { registerUpdates } from './services/updates/register'
import type { UpdateService } from './services/updates/service'

export interface ComposeOptions extends CoreOptions {
  /** Start the session restore → token refresh → video_auth → realtime chain (default true). */
  autoStart?: boolean
  /** How long an unanswered incoming call rings (default 45 s). */
  ringTimeoutMs?: number
}

export interface SentEvent {
  channel: EventChannel
  payload: unknown
}

export interface MainHandle {
  ipc: {
    /** Invokes a channel as the given sender, exactly as a window's preload would. */
    invoke(senderId: number, channel: string, request: unknown): Promise<IpcResult<unknown>>
    /** The channels that have a handler (the contract minus what is not built yet). */
    channels(): string[]
  }
  /** Sends an event to every app window, checked against the contract first (refused and logged when it does not match). */
  send: SendEvent
  /** Every event sent to the app's windows. Returns an unsubscribe function. */
  onEvent(listener: (event: SentEvent) => void): () => void
  /** Resolves once start-up (restore, refresh, video_auth, realtime) has run. */
  ready: Promise<void>
  services: {
    api: ApiClient
    session: SessionService
    videoTokens: VideoTokenKeeper
    realtime: RealtimeService
    servers: ServerDirectory
    settings: SettingsService
    /** The app's language: main's translator for its own menus and dialogs, and its changes. */
    language: LanguageService
    /** Screens for the main window, held until its renderer is ready. */
    navigation: Pick<NavigationQueue, 'navigate'>
    /** Rings, call history, missed calls. */
    calls: Omit<Calls, 'dispose'>
    /** Tray, ring window, badge, deep links, start-up at login. */
    desktop: Omit<Desktop, 'dispose'>
    /** Answers the display-media handler (main/platform/screen-share.ts) with the renderer's pick. */
    screenShare: ScreenSharePicker
    /** Self-updates that never interrupt a call. */
    updates: UpdateService
  }
  dispose(): Promise<void>
}

export function composeMain(platform: Platform, options: ComposeOptions = {}): MainHandle {
  const { clock } = platform
  // Every line main logs is masked by value for each secret the session and the video-token
  // keeper hold now, before the platform's logger (key-name and shape masking, the file) sees it.
  const secrets = options.secrets ?? new HeldSecrets()
  const logger = maskingLogger(platform.logger, secrets)
  const eventListeners = new Set<(event: SentEvent) => void>()
  // Every event any feature sends goes through this one checked path.
  const send: SendEvent = guardedSend((channel, payload) => {
    platform.windows.broadcast(channel, payload)
    for (const listener of [...eventListeners]) listener({ channel, payload })
  }, logger)
  const router = new IpcRouter((senderId) => platform.windows.isAppSender(senderId), logger)
  const { windows, createStore } = platform

  const core = registerCore({ ...platform, logger }, router, send, { ...options, secrets })
  const calls = registerCalls({
    clock,
    logger,
    createStore,
    windows,
    router,
    send,
    core,
    ...(options.ringTimeoutMs === undefined ? {} : { ringTimeoutMs: options.ringTimeoutMs })
  })
  const updates = registerUpdates({ backend: platform.updater, coordinator: calls.coordinator, clock, logger, router, send, t: core.language.t })
  const desktop = registerDesktop({ ports: platform.desktop, logger, windows, core, calls, updates, router, clock })
  const screenShare = registerScreenShare(router, send, clock)
  // Last built, first disposed.
  const disposers: Array<() => void> = [core.dispose, calls.dispose, updates.dispose, desktop.dispose, () => screenShare.dispose()].reverse()

  const ready =
    options.autoStart === false ? Promise.resolve() : core.start().catch((error: unknown) => logger.error('start-up failed', { error: String(error) }))

  return {
    ipc: {
      invoke: (senderId, channel, request) => router.invoke(senderId, channel, request),
      channels: () => router.registeredChannels()
    },
    send,
    onEvent(listener) {
      eventListeners.add(listener)
      return () => eventListeners.delete(listener)
    },
    ready,
    services: {
      api: core.api,
      session: core.session,
      videoTokens: core.videoTokens,
      realtime: core.realtime,
      servers: core.servers,
      settings: core.settings,
      language: core.language,
      navigation: core.navigation,
      calls,
      desktop,
      updates: updates.service,
      screenShare
    },
    async dispose() {
      // splice, so that a second dispose() does nothing.
      for (const dispose of disposers.splice(0)) dispose()
      eventListeners.clear()
    }
  }
}

/** The renderer's screen picker answers main's display-media requests. */
function registerScreenShare(router: IpcRouter, send: (channel: 'screen:pick', payload: EventPayload<'screen:pick'>) => void, clock: Platform['clock']): ScreenSharePicker {
  const screenShare = new ScreenSharePicker({ offer: (sources) => send('screen:pick', { sources }), clock })
  router.handle('screen:sources', () => screenShare.sources())
  router.handle('screen:choose', ({ sourceId }) => {
    screenShare.choose(sourceId)
    return { ok: true as const }
  })
  return screenShare
}

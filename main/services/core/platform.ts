// What the main-process services need from the outside world. The Electron entry
// (main/index.ts) fills it with real adapters from main/platform/; tests and the
// end-to-end harness fill it with the adapters in tests/support/platform/. Nothing here
// may import electron: every slot is a plain interface.
import type { PusherConfig } from '../../../common/api'
import type { DesktopOs, EventChannel, EventPayload } from '../../../common/ipc'
import type { ChannelAuthorizer } from '../../../common/pusher-options'
import type { DesktopPorts } from '../desktop/ports'
import type { UpdateBackend } from '../updates/backend'

export type TimerHandle = { readonly __timer: unique symbol } | number | object

/** Wall-clock time and scheduling, faked in tests to simulate days, sleep and clock skew. */
export interface Clock {
  /** Unix milliseconds, like Date.now(). */
  now(): number
  setTimeout(callback: () => void, delayMs: number): TimerHandle
  clearTimeout(handle: TimerHandle): void
}

/**
 * Modelled on Electron's safeStorage: encrypts with a key the OS keyring holds.
 * `backend` names the keyring (safeStorage.getSelectedStorageBackend() on Linux, the OS
 * store elsewhere) so the vault can tell when a different one wrote the stored secrets.
 */
export interface SecretStorage {
  readonly backend: string
  /** False when encryption is unavailable or only obfuscation (Linux basic_text): never write secrets then. */
  readonly isPersistent: boolean
  encrypt(plain: string): Buffer
  decrypt(cipher: Buffer): string
}

/** A small persistent JSON document (electron-store in the app, a JSON file or memory in tests). */
export interface KeyValueStore {
  get(key: string): unknown
  set(key: string, value: unknown): void
  delete(key: string): void
}
export type KeyValueStoreFactory = (name: string) => KeyValueStore

export interface PowerEvents {
  /** Fires after the machine wakes from sleep; returns an unsubscribe function. */
  onResume(listener: () => void): () => void
}

/** The app's own windows as the IPC router and the services see them. */
export interface WindowHub {
  /** True only for a webContents id that belongs to one of the app's own windows. */
  isAppSender(senderId: number): boolean
  /** Sends an event to every app window. */
  broadcast<C extends EventChannel>(channel: C, payload: EventPayload<C>): void
  /** Brings the main window forward (creating it if it was closed). */
  showMain(): void
}

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void
  info(message: string, fields?: Record<string, unknown>): void
  warn(message: string, fields?: Record<string, unknown>): void
  error(message: string, fields?: Record<string, unknown>): void
}

/** The subset of pusher-js the realtime service uses, so unit tests can drive a fake. */
export interface PusherChannelLike {
  bind(event: string, callback: (data: unknown) => void): void
  unbind_all(): void
}
export interface PusherConnectionLike {
  readonly state: string
  bind(event: 'state_change', callback: (states: { previous: string; current: string }) => void): void
  bind(event: 'error', callback: (error: unknown) => void): void
}
export interface PusherLike {
  readonly connection: PusherConnectionLike
  subscribe(channelName: string): PusherChannelLike
  unsubscribe(channelName: string): void
  /** Starts connecting again after disconnect(); channels subscribed before are resubscribed. */
  connect(): void
  disconnect(): void
}
export interface PusherClientOptions extends PusherConfig {
  /** Called for every private/presence channel; answers with the server's auth reply. */
  authorize: ChannelAuthorizer
}
/** May resolve asynchronously: the app first asks the system which proxy reaches the server. */
export type PusherFactory = (options: PusherClientOptions) => PusherLike | Promise<PusherLike>

export interface DesktopNotificationAction {
  id: string
  label: string
}

export interface DesktopNotification {
  title: string
  body: string
  /** The caller's avatar (http(s) URL); the adapter falls back to the app icon. */
  imageUrl?: string | null
  actions: DesktopNotificationAction[]
  /** `actionId` is one of `actions`' ids, or 'default' for a click on the notification itself. */
  onActivate(actionId: string): void
}

/** The OS notification centre (node-notifier in the app, a recording fake in tests). */
export interface DesktopNotifier {
  /** False where the OS shows no buttons: a click on the notification must do the main thing. */
  readonly supportsActions: boolean
  notify(notification: DesktopNotification): void
}

export interface Platform {
  clock: Clock
  secretStorage: SecretStorage
  createStore: KeyValueStoreFactory
  fetch: typeof globalThis.fetch
  power: PowerEvents
  windows: WindowHub
  logger: Logger
  /** The app's data directory (userData). */
  dataDir: string
  createPusher: PusherFactory
  /** Opens an already-checked URL (http(s), or an OS settings page) with the OS (Electron: shell.openExternal). */
  openExternal(url: string): Promise<void>
  /** The OS (its words and settings pages); by default the one this process runs on. */
  os?: DesktopOs
  /** The `local` server profile's address (env or default). */
  localServerUrl?: string
  /** The app's version for About (Electron: app.getVersion()); undefined: a development build. */
  appVersion?: string
  /**
   * The OS's preferred languages, most preferred first, as BCP 47 tags (Electron:
   * app.getPreferredSystemLanguages(), then app.getLocale()); absent: English.
   */
  preferredLanguages?(): readonly string[]
  /** OS notifications (node-notifier, main/platform/notifier.ts); absent: notifications are only logged. */
  notifier?: DesktopNotifier
  /** Tray, ring window, display-sleep blocker, login item, app shell, deep links; absent when headless. */
  desktop?: DesktopPorts
  /** electron-updater (main/platform/updater.ts); absent: the app never updates itself. */
  updater?: UpdateBackend
}

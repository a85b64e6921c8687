// The composition of the main process: which service gets which dependency, which IPC
// channel calls what. The Electron entry calls composeMain with real adapters; tests and
// the end-to-end harness call it with test adapters, so they run this very wiring.
//
// Other engineers add their services and handlers in the marked section below.
import type { EventChannel, EventPayload, IpcResult } from '../common/ipc'
import { IpcRouter } from './ipc/router'
import { ScreenSharePicker } from './platform/screen-share-picker'
import { composeCallPresence, type CallPresence } from './services/calls/register'
import { ApiClient } from './services/core/api-client'
import type { BackoffPolicy } from '../common/backoff'
import { GuestError, NotSignedInError } from './services/core/errors'
import { checkExternalUrl } from './services/core/external-links'
import type { Platform } from './services/core/platform'
import { RealtimeService } from './services/core/realtime'
import { SecretVault } from './services/core/secret-vault'
import { ServerDirectory } from './services/core/servers'
import { SessionService } from './services/core/session'
import type { UpdateService } from './services/updates/service'
import { composeUpdates } from './services/updates/register'
import { VideoTokenKeeper } from './services/core/video-token-keeper'

export interface ComposeOptions {
  /** Start the session restore → token refresh → video_auth → realtime chain (default true). */
  autoStart?: boolean
  /** Refresh the OAuth access token this long before it expires (default 60 s). */
  accessRefreshMarginMs?: number
  /** Refresh the video token this long before it expires (default 10 min). */
  videoRefreshMarginMs?: number
  backoff?: BackoffPolicy
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
    /** Rings, missed calls, history, settings, deep links, tray (issue 4). */
    calls: CallPresence
    /** Answers the display-media handler (main/platform/screen-share.ts) with the renderer's pick. */
    screenShare: ScreenSharePicker
    /** Self-updates that never interrupt a call (issue 7). */
    updates: UpdateService
  }
  dispose(): Promise<void>
}

export function composeMain(platform: Platform, options: ComposeOptions = {}): MainHandle {
  const { clock, logger } = platform
  const eventListeners = new Set<(event: SentEvent) => void>()
  const send = <C extends EventChannel>(channel: C, payload: EventPayload<C>): void => {
    platform.windows.broadcast(channel, payload)
    for (const listener of [...eventListeners]) listener({ channel, payload })
  }
  const disposers: Array<() => void | Promise<void>> = []
  const router = new IpcRouter((senderId) => platform.windows.isAppSender(senderId), logger)

  // ---- core services ------------------------------------------------------------------------
  const servers = new ServerDirectory(platform.createStore('servers'), platform.localServerUrl)
  const api = new ApiClient({ fetch: platform.fetch, baseUrl: () => servers.currentUrl(), clock, logger })
  const vault = new SecretVault(platform.secretStorage, platform.createStore('secrets'), logger)
  const session = new SessionService({
    api,
    vault,
    clock,
    logger,
    serverUrl: () => servers.currentUrl(),
    ...(options.accessRefreshMarginMs === undefined ? {} : { refreshMarginMs: options.accessRefreshMarginMs }),
    ...(options.backoff === undefined ? {} : { backoff: options.backoff })
  })
  api.setTokenSource(session)
  const videoTokens = new VideoTokenKeeper({
    api,
    vault,
    clock,
    logger,
    ...(options.videoRefreshMarginMs === undefined ? {} : { refreshMarginMs: options.videoRefreshMarginMs }),
    ...(options.backoff === undefined ? {} : { backoff: options.backoff })
  })
  const realtime = new RealtimeService({
    api,
    createPusher: platform.createPusher,
    logger,
    clock,
    ...(options.backoff === undefined ? {} : { backoff: options.backoff })
  })

  session.events.on('changed', (view) => send('session:changed', view))
  videoTokens.events.on('changed', (state) => send('video:tokenStateChanged', state))
  realtime.events.on('state', (state) => send('realtime:stateChanged', state))
  realtime.events.on('callRejected', (rejected) => send('call:rejected', rejected))

  // Signed in (restored, or just now): video token and realtime for non-guests only.
  let startingUp: Promise<void> = Promise.resolve()
  session.events.on('signedIn', ({ profile, isGuest }) => {
    const storage = vault.view()
    // Said once per sign-in, not only in settings: the user should know before quitting.
    if (storage.warning !== undefined) send('notice', { level: 'warning', message: storage.warning })
    if (isGuest) {
      videoTokens.stop()
      realtime.disconnect()
      return
    }
    videoTokens.start()
    startingUp = realtime.connect(profile.id).catch((error: unknown) => {
      logger.warn('realtime: not connected at sign-in', { error: String(error) })
    })
  })
  session.events.on('signedOut', () => {
    videoTokens.stop()
    realtime.disconnect()
  })
  disposers.push(
    platform.power.onResume(() => {
      session.onResume()
      videoTokens.onResume()
      void realtime.reconnect().catch((error: unknown) => logger.warn('realtime: reconnect after resume failed', { error: String(error) }))
    })
  )
  disposers.push(
    () => realtime.dispose(),
    () => videoTokens.dispose(),
    () => session.dispose()
  )

  const requireAccount = (): void => {
    if (!session.isSignedIn) throw new NotSignedInError()
    if (session.isGuest) throw new GuestError()
  }
  const requireSignedIn = (): void => {
    if (!session.isSignedIn) throw new NotSignedInError()
  }

  // ---- IPC: session, servers, people, video, realtime, app ----------------------------------
  router.handle('session:get', () => session.view())
  router.handle('session:signIn', ({ login, password }) => session.signIn(login, password))
  router.handle('session:signUp', ({ name, email, password }) => session.signUp(name, email, password))
  router.handle('session:continueAsGuest', () => session.continueAsGuest())
  router.handle('session:signOut', () => session.signOut())

  router.handle('servers:get', () => servers.view())
  router.handle('servers:select', (selection) => {
    if (servers.select(selection)) {
      // A session (and its tokens, video token, realtime link) belongs to one server; its
      // signedOut handler above drops the video token and the realtime link.
      session.signOut()
    }
    return servers.view()
  })

  router.handle('people:search', ({ search, page }) => {
    requireSignedIn()
    return api.searchProfiles(search, page)
  })
  router.handle('people:get', ({ username }) => {
    requireSignedIn()
    return api.profile(username)
  })

  router.handle('video:getToken', ({ minValidSeconds }) => {
    requireAccount()
    return videoTokens.ensureFresh(minValidSeconds)
  })
  router.handle('video:tokenState', () => videoTokens.state())
  router.handle('video:identity', ({ username }) => {
    requireAccount()
    return api.videoIdentity(username)
  })
  router.handle('video:ring', ({ identity, room }) => {
    requireAccount()
    return api.videoCall(identity, room)
  })
  router.handle('video:reportMissed', async ({ identity }) => {
    requireAccount()
    await api.videoMissed(identity)
    return { ok: true as const }
  })
  router.handle('video:profileOf', ({ identity }) => {
    requireAccount()
    return api.profileByIdentity(identity)
  })

  router.handle('realtime:config', async () => {
    requireAccount()
    return (await realtime.clientConfig()).pusher
  })
  router.handle('realtime:authorizeRoom', ({ socketId, channelName }) => {
    requireAccount()
    return api.pusherAuth(socketId, channelName)
  })
  router.handle('realtime:state', () => realtime.state())

  router.handle('app:openExternal', async ({ url }) => {
    await platform.openExternal(checkExternalUrl(url))
    return { ok: true as const }
  })

  // ---- services of other engineers: add below -------------------------------------------

  // ---- screen share: the renderer's picker answers main's display-media requests ------------
  const screenShare = new ScreenSharePicker({ offer: (sources) => send('screen:pick', { sources }), clock })
  router.handle('screen:sources', () => screenShare.sources())
  router.handle('screen:choose', ({ sourceId }) => {
    screenShare.choose(sourceId)
    return { ok: true as const }
  })
  disposers.push(() => screenShare.dispose())

  // ---- incoming calls, missed calls, history, settings, tray, deep links (issue 4) ----------
  const calls = composeCallPresence({
    clock,
    logger,
    router,
    send,
    createStore: platform.createStore,
    windows: platform.windows,
    notifier: platform.notifier,
    desktop: platform.desktop,
    api,
    session,
    realtime,
    ...(options.ringTimeoutMs === undefined ? {} : { ringTimeoutMs: options.ringTimeoutMs })
  })
  disposers.push(() => calls.dispose())
  // ---- end of issue 4 -----------------------------------------------------------------------

  // ---- self-updates (issue 7) ----------------------------------------------------------------
  const updates = composeUpdates({
    backend: platform.updater,
    coordinator: calls.coordinator,
    clock,
    logger,
    router,
    send,
    setTrayEntry: (entry) => calls.setUpdateEntry(entry)
  })
  disposers.push(() => updates.dispose())

  // ---- start-up -----------------------------------------------------------------------------
  const ready =
    options.autoStart === false
      ? Promise.resolve()
      : session
          .restore()
          .then(() => startingUp)
          .catch((error: unknown) => logger.error('start-up failed', { error: String(error) }))

  return {
    ipc: {
      invoke: (senderId, channel, request) => router.invoke(senderId, channel, request),
      channels: () => router.registeredChannels()
    },
    onEvent(listener) {
      eventListeners.add(listener)
      return () => eventListeners.delete(listener)
    },
    ready,
    services: { api, session, videoTokens, realtime, servers, calls, updates, screenShare },
    async dispose() {
      // Last built, first disposed; splice so that a second dispose() does nothing.
      for (const dispose of disposers.splice(0).reverse()) await dispose()
      eventListeners.clear()
    }
  }
}

// The core every feature builds on: server profiles, the API client, the session and its
// secrets, the video-token keeper, the realtime connection, settings and the main window's
// navigation queue, with their IPC channels and the start-up chain (session restore →
// token refresh → video_auth → realtime).
import { RoomKinds } from './room-kinds'
import type { BackoffPolicy } from '../../../common/backoff'
import type { EventChannel, EventPayload } from '../../../common/ipc'
import type { IpcRouter } from '../../ipc/router'
import { ApiClient } from './api-client'
import { BackgroundPictureStore } from './background-picture'
import { GuestError, NotSignedInError } from './errors'
import type { HeldSecrets } from './held-secrets'
import { LanguageService } from './language'
import { checkExternalUrl } from './external-links'
import { createPrivacySettingsOpener, desktopOsOf } from './privacy-settings'
import { NavigationQueue } from './navigation'
import type { DesktopNotifier, Logger, Platform } from './platform'
import { RealtimeService } from './realtime'
import { SecretVault } from './secret-vault'
import { checkServer } from './server-check'
import { ServerDirectory } from './servers'
import { SessionService } from './session'
import { SettingsService } from './settings'
import { VideoTokenKeeper } from './video-token-keeper'

export type Send = <C extends EventChannel>(channel: C, payload: EventPayload<C>) => void

export interface CoreOptions {
  /** Refresh the OAuth access token this long before it expires (default 60 s). */
  accessRefreshMarginMs?: number
  /** Refresh the video token this long before it expires (default 10 min). */
  videoRefreshMarginMs?: number
  backoff?: BackoffPolicy
  /** The secrets the session and the video-token keeper hold, for the log to mask by value. */
  secrets?: HeldSecrets
}

export interface Core {
  servers: ServerDirectory
  api: ApiClient
  vault: SecretVault
  session: SessionService
  videoTokens: VideoTokenKeeper
  realtime: RealtimeService
  settings: SettingsService
  /** The language of main's own words (tray, menus, notifications, dialogs) and of every window. */
  language: LanguageService
  navigation: NavigationQueue
  /** The OS notifier, or one that only logs where the platform has none (headless). */
  notifier: DesktopNotifier
  /** The kind of each recent call's room, heard from video:ring and from rings; the history records it. */
  roomKinds: RoomKinds
  /** Restores the session and, once signed in, connects realtime; resolves when that has run. */
  start(): Promise<void>
  dispose(): void
}

export function registerCore(platform: Platform, router: IpcRouter, send: Send, options: CoreOptions = {}): Core {
  const { clock, logger } = platform
  const backoff = options.backoff === undefined ? {} : { backoff: options.backoff }
  const secrets = options.secrets === undefined ? {} : { secrets: options.secrets }
  // Settings and the language first: every service below words what it tells the user with `t`.
  const settings = new SettingsService(platform.createStore('settings'), logger)
  const language = new LanguageService({ settings, logger, preferredLanguages: () => platform.preferredLanguages?.() ?? [] })
  const { t } = language
  router.useTranslator(t)
  const roomKinds = new RoomKinds()
  const servers = new ServerDirectory(platform.createStore('servers'), platform.localServerUrl)
  const api = new ApiClient({ fetch: platform.fetch, baseUrl: () => servers.currentUrl(), clock, logger, t })
  const vault = new SecretVault(platform.secretStorage, platform.createStore('secrets'), logger, t)
  const session = new SessionService({
    api,
    vault,
    clock,
    logger,
    serverUrl: () => servers.currentUrl(),
    t,
    ...(options.accessRefreshMarginMs === undefined ? {} : { refreshMarginMs: options.accessRefreshMarginMs }),
    ...backoff,
    ...secrets
  })
  api.setTokenSource(session)
  const videoTokens = new VideoTokenKeeper({
    api,
    vault,
    clock,
    logger,
    ...(options.videoRefreshMarginMs === undefined ? {} : { refreshMarginMs: options.videoRefreshMarginMs }),
    ...backoff,
    ...secrets
  })
  const realtime = new RealtimeService({ api, createPusher: platform.createPusher, logger, clock, ...backoff })
  const navigation = new NavigationQueue((message) =>
    message.channel === 'navigate' ? send('navigate', message.payload) : send('notice', message.payload)
  )
  const notifier = platform.notifier ?? logOnlyNotifier(logger)

  const subscriptions = [
    session.events.on('changed', (view) => send('session:changed', view)),
    videoTokens.events.on('changed', (state) => send('video:tokenStateChanged', state)),
    realtime.events.on('state', (state) => send('realtime:stateChanged', state)),
    realtime.events.on('callRejected', (rejected) => send('call:rejected', rejected)),
    realtime.events.on('presence', (change) => send('presence:changed', change)),
    settings.onChange((next) => send('settings:changed', next)),
    language.onChange((view) => send('app:languageChanged', view))
  ]

  // Signed in (restored, or just now): video token and realtime for non-guests only.
  let startingUp: Promise<void> = Promise.resolve()
  subscriptions.push(
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
    }),
    session.events.on('signedOut', () => {
      videoTokens.stop()
      realtime.disconnect()
    }),
    platform.power.onResume(() => {
      session.onResume()
      videoTokens.onResume()
      void realtime.reconnect().catch((error: unknown) => logger.warn('realtime: reconnect after resume failed', { error: String(error) }))
    })
  )

  const requireAccount = (): void => {
    if (!session.isSignedIn) throw new NotSignedInError()
    if (session.isGuest) throw new GuestError()
  }
  const requireSignedIn = (): void => {
    if (!session.isSignedIn) throw new NotSignedInError()
  }
  const ok = { ok: true as const }

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
  router.handle('presence:watch', ({ profileIds }) => {
    requireSignedIn()
    realtime.watchPresence(profileIds)
    return ok
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
  router.handle('video:ring', ({ identity, room, kind }) => {
    requireAccount()
    roomKinds.remember(room, kind)
    return api.videoCall(identity, room, kind)
  })
  router.handle('video:reportMissed', async ({ identity }) => {
    requireAccount()
    await api.videoMissed(identity)
    return ok
  })
  router.handle('video:janusRoomToken', async ({ room }) => {
    requireAccount()
    const { token, expires_at } = await api.janusRoomToken(room)
    return { token, expiresAt: expires_at }
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
  router.handle('check:server', () => checkServer(api, clock))

  router.handle('settings:get', () => settings.get())
  router.handle('settings:update', (patch) => settings.update(patch))
  const backgroundPicture = new BackgroundPictureStore(platform.dataDir)
  router.handle('background:getPicture', () => backgroundPicture.get())
  router.handle('background:setPicture', async (upload) => {
    await backgroundPicture.set(upload)
    return ok
  })
  router.handle('app:language', () => language.view())

  // The main window's renderer can receive navigation now.
  router.handle('app:about', () => ({ name: 'Shoutit', version: platform.appVersion ?? 'development build' }))
  router.handle('app:ready', () => {
    navigation.setReady(true)
    return ok
  })
  router.handle('app:showMain', () => {
    platform.windows.showMain()
    return ok
  })
  router.handle('app:openDeviceCheck', () => {
    platform.windows.showMain()
    navigation.navigate({ to: 'device-check' })
    return ok
  })
  router.handle('app:openExternal', async ({ url }) => {
    await platform.openExternal(checkExternalUrl(url))
    return ok
  })
  const os = platform.os ?? desktopOsOf(process.platform)
  router.handle('app:platform', () => ({ os }))
  router.handle('app:openPrivacySettings', createPrivacySettingsOpener(platform, os))

  return {
    servers,
    api,
    vault,
    session,
    videoTokens,
    realtime,
    settings,
    language,
    navigation,
    notifier,
    roomKinds,
    start: () => session.restore().then(() => startingUp),
    dispose() {
      session.dispose()
      videoTokens.dispose()
      realtime.dispose()
      language.dispose()
      for (const unsubscribe of subscriptions.splice(0)) unsubscribe()
    }
  }
}

/** Where no OS notifier was given (headless compositions): say what would have been shown. */
function logOnlyNotifier(logger: Logger): DesktopNotifier {
  return {
    supportsActions: false,
    notify: (notification) => logger.info('notification (no notifier configured)', { title: notification.title })
  }
}

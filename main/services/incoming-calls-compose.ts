// Wires issue 4 into the main composition: the incoming-call coordinator, missed calls,
// call history, settings and deep links, their IPC channels and events, and the desktop
// surfaces (tray, ring window, badge, display-sleep blocker, login item, quit guard).
// compose.ts calls composeCallPresence once; everything here is plain Node and runs in
// the end-to-end harness too, with or without desktop ports.
import type { RejectReason } from '../../common/api'
import type { EventChannel, EventPayload, Navigate, RealtimeState } from '../../common/ipc'
import type { IpcRouter } from '../ipc/router'
import { CallHistory } from './call-history'
import { DeepLinkHandler, NavigationQueue } from './deep-links'
import type { Emitter, Unsubscribe } from './emitter'
import { IncomingCallCoordinator } from './incoming-calls'
import type { DesktopPorts } from './incoming-calls-desktop'
import { trayView, type TrayAction, type TrayStatus } from './incoming-calls-tray'
import { displayName, MissedCallsService, type DesktopNotifier } from './missed-calls'
import type { Clock, KeyValueStoreFactory, Logger, WindowHub } from './platform'
import type { RealtimeServiceEvents } from './realtime-events'
import type { SessionEvents } from './session'
import { SettingsService } from './settings'

export interface CallPresenceDeps {
  clock: Clock
  logger: Logger
  createStore: KeyValueStoreFactory
  windows: Pick<WindowHub, 'showMain'>
  notifier?: DesktopNotifier
  desktop?: DesktopPorts
  router: IpcRouter
  send<C extends EventChannel>(channel: C, payload: EventPayload<C>): void
  api: {
    videoReject(identity: string, room: string, reason: RejectReason): Promise<unknown>
    resetNotifications(): Promise<unknown>
  }
  session: { readonly isSignedIn: boolean; readonly isGuest: boolean; events: Pick<Emitter<SessionEvents>, 'on'> }
  realtime: { state(): RealtimeState; events: Pick<Emitter<RealtimeServiceEvents>, 'on'> }
  ringTimeoutMs?: number
}

export interface CallPresence {
  settings: SettingsService
  history: CallHistory
  coordinator: IncomingCallCoordinator
  missed: MissedCallsService
  deepLinks: DeepLinkHandler
  /** Launched by the OS at login: keep the main window hidden, the app lives in the tray. */
  startHidden: boolean
  /** Shows (or, with null, removes) the update entry in the tray menu; `run` is what a click does. */
  setUpdateEntry(entry: { label: string; enabled: boolean; run(): void } | null): void
  /** Shows the main window on a screen (the app menu's Settings); held until its renderer is ready. */
  navigate(target: Navigate): void
  dispose(): void
}

export function composeCallPresence(deps: CallPresenceDeps): CallPresence {
  const { clock, logger, router, send, desktop = {} } = deps
  const subscriptions: Unsubscribe[] = []
  const showMain = (): void => deps.windows.showMain()
  const notifier = deps.notifier ?? logOnlyNotifier(logger)

  const settings = new SettingsService(deps.createStore('settings'), logger)
  const doNotDisturb = (): boolean => settings.get().doNotDisturb
  const history = new CallHistory({ store: deps.createStore('call-history'), clock, logger })
  const coordinator = new IncomingCallCoordinator({
    clock,
    logger,
    history,
    doNotDisturb,
    api: { videoReject: ({ identity, room, reason }) => deps.api.videoReject(identity, room, reason) },
    ...(deps.ringTimeoutMs === undefined ? {} : { ringTimeoutMs: deps.ringTimeoutMs })
  })
  const navigation = new NavigationQueue((message) =>
    message.channel === 'navigate' ? send('navigate', message.payload) : send('notice', message.payload)
  )
  const missed = new MissedCallsService({
    store: deps.createStore('missed-calls'),
    clock,
    history,
    notifier,
    logger,
    doNotDisturb,
    api: { resetNotifications: () => deps.api.resetNotifications() },
    endRingFrom: (callerId) => coordinator.handleMissedCallFrom(callerId),
    navigate: (target) => navigation.navigate(target),
    showMain
  })
  const deepLinks = new DeepLinkHandler({ queue: navigation, showMain, logger })

  // ---- tray ---------------------------------------------------------------------------------
  let inCallWith: string | undefined
  let updateEntry: { label: string; enabled: boolean; run(): void } | null = null
  const trayStatus = (): TrayStatus => {
    const ring = coordinator.current()
    return {
      signedIn: deps.session.isSignedIn,
      canCall: deps.session.isSignedIn && !deps.session.isGuest,
      connection: deps.realtime.state().state,
      activity: coordinator.activity(),
      ringingFrom: ring ? displayName(ring.caller) : undefined,
      inCallWith,
      missedCount: missed.unreadCount(),
      doNotDisturb: settings.get().doNotDisturb,
      launchAtLogin: settings.get().launchAtLogin,
      recent: history.list(),
      ...(updateEntry ? { update: { label: updateEntry.label, enabled: updateEntry.enabled } } : {})
    }
  }
  const refreshTray = (): void => desktop.tray?.render(trayView(trayStatus()))

  const onTrayAction = async (action: TrayAction): Promise<void> => {
    switch (action.type) {
      case 'open':
        return showMain()
      case 'call':
        showMain()
        return navigation.navigate({ to: 'people' })
      case 'call-back':
        showMain()
        return navigation.navigate({ to: 'call', username: action.username, confirm: true })
      case 'accept': {
        const ring = coordinator.current()
        if (ring) coordinator.accept(ring.room)
        return
      }
      case 'decline': {
        const ring = coordinator.current()
        if (ring) await coordinator.decline(ring.room)
        return
      }
      case 'toggle-dnd':
        settings.update({ doNotDisturb: !settings.get().doNotDisturb })
        return
      case 'toggle-launch-at-login':
        settings.update({ launchAtLogin: !settings.get().launchAtLogin })
        return
      case 'update':
        return updateEntry?.run()
      case 'quit':
        return desktop.shell?.quit()
    }
  }
  if (desktop.tray) {
    subscriptions.push(
      desktop.tray.onAction((action) => {
        onTrayAction(action).catch((error: unknown) => logger.warn('tray: action failed', { action: action.type, error: String(error) }))
      })
    )
  }

  // ---- events from the services -------------------------------------------------------------
  subscriptions.push(
    deps.realtime.events.on('incomingCall', (call) => {
      if (!deps.session.isSignedIn || deps.session.isGuest) return
      coordinator.handleIncoming(call)
    }),
    deps.realtime.events.on('notification', ({ notification }) => {
      missed.handleNotification(notification)
    }),
    deps.realtime.events.on('stats', (stats) => missed.handleUnreadCount(stats.unread_notifications_count)),
    deps.realtime.events.on('state', (state) => {
      refreshTray()
      // Connected means signed in with an account (guests have no realtime connection) and the
      // main window's start is behind us: a good moment to load the ring window, hidden, so
      // that the first ring shows at once.
      if (state.state === 'connected' && deps.session.isSignedIn) desktop.ringWindow?.preload?.()
    }),
    deps.session.events.on('signedIn', ({ profile }) => {
      history.useAccount(profile.id)
      missed.useAccount(profile.id)
      refreshTray()
    }),
    deps.session.events.on('signedOut', () => {
      coordinator.cancel()
      desktop.ringWindow?.destroy?.()
      history.useAccount(undefined)
      missed.useAccount(undefined)
      refreshTray()
    }),
    coordinator.on('ringStarted', ({ ring, silent }) => {
      if (!silent) {
        send('ring:incoming', ring)
        desktop.ringWindow?.open()
      }
      refreshTray()
    }),
    coordinator.on('ringEnded', ({ ring, reason, silent }) => {
      if (!silent) {
        send('ring:ended', { room: ring.room, reason })
        desktop.ringWindow?.close()
      }
      refreshTray()
    }),
    coordinator.on('answered', (ring) => {
      showMain()
      navigation.navigate({ to: 'answer', room: ring.room, callerIdentity: ring.callerIdentity, caller: ring.caller })
    }),
    coordinator.on('activityChanged', ({ activity, peer }) => {
      inCallWith = activity === 'in-call' && peer ? displayName(peer) : undefined
      if (activity === 'in-call') desktop.displaySleep?.preventSleep()
      else desktop.displaySleep?.allowSleep()
      refreshTray()
    }),
    history.onChange((records) => {
      send('history:changed', records)
      refreshTray()
    }),
    missed.onCountChange((count) => {
      send('missed:countChanged', { count })
      desktop.shell?.setBadgeCount(count)
      refreshTray()
    }),
    settings.onChange((next) => {
      send('settings:changed', next)
      desktop.loginItem?.setEnabled(next.launchAtLogin)
      refreshTray()
    })
  )
  if (desktop.deepLinks) subscriptions.push(desktop.deepLinks.onLink((raw) => deepLinks.handle(raw)))
  if (desktop.shell) {
    const shell = desktop.shell
    shell.setQuitGuard(async () => {
      if (coordinator.activity() === 'idle') return true
      return shell.confirm({
        message: 'You are in a call.',
        detail: 'Quitting Shoutit hangs up.',
        confirmLabel: 'Hang up and quit',
        cancelLabel: 'Stay in the call'
      })
    })
    subscriptions.push(
      shell.onMainWindowClosed(() => {
        // Its renderer is gone: hold navigation until the next main window says app:ready.
        navigation.setReady(false)
        if (settings.hasDone('closeKeepsInTrayExplained')) return
        settings.markDone('closeKeepsInTrayExplained')
        notifier.notify({
          title: 'Shoutit is still running',
          body: 'Calls can still reach you. Open Shoutit or quit it from its icon in the tray.',
          actions: [],
          onActivate: showMain
        })
      })
    )
  }

  // ---- IPC ----------------------------------------------------------------------------------
  const ok = { ok: true as const }
  // The main window's renderer can receive navigation now.
  router.handle('app:ready', () => {
    navigation.setReady(true)
    return ok
  })
  router.handle('ring:current', () => coordinator.current())
  router.handle('ring:accept', ({ room }) => {
    coordinator.accept(room)
    return ok
  })
  router.handle('ring:decline', async ({ room }) => {
    await coordinator.decline(room)
    return ok
  })
  router.handle('call:activity', ({ activity, room, peer }) => {
    coordinator.setActivity(activity, room, peer)
    return ok
  })
  router.handle('call:finished', (report) => {
    // The renderer runs one call at a time: once it is over, nobody should be answered busy.
    coordinator.setActivity('idle')
    history.add({
      direction: report.direction,
      peer: report.peer,
      room: report.room,
      startedAt: report.startedAt,
      outcome: report.outcome,
      durationSeconds: report.outcome === 'answered' ? report.durationSeconds : undefined,
      detail: report.detail
    })
    return ok
  })
  router.handle('history:list', () => history.list())
  router.handle('history:clear', () => {
    history.clear()
    return ok
  })
  router.handle('missed:markSeen', async () => {
    await missed.markSeen()
    return ok
  })
  router.handle('missed:count', () => ({ count: missed.unreadCount() }))
  router.handle('settings:get', () => settings.get())
  router.handle('settings:update', (patch) => settings.update(patch))

  // ---- start-up -----------------------------------------------------------------------------
  // The OS may have lost or kept a login item the user changed elsewhere: the setting wins.
  desktop.loginItem?.setEnabled(settings.get().launchAtLogin)
  desktop.shell?.setBadgeCount(missed.unreadCount())
  refreshTray()

  return {
    settings,
    history,
    coordinator,
    missed,
    deepLinks,
    startHidden: desktop.loginItem?.launchedAtLogin ?? false,
    setUpdateEntry(entry) {
      updateEntry = entry
      refreshTray()
    },
    navigate(target) {
      showMain()
      navigation.navigate(target)
    },
    dispose() {
      for (const unsubscribe of subscriptions.splice(0)) unsubscribe()
      coordinator.dispose()
      desktop.displaySleep?.allowSleep()
      if (desktop.ringWindow?.destroy) desktop.ringWindow.destroy()
      else desktop.ringWindow?.close()
      desktop.tray?.destroy()
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

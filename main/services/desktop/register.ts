// The desktop feature in the main composition: the surfaces the OS gives the app (tray,
// ring window, badge, display-sleep blocker, login item, quit guard, deep links), each
// driven from the state of core, calls and updates. Every port is optional: a headless
// composition (the end-to-end harness) runs without any.
import type { Calls } from '../calls/register'
import type { Unsubscribe } from '../core/emitter'
import type { IpcRouter } from '../../ipc/router'
import type { Clock, Logger, WindowHub } from '../core/platform'
import type { Core } from '../core/register'
import type { Updates } from '../updates/register'
import { DeepLinkHandler } from './deep-links'
import type { DesktopPorts } from './ports'
import { TrayPresenter } from './tray-presenter'

/** How long the ring window shows a missed ring (with Call back) before it closes by itself. */
export const MISSED_RING_SHOWN_MS = 20_000
/** The ring ended without the user answering or declining it here: they missed it. */
const MISSED_REASONS: ReadonlySet<string> = new Set(['missed', 'timeout', 'cancelled'])

export interface DesktopDeps {
  ports: DesktopPorts | undefined
  logger: Logger
  /** For the ring window's Call back and Close after a missed ring; without them it closes when the ring ends. */
  router?: IpcRouter
  clock?: Pick<Clock, 'setTimeout' | 'clearTimeout'>
  windows: Pick<WindowHub, 'showMain'>
  core: Pick<Core, 'session' | 'realtime' | 'settings' | 'navigation' | 'notifier' | 'language'>
  calls: Pick<Calls, 'coordinator' | 'history' | 'missed' | 'interrupted'>
  updates?: Pick<Updates, 'service' | 'menuItem' | 'runMenuItem'>
}

export interface Desktop {
  deepLinks: DeepLinkHandler
  /** Launched by the OS at login: keep the main window hidden, the app lives in the tray. */
  startHidden: boolean
  dispose(): void
}

export function registerDesktop(deps: DesktopDeps): Desktop {
  const { logger, core, calls } = deps
  const { session, realtime, settings, navigation, notifier, language } = core
  const { t } = language
  const setBadge = (count: number): void => ports.shell?.setBadgeCount(count, t('badge.missed', { count }))
  const { coordinator, missed } = calls
  const ports = deps.ports ?? {}
  const showMain = (): void => deps.windows.showMain()
  const subscriptions: Unsubscribe[] = []
  let missedShown: (() => void) | undefined
  const stopShowingMissed = (): void => {
    missedShown?.()
    missedShown = undefined
  }
  const closeRingWindow = (): void => {
    stopShowingMissed()
    ports.ringWindow?.close()
  }
  if (deps.router) {
    deps.router.handle('ring:callBack', ({ username, video }) => {
      closeRingWindow()
      showMain()
      navigation.navigate({ to: 'call', username, confirm: false, video })
      return { ok: true as const }
    })
    deps.router.handle('ring:dismiss', () => {
      closeRingWindow()
      return { ok: true as const }
    })
  }

  const tray = ports.tray
    ? new TrayPresenter({ tray: ports.tray, logger, core, calls, ...(deps.updates ? { updates: deps.updates } : {}), showMain, quit: () => ports.shell?.quit() })
    : undefined
  const deepLinks = new DeepLinkHandler({ queue: navigation, showMain, logger, t })
  if (ports.deepLinks) subscriptions.push(ports.deepLinks.onLink((raw) => deepLinks.handle(raw)))

  subscriptions.push(
    realtime.events.on('state', (state) => {
      // Connected means signed in with an account (guests have no realtime connection) and the
      // main window's start is behind us: a good moment to load the ring window, hidden, so
      // that the first ring shows at once.
      if (state.state === 'connected' && session.isSignedIn) ports.ringWindow?.preload?.()
    }),
    session.events.on('signedOut', () => {
      stopShowingMissed()
      ports.ringWindow?.destroy?.()
    }),
    coordinator.on('ringStarted', ({ silent }) => {
      if (silent) return
      stopShowingMissed()
      ports.ringWindow?.open()
    }),
    coordinator.on('ringEnded', ({ silent, reason }) => {
      if (silent) return
      // A missed ring stays a while, saying who it was, with Call back (renderer/ui/ring).
      if (MISSED_REASONS.has(reason) && deps.router && deps.clock) {
        stopShowingMissed()
        const clock = deps.clock
        const timer = clock.setTimeout(() => closeRingWindow(), MISSED_RING_SHOWN_MS)
        missedShown = () => clock.clearTimeout(timer)
        return
      }
      closeRingWindow()
    }),
    coordinator.on('activityChanged', ({ activity }) => {
      if (activity === 'in-call') ports.displaySleep?.preventSleep()
      else ports.displaySleep?.allowSleep()
    }),
    missed.onCountChange(setBadge),
    language.onChange(() => setBadge(missed.unreadCount())),
    settings.onChange((next) => {
      ports.loginItem?.setEnabled(next.launchAtLogin)
      ports.theme?.setTheme(next.theme)
    })
  )

  if (ports.shell) {
    const shell = ports.shell
    shell.setQuitGuard(async () => {
      if (coordinator.activity() === 'idle') return true
      return shell.confirm({
        message: t('dialogs.quitInCall'),
        detail: t('dialogs.quitInCallDetail'),
        confirmLabel: t('dialogs.hangUpAndQuit'),
        cancelLabel: t('dialogs.stayInCall')
      })
    })
    subscriptions.push(
      shell.onMainWindowClosed(() => {
        // Its renderer is gone: hold navigation until the next main window says app:ready.
        navigation.setReady(false)
        // So is the call it ran, which reported no end: end it here, or main stays "in call"
        // (busy to every caller, the tray saying so, quitting guarded, no history record).
        calls.interrupted.end(t('ended.windowClosedDuringCall'))
        if (settings.hasDone('closeKeepsInTrayExplained')) return
        settings.markDone('closeKeepsInTrayExplained')
        notifier.notify({
          title: t('notifications.stillRunningTitle'),
          body: t('notifications.stillRunningBody'),
          actions: [],
          onActivate: showMain
        })
      })
    )
  }

  // The OS may have lost or kept a login item the user changed elsewhere: the setting wins.
  ports.loginItem?.setEnabled(settings.get().launchAtLogin)
  ports.theme?.setTheme(settings.get().theme)
  setBadge(missed.unreadCount())

  return {
    deepLinks,
    startHidden: ports.loginItem?.launchedAtLogin ?? false,
    dispose() {
      stopShowingMissed()
      for (const unsubscribe of subscriptions.splice(0)) unsubscribe()
      ports.displaySleep?.allowSleep()
      if (ports.ringWindow?.destroy) ports.ringWindow.destroy()
      else ports.ringWindow?.close()
      tray?.dispose()
    }
  }
}

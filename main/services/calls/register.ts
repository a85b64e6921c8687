// The calls feature in the main composition: the ring coordinator, the call history and
// missed calls, fed by the realtime service and the session, and their IPC channels and
// events. Plain Node: it runs the same in the app and in the end-to-end harness.
import type { IpcRouter } from '../../ipc/router'
import type { Core, Send } from '../core/register'
import type { Clock, KeyValueStoreFactory, Logger, WindowHub } from '../core/platform'
import { CallHistory, recordOfFinishedCall } from './history'
import { InterruptedCalls } from './interrupted-calls'
import { MissedCallsService } from './missed-calls'
import { IncomingCallCoordinator } from './ring-coordinator'

export interface CallsDeps {
  clock: Clock
  logger: Logger
  createStore: KeyValueStoreFactory
  windows: Pick<WindowHub, 'showMain'>
  router: IpcRouter
  send: Send
  core: Pick<Core, 'api' | 'session' | 'realtime' | 'settings' | 'navigation' | 'notifier' | 'language' | 'roomKinds'>
  /** How long an unanswered incoming call rings (default 45 s). */
  ringTimeoutMs?: number
}

export interface Calls {
  history: CallHistory
  coordinator: IncomingCallCoordinator
  missed: MissedCallsService
  /** Ends the call in main when the renderer running it goes away without saying so. */
  interrupted: InterruptedCalls
  dispose(): void
}

export function registerCalls(deps: CallsDeps): Calls {
  const { clock, logger, router, send } = deps
  const { api, session, realtime, settings, navigation, roomKinds } = deps.core
  const showMain = (): void => deps.windows.showMain()
  const doNotDisturb = (): boolean => settings.get().doNotDisturb

  const history = new CallHistory({ store: deps.createStore('call-history'), clock, logger })
  const coordinator = new IncomingCallCoordinator({
    clock,
    logger,
    history,
    doNotDisturb,
    api: { videoReject: ({ identity, room, reason }) => api.videoReject(identity, room, reason) },
    ...(deps.ringTimeoutMs === undefined ? {} : { ringTimeoutMs: deps.ringTimeoutMs })
  })
  const missed = new MissedCallsService({
    store: deps.createStore('missed-calls'),
    clock,
    history,
    notifier: deps.core.notifier,
    logger,
    doNotDisturb,
    showNotifications: () => settings.get().missedCallNotifications,
    api: { resetNotifications: () => api.resetNotifications() },
    endRingFrom: (callerId) => coordinator.handleMissedCallFrom(callerId),
    ringKindFrom: (callerId, sinceMs) => coordinator.latestKindFrom(callerId, sinceMs),
    navigate: (target) => navigation.navigate(target),
    showMain,
    t: deps.core.language.t
  })

  const interrupted = new InterruptedCalls({ coordinator, history, clock, logger, kindOf: (room) => roomKinds.of(room) })

  const subscriptions = [
    realtime.events.on('incomingCall', (call) => {
      if (!session.isSignedIn || session.isGuest) return
      coordinator.handleIncoming(call)
    }),
    realtime.events.on('notification', ({ notification }) => missed.handleNotification(notification)),
    realtime.events.on('stats', (stats) => missed.handleUnreadCount(stats.unread_notifications_count)),
    session.events.on('signedIn', ({ profile }) => {
      history.useAccount(profile.id)
      missed.useAccount(profile.id)
    }),
    session.events.on('signedOut', () => {
      coordinator.cancel()
      history.useAccount(undefined)
      missed.useAccount(undefined)
    }),
    coordinator.on('ringStarted', ({ ring, silent }) => {
      roomKinds.remember(ring.room, ring.kind)
      if (!silent) send('ring:incoming', ring)
    }),
    coordinator.on('ringEnded', ({ ring, reason, silent }) => {
      if (!silent) send('ring:ended', { room: ring.room, reason })
    }),
    coordinator.on('answered', (ring) => {
      showMain()
      navigation.navigate({ to: 'answer', room: ring.room, callerIdentity: ring.callerIdentity, caller: ring.caller, video: ring.video })
    }),
    history.onChange((records) => send('history:changed', records)),
    missed.onCountChange((count) => send('missed:countChanged', { count }))
  ]

  const ok = { ok: true as const }
  router.handle('ring:current', () => coordinator.current())
  router.handle('ring:accept', ({ room, video }) => {
    coordinator.accept(room, { video: video ?? true })
    return ok
  })
  router.handle('ring:decline', async ({ room }) => {
    await coordinator.decline(room)
    return ok
  })
  router.handle('call:activity', ({ activity, room, peer, inCallWith }) => {
    coordinator.setActivity(activity, room, peer, inCallWith)
    return ok
  })
  router.handle('call:finished', (report) => {
    // The renderer runs one call at a time: once it is over, nobody should be answered busy.
    coordinator.setActivity('idle')
    history.add(recordOfFinishedCall(report, roomKinds.of(report.room)))
    return ok
  })
  router.handle('history:list', () => history.list())
  router.handle('history:clear', () => {
    history.clear()
    return ok
  })
  router.handle('history:restoreCleared', () => {
    history.restoreCleared()
    return ok
  })
  router.handle('missed:markSeen', async () => {
    await missed.markSeen()
    return ok
  })
  router.handle('missed:count', () => ({ count: missed.unreadCount() }))

  return {
    history,
    coordinator,
    missed,
    interrupted,
    dispose() {
      for (const unsubscribe of subscriptions.splice(0)) unsubscribe()
      interrupted.dispose()
      coordinator.dispose()
    }
  }
}

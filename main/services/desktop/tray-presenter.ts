// The tray as the app's state shows it: whenever something it shows changes (session,
// connection, ring, call, history, missed calls, settings, language, update state), the
// presenter reads the state from its owners, renders it through tray-view.ts and hands the view to
// the tray port; a click on a menu entry comes back here as an action.
import { displayName } from '../../../common/display-name'
import type { Calls } from '../calls/register'
import type { Unsubscribe } from '../core/emitter'
import type { Logger } from '../core/platform'
import type { Core } from '../core/register'
import type { Updates } from '../updates/register'
import type { TrayPort } from './ports'
import { trayView, type TrayAction, type TrayStatus } from './tray-view'

export interface TrayPresenterDeps {
  tray: TrayPort
  logger: Logger
  core: Pick<Core, 'session' | 'realtime' | 'settings' | 'navigation' | 'language'>
  calls: Pick<Calls, 'coordinator' | 'history' | 'missed'>
  /** Absent where the composition has no updates feature. */
  updates?: Pick<Updates, 'service' | 'menuItem' | 'runMenuItem'>
  showMain(): void
  quit(): void
}

export class TrayPresenter {
  readonly #subscriptions: Unsubscribe[] = []

  constructor(private readonly deps: TrayPresenterDeps) {
    const { core, calls, updates } = deps
    const render = (): void => this.render()
    this.#subscriptions.push(
      deps.tray.onAction((action) => {
        this.#run(action).catch((error: unknown) => deps.logger.warn('tray: action failed', { action: action.type, error: String(error) }))
      }),
      core.session.events.on('signedIn', render),
      core.session.events.on('signedOut', render),
      core.realtime.events.on('state', render),
      core.settings.onChange(render),
      core.language.onChange(render),
      calls.coordinator.on('ringStarted', render),
      calls.coordinator.on('ringEnded', render),
      calls.coordinator.on('activityChanged', render),
      calls.coordinator.on('inCallWithChanged', render),
      calls.history.onChange(render),
      calls.missed.onCountChange(render)
    )
    if (updates) this.#subscriptions.push(updates.service.events.on('stateChanged', render))
    this.render()
  }

  status(): TrayStatus {
    const { session, realtime, settings } = this.deps.core
    const { coordinator, missed, history } = this.deps.calls
    const ring = coordinator.current()
    const update = this.deps.updates?.menuItem()
    return {
      signedIn: session.isSignedIn,
      canCall: session.isSignedIn && !session.isGuest,
      connection: realtime.state().state,
      activity: coordinator.activity(),
      ringingFrom: ring ? displayName(ring.caller) : undefined,
      ringingKind: ring?.kind,
      inCallWith: coordinator.inCallWith(),
      missedCount: missed.unreadCount(),
      doNotDisturb: settings.get().doNotDisturb,
      launchAtLogin: settings.get().launchAtLogin,
      recent: history.list(),
      ...(update ? { update: { label: update.label, enabled: update.enabled } } : {})
    }
  }

  render(): void {
    const { language } = this.deps.core
    this.deps.tray.render(trayView(this.status(), { t: language.t, language: language.language() }))
  }

  dispose(): void {
    for (const unsubscribe of this.#subscriptions.splice(0)) unsubscribe()
    this.deps.tray.destroy()
  }

  async #run(action: TrayAction): Promise<void> {
    const { showMain } = this.deps
    const { navigation, settings } = this.deps.core
    const { coordinator } = this.deps.calls
    switch (action.type) {
      case 'open':
        return showMain()
      case 'call':
        showMain()
        return navigation.navigate({ to: 'people' })
      case 'call-back':
        showMain()
        return navigation.navigate({ to: 'call', username: action.username, confirm: true, video: action.video })
      case 'accept':
      case 'accept-audio': {
        const ring = coordinator.current()
        // A voice call is answered as it was made: with audio only.
        if (ring) coordinator.accept(ring.room, { video: action.type === 'accept' && ring.kind !== 'voice' })
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
        return this.deps.updates?.runMenuItem()
      case 'quit':
        return this.deps.quit()
    }
  }
}

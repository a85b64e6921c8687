// The updates feature in the main composition: the update service, its IPC channels and
// event, what the user is told, and the entry the tray shows (desktop/tray-presenter.ts
// reads it from here and re-renders on every state change).
import type { TFunction } from 'i18next'
import { createI18n, translatorOf } from '../../../common/i18n/create'
import type { IpcRouter } from '../../ipc/router'
import { InvalidRequestError } from '../core/errors'
import type { IncomingCallCoordinator } from '../calls/ring-coordinator'
import type { Clock, Logger } from '../core/platform'
import type { Send } from '../core/register'
import { callGateFrom, UpdateService, type InstallOutcome } from './service'
import type { UpdateBackend } from './backend'
import { updateMenuItem, type UpdateMenuItem } from './menu'

export interface UpdatesDeps {
  backend: UpdateBackend | undefined
  coordinator: Pick<IncomingCallCoordinator, 'activity' | 'isRinging' | 'on'>
  clock: Clock
  logger: Logger
  router: IpcRouter
  send: Send
  /** Translates what the user is told and the tray entry, in the current language (default: English). */
  t?: TFunction
  /** Test timings; the service's defaults otherwise. */
  timings?: { startDelayMs?: number; checkIntervalMs?: number; retryAfterErrorMs?: number; remindAfterMs?: number }
}

export interface Updates {
  service: UpdateService
  /** The tray's update entry for the current state; null when this build cannot update itself. */
  menuItem(): UpdateMenuItem | null
  /** What a click on that entry does. */
  runMenuItem(): void
  dispose(): void
}

export function registerUpdates(deps: UpdatesDeps): Updates {
  const { send, logger } = deps
  const t = deps.t ?? translatorOf(createI18n('en'))
  const updates = new UpdateService({
    backend: deps.backend,
    calls: callGateFrom(deps.coordinator),
    clock: deps.clock,
    logger,
    ...deps.timings
  })

  const install = (): InstallOutcome => {
    const outcome = updates.installNow()
    if (outcome === 'after-call') {
      send('notice', { level: 'info', message: t('updates.afterCall') })
    }
    return outcome
  }

  const menuItem = (): UpdateMenuItem | null => updateMenuItem(updates.state(), updates.enabled, t)
  const runMenuItem = (): void => {
    const action = menuItem()?.action
    if (action === 'install') install()
    else if (action === 'check') {
      updates.checkNow().catch((error: unknown) => logger.warn('updates: check from the tray failed', { error: String(error) }))
    }
  }

  updates.events.on('stateChanged', (state) => send('update:stateChanged', state))
  updates.events.on('reminder', (state) => {
    send('notice', {
      level: 'info',
      message: state.version ? t('updates.reminderVersion', { version: state.version }) : t('updates.reminder')
    })
  })

  deps.router.handle('update:state', () => updates.state())
  deps.router.handle('update:installNow', () => {
    if (install() === 'nothing-to-install') throw new InvalidRequestError('No update is ready to install.')
    return { ok: true as const }
  })
  deps.router.handle('update:defer', () => {
    updates.defer()
    return { ok: true as const }
  })

  updates.start()
  return { service: updates, menuItem, runMenuItem, dispose: () => updates.dispose() }
}

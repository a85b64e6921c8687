// Wires the update service into the main composition: its IPC channels and event, the tray
// entry, and what the user is told. compose.ts calls composeUpdates once.
import type { EventChannel, EventPayload, UpdateState } from '../../../common/ipc'
import type { IpcRouter } from '../../ipc/router'
import { InvalidRequestError } from '../core/errors'
import type { IncomingCallCoordinator } from '../calls/ring-coordinator'
import type { Clock, Logger } from '../core/platform'
import { callGateFrom, UpdateService, type InstallOutcome } from './service'
import type { UpdateBackend } from './backend'
import { updateMenuItem } from './menu'

export interface UpdatesDeps {
  backend: UpdateBackend | undefined
  coordinator: Pick<IncomingCallCoordinator, 'activity' | 'isRinging' | 'on'>
  clock: Clock
  logger: Logger
  router: IpcRouter
  send<C extends EventChannel>(channel: C, payload: EventPayload<C>): void
  /** The tray's update entry (composeCallPresence's setUpdateEntry). */
  setTrayEntry(entry: { label: string; enabled: boolean; run(): void } | null): void
  /** Test timings; the service's defaults otherwise. */
  timings?: { startDelayMs?: number; checkIntervalMs?: number; retryAfterErrorMs?: number; remindAfterMs?: number }
}

export function composeUpdates(deps: UpdatesDeps): UpdateService {
  const { send, logger } = deps
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
      send('notice', { level: 'info', message: 'Shoutit will restart to finish updating when your call ends.' })
    }
    return outcome
  }

  const showInTray = (state: UpdateState): void => {
    const item = updateMenuItem(state, updates.enabled)
    if (!item) return deps.setTrayEntry(null)
    deps.setTrayEntry({
      label: item.label,
      enabled: item.enabled,
      run: () => {
        if (item.action === 'install') install()
        else if (item.action === 'check') {
          updates.checkNow().catch((error: unknown) => logger.warn('updates: check from the tray failed', { error: String(error) }))
        }
      }
    })
  }

  updates.events.on('stateChanged', (state) => {
    send('update:stateChanged', state)
    showInTray(state)
  })
  updates.events.on('reminder', (state) => {
    send('notice', {
      level: 'info',
      message: `Shoutit ${state.version ?? ''} is ready to install. Restart when it suits you, from the tray or the banner; it also installs when you quit.`.replace('  ', ' ')
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

  showInTray(updates.state())
  updates.start()
  return updates
}

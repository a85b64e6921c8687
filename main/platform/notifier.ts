// OS notifications through node-notifier: Notification Center on macOS, toasts on
// Windows, notify-send on Linux. Where node-notifier cannot report a click (Linux, see
// notifier-notify-send.ts) and notify-send can, notify-send is called directly with
// --action/--wait; on older Linux systems node-notifier shows the notification and the
// service is told there are no buttons (supportsActions false).
import nodeNotifier from 'node-notifier'
import type { DesktopNotification, DesktopNotifier } from '../services/core/platform'
import type { Logger } from '../services/core/platform'
import { AvatarCache } from './notifier-avatars'
import { NotifySendWithActions, notifySendSupportsActions } from './notifier-notify-send'

export type NotifierBackend = 'notify-send-actions' | 'node-notifier'

export interface DesktopNotifierOptions {
  appName: string
  /** Absolute path of the icon used when the caller has no avatar. */
  defaultIcon: string
  avatars?: AvatarCache
  logger: Logger
  /** Chosen from the OS when absent (on first use: on Linux that runs notify-send); tests pin one. */
  backend?: NotifierBackend
  platform?: NodeJS.Platform
}

export interface ClosableDesktopNotifier extends DesktopNotifier {
  readonly backend: NotifierBackend
  /** Resolves once every notification asked for so far has been handed to the OS. */
  idle(): Promise<void>
  dispose(): void
}

export function createDesktopNotifier(options: DesktopNotifierOptions): ClosableDesktopNotifier {
  const platform = options.platform ?? process.platform
  const onError = (message: string): void => options.logger.warn('notifier: ' + message)
  // Probing notify-send blocks for up to 2 s, so it waits for the first notification (or the
  // first look at `backend` / `supportsActions`) instead of delaying start-up.
  let chosen: { backend: NotifierBackend; supportsActions: boolean; notifySend: NotifySendWithActions | undefined } | undefined
  const choose = (): NonNullable<typeof chosen> => {
    if (chosen) return chosen
    const backend: NotifierBackend =
      options.backend ?? (platform === 'linux' && notifySendSupportsActions() ? 'notify-send-actions' : 'node-notifier')
    chosen = {
      backend,
      // node-notifier reports clicks and buttons on macOS and Windows only.
      supportsActions: backend === 'notify-send-actions' || platform === 'darwin' || platform === 'win32',
      notifySend: backend === 'notify-send-actions' ? new NotifySendWithActions(onError) : undefined
    }
    options.logger.info('notifications: backend chosen', { backend: chosen.backend, actions: chosen.supportsActions })
    return chosen
  }
  const inFlight = new Set<Promise<void>>()

  async function deliver(notification: DesktopNotification): Promise<void> {
    const { supportsActions, notifySend } = choose()
    const icon = (await options.avatars?.localPathFor(notification.imageUrl)) ?? options.defaultIcon
    if (notifySend) {
      notifySend.show({ appName: options.appName, title: notification.title, body: notification.body, icon, actions: notification.actions, onActivate: notification.onActivate })
      return
    }
    await new Promise<void>((resolve) => {
      const labels = notification.actions.map((action) => action.label)
      nodeNotifier.notify(
        {
          title: notification.title,
          message: notification.body,
          icon,
          contentImage: icon,
          appID: options.appName,
          'app-name': options.appName,
          actions: supportsActions && labels.length > 0 ? labels : undefined,
          // Waiting is what lets macOS and Windows report the click; notify-send would only block.
          wait: supportsActions
        } as Parameters<typeof nodeNotifier.notify>[0],
        (error, response, metadata) => {
          resolve()
          if (error) return onError(`node-notifier failed: ${error.message}`)
          const chosen = notification.actions.find(
            (action) => action.label === metadata?.activationValue || action.label.toLowerCase() === response?.toLowerCase()
          )
          if (chosen) notification.onActivate(chosen.id)
          else if (response === 'activate' || metadata?.activationType === 'contentsClicked') notification.onActivate('default')
        }
      )
      // With wait the callback comes only once the user acts: the notification is shown by now.
      if (supportsActions) resolve()
    })
  }

  return {
    get backend() {
      return choose().backend
    },
    get supportsActions() {
      return choose().supportsActions
    },
    notify(notification) {
      const job = deliver(notification).catch((error: unknown) => onError(String(error)))
      inFlight.add(job)
      void job.finally(() => inFlight.delete(job))
    },
    async idle() {
      await Promise.all([...inFlight])
    },
    dispose() {
      chosen?.notifySend?.dispose()
    }
  }
}

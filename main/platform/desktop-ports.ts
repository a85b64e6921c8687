// Builds the desktop ports and the OS notifier for the Electron entry, from the
// app's windows and the deep-link source the entry created before the app was ready.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { app, nativeTheme } from 'electron'
import type { DesktopPorts } from '../services/desktop/ports'
import type { DesktopNotifier } from '../services/core/platform'
import type { Logger } from '../services/core/platform'
import type { ElectronDeepLinks } from './deep-link-events'
import { createDesktopNotifier } from './notifier'
import { AvatarCache } from './notifier-avatars'
import { ElectronLoginItem } from './login-item'
import { ElectronDisplaySleep } from './power-save'
import { ElectronRingWindow } from './ring-window'
import { ElectronTray } from './tray'
import { ElectronAppShell } from './tray-app-shell'
import type { AppWindows } from './windows'

/**
 * assets/tray inside the app. Notification servers run as other processes and cannot read
 * inside app.asar, so packaged builds unpack the folder (electron-builder asarUnpack).
 */
export function trayAssetsDir(): string {
  const inApp = join(app.getAppPath(), 'assets', 'tray')
  const unpacked = inApp.replace(/app\.asar([\\/])/, 'app.asar.unpacked$1')
  return unpacked !== inApp && existsSync(unpacked) ? unpacked : inApp
}

export interface DesktopIntegrationOptions {
  windows: AppWindows
  deepLinks: ElectronDeepLinks
  logger: Logger
  fetch: typeof globalThis.fetch
}

export function createDesktopIntegration(options: DesktopIntegrationOptions): { desktop: DesktopPorts; notifier: DesktopNotifier & { dispose(): void } } {
  const assets = trayAssetsDir()
  const notifier = createDesktopNotifier({
    appName: app.getName(),
    defaultIcon: join(assets, 'notification.png'),
    avatars: new AvatarCache({ directory: join(app.getPath('userData'), 'notification-avatars'), fetch: options.fetch }),
    logger: options.logger
  })
  // The notifier logs its backend when it first needs one (choosing it probes notify-send on Linux).
  options.deepLinks.onActivate(() => options.windows.showMain())
  app.on('will-quit', () => notifier.dispose())
  return {
    notifier,
    desktop: {
      tray: new ElectronTray(assets),
      ringWindow: new ElectronRingWindow(options.windows),
      displaySleep: new ElectronDisplaySleep(),
      loginItem: new ElectronLoginItem(options.logger),
      // Every window's prefers-color-scheme follows nativeTheme: the stylesheet needs no setting.
      theme: { setTheme: (theme) => (nativeTheme.themeSource = theme) },
      shell: new ElectronAppShell(options.windows, join(assets, 'badge.png')),
      deepLinks: options.deepLinks
    }
  }
}

// Launch at login (a setting, off by default): the OS login item on macOS and Windows, an
// XDG autostart entry on Linux. Either way the app is started with --launched-at-login so
// it knows to stay in the tray (macOS also reports wasOpenedAtLogin).
import { app } from 'electron'
import type { LoginItemPort } from '../services/desktop/ports'
import type { Logger } from '../services/core/platform'
import { LAUNCHED_AT_LOGIN_FLAG, setLinuxAutostart } from './login-item-autostart'

export class ElectronLoginItem implements LoginItemPort {
  readonly launchedAtLogin: boolean

  constructor(
    private readonly logger: Logger,
    argv: readonly string[] = process.argv
  ) {
    this.launchedAtLogin =
      argv.includes(LAUNCHED_AT_LOGIN_FLAG) || (process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin)
  }

  setEnabled(enabled: boolean): void {
    if (!app.isPackaged) {
      // A development build would register the bare Electron binary as a login item.
      this.logger.info('login item: not changed in a development build', { enabled })
      return
    }
    if (process.platform === 'linux') {
      // An AppImage runs from a temporary mount: start the AppImage file itself.
      const command = [process.env.APPIMAGE ?? process.execPath]
      setLinuxAutostart(enabled, command).catch((error: unknown) =>
        this.logger.warn('login item: could not write the autostart entry', { error: String(error) })
      )
      return
    }
    // args reach Windows only; macOS tells us through wasOpenedAtLogin instead.
    app.setLoginItemSettings({ openAtLogin: enabled, args: [LAUNCHED_AT_LOGIN_FLAG] })
  }
}

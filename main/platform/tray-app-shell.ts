// The app as a whole: the unread badge, the quit guard (quitting during a call
// asks first, whichever way the user quits), confirmation dialogs, and noticing when the
// user closes the main window (the app stays in the tray).
import { BrowserWindow, app, dialog, nativeImage } from 'electron'
import type { AppShellPort, ConfirmRequest } from '../services/desktop/ports'
import type { Unsubscribe } from '../services/core/emitter'
import type { AppWindows } from './windows'

export class ElectronAppShell implements AppShellPort {
  readonly #closedListeners = new Set<() => void>()
  #guard: (() => Promise<boolean>) | undefined
  #quitConfirmed = false
  #asking = false

  constructor(
    private readonly windows: AppWindows,
    /** A small red dot: Windows shows it over the taskbar button (no numeric badges there). */
    private readonly badgeIconPath: string
  ) {
    app.on('before-quit', (event) => {
      if (this.#quitConfirmed || !this.#guard) return
      event.preventDefault()
      if (this.#asking) return
      this.#asking = true
      this.#guard()
        .catch(() => true)
        .then((quit) => {
          this.#asking = false
          if (!quit) return
          this.#quitConfirmed = true
          app.quit()
        })
    })
    // AppWindows sets its main window right after constructing it: look once it is known.
    app.on('browser-window-created', (_event, window) => {
      setImmediate(() => {
        if (this.windows.mainWindow !== window) return
        window.on('closed', () => {
          if (this.#quitConfirmed) return
          for (const listener of [...this.#closedListeners]) listener()
        })
      })
    })
  }

  setBadgeCount(count: number, description?: string): void {
    if (process.platform === 'win32') {
      const main = this.windows.mainWindow
      if (!main || main.isDestroyed()) return
      main.setOverlayIcon(count > 0 ? nativeImage.createFromPath(this.badgeIconPath) : null, count > 0 ? (description ?? String(count)) : '')
      return
    }
    // macOS dock and Unity-style Linux launchers; a no-op where unsupported.
    app.setBadgeCount(count)
  }

  async confirm(request: ConfirmRequest): Promise<boolean> {
    const parent = BrowserWindow.getFocusedWindow() ?? this.windows.mainWindow
    const options = {
      type: 'question' as const,
      buttons: [request.confirmLabel, request.cancelLabel],
      defaultId: 1,
      cancelId: 1,
      message: request.message,
      detail: request.detail,
      noLink: true
    }
    const { response } = parent && !parent.isDestroyed() ? await dialog.showMessageBox(parent, options) : await dialog.showMessageBox(options)
    return response === 0
  }

  quit(): void {
    app.quit()
  }

  setQuitGuard(guard: () => Promise<boolean>): void {
    this.#guard = guard
  }

  onMainWindowClosed(listener: () => void): Unsubscribe {
    this.#closedListeners.add(listener)
    return () => this.#closedListeners.delete(listener)
  }
}

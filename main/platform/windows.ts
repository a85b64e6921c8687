// Every window of the app comes from here, with the same locked-down webPreferences; the
// hub knows which webContents are ours (the IPC router's sender check) and sends events
// to all of them. The ring window (platform/ring-window.ts) uses createWindow({ view: 'ring' }).
import { BrowserWindow, type BrowserWindowConstructorOptions } from 'electron'
import type { EventChannel, EventPayload } from '../../common/ipc'
import type { WindowHub } from '../services/core/platform'
import { APP_ORIGIN } from './renderer-files'

export type AppView = 'main' | 'ring'

export interface AppWindowOptions extends Omit<BrowserWindowConstructorOptions, 'webPreferences'> {
  view?: AppView
  /** webPreferences.backgroundThrottling: off for a window that must react while hidden. */
  backgroundThrottling?: boolean
}

export class AppWindows implements WindowHub {
  readonly #windows = new Map<number, BrowserWindow>()
  #main: BrowserWindow | undefined

  constructor(private readonly preloadPath: string) {}

  createWindow({ view = 'main', backgroundThrottling = true, ...options }: AppWindowOptions = {}): BrowserWindow {
    // The only webPreferences any window gets, written out here (not spread from a helper) so
    // that reviewers and static scanners see them where the window is made.
    const window = new BrowserWindow({
      ...options,
      webPreferences: {
        preload: this.preloadPath,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        experimentalFeatures: false,
        webviewTag: false,
        navigateOnDragDrop: false,
        safeDialogs: true,
        spellcheck: true,
        backgroundThrottling,
        // Middle-click would try to open a window; new windows are denied anyway.
        disableBlinkFeatures: 'Auxclick'
      }
    })
    const id = window.webContents.id
    this.#windows.set(id, window)
    window.on('closed', () => {
      this.#windows.delete(id)
      if (this.#main === window) this.#main = undefined
    })
    const url = new URL(`${APP_ORIGIN}/index.html`)
    if (view !== 'main') url.searchParams.set('view', view)
    void window.loadURL(url.toString())
    return window
  }

  /** The main window, created when it does not exist (closed to the tray, or first start). */
  openMain(): BrowserWindow {
    if (this.#main && !this.#main.isDestroyed()) return this.#main
    this.#main = this.createWindow({ width: 1100, height: 740, minWidth: 720, minHeight: 520, title: 'Shoutit', show: false })
    const main = this.#main
    main.once('ready-to-show', () => main.show())
    return main
  }

  get mainWindow(): BrowserWindow | undefined {
    return this.#main
  }

  isAppSender(senderId: number): boolean {
    const window = this.#windows.get(senderId)
    return window !== undefined && !window.isDestroyed()
  }

  broadcast<C extends EventChannel>(channel: C, payload: EventPayload<C>): void {
    for (const window of this.#windows.values()) {
      if (!window.isDestroyed()) window.webContents.send(channel, payload)
    }
  }

  showMain(): void {
    const main = this.openMain()
    if (main.isMinimized()) main.restore()
    main.show()
    main.focus()
  }
}

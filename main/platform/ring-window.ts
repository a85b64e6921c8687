// The incoming-call window: small, always on top, on every workspace, in the top-right
// corner of the screen the user is on. It shows the renderer's `?view=ring` (caller, Accept,
// Decline, shortcuts, ringtone). It is loaded hidden once signed in and then only shown and
// hidden, ring after ring: a new window and renderer cost a few hundred milliseconds that a
// ring should not wait for, and an answered call should not share the CPU with them.
import { screen, type BrowserWindow } from 'electron'
import type { RingWindowPort } from '../services/desktop/ports'
import type { AppWindows } from './windows'

const WIDTH = 360
const HEIGHT = 220
const MARGIN = 16

export class ElectronRingWindow implements RingWindowPort {
  #window: BrowserWindow | undefined
  #loaded = false
  /** open() was called before the window had loaded: show it once it has. */
  #showWhenLoaded = false

  constructor(private readonly windows: AppWindows) {}

  preload(): void {
    this.#ensure()
  }

  open(): void {
    const window = this.#ensure()
    if (!this.#loaded) {
      this.#showWhenLoaded = true
      return
    }
    this.#placeOnCurrentScreen(window)
    window.show()
  }

  close(): void {
    this.#showWhenLoaded = false
    const window = this.#window
    if (window && !window.isDestroyed()) window.hide()
  }

  destroy(): void {
    const window = this.#window
    this.#window = undefined
    this.#loaded = false
    this.#showWhenLoaded = false
    if (window && !window.isDestroyed()) window.destroy()
  }

  #ensure(): BrowserWindow {
    if (this.#window && !this.#window.isDestroyed()) return this.#window
    const window = this.windows.createWindow({
      view: 'ring',
      // Until the page loads (hidden): then its document title, in the app's language, replaces this.
      title: 'Shoutit',
      width: WIDTH,
      height: HEIGHT,
      show: false,
      // Hidden between rings, it must still take ring:incoming at once and have painted it
      // by the time it is shown.
      backgroundThrottling: false,
      paintWhenInitiallyHidden: true,
      frame: false,
      resizable: false,
      minimizable: false,
      maximizable: false,
      fullscreenable: false,
      alwaysOnTop: true,
      skipTaskbar: false
    })
    // Above full-screen apps too: a ring nobody sees is a missed call.
    window.setAlwaysOnTop(true, 'screen-saver')
    window.setVisibleOnAllWorkspaces(true, { visibleOnFullScreen: true })
    window.once('ready-to-show', () => {
      this.#loaded = true
      if (!this.#showWhenLoaded || window.isDestroyed()) return
      this.#showWhenLoaded = false
      this.#placeOnCurrentScreen(window)
      window.show()
    })
    // The OS can still close it (Alt+F4; it has no close button): the next ring makes a new one.
    window.on('closed', () => {
      if (this.#window !== window) return
      this.#window = undefined
      this.#loaded = false
    })
    this.#window = window
    this.#loaded = false
    return window
  }

  /** The top-right corner of the screen under the pointer, where the user is looking. */
  #placeOnCurrentScreen(window: BrowserWindow): void {
    const area = screen.getDisplayNearestPoint(screen.getCursorScreenPoint()).workArea
    window.setBounds({ x: area.x + area.width - WIDTH - MARGIN, y: area.y + MARGIN, width: WIDTH, height: HEIGHT })
  }
}

// The incoming-call window: small, always on top, on every workspace, in the top-right
// corner of the screen the user is on. It shows the renderer's `?view=ring` (caller, Accept,
// Decline, shortcuts, ringtone); closing it stops the ringtone with it.
import { screen, type BrowserWindow } from 'electron'
import type { RingWindowPort } from '../services/incoming-calls-desktop'
import type { AppWindows } from './windows'

const WIDTH = 360
const HEIGHT = 220
const MARGIN = 16

export class ElectronRingWindow implements RingWindowPort {
  #window: BrowserWindow | undefined

  constructor(private readonly windows: AppWindows) {}

  open(): void {
    if (this.#window && !this.#window.isDestroyed()) {
      this.#window.show()
      return
    }
    const area = screen.getDisplayNearestPoint(screen.getCursorScreenPoint()).workArea
    const window = this.windows.createWindow({
      view: 'ring',
      title: 'Incoming call — Shoutit',
      width: WIDTH,
      height: HEIGHT,
      x: area.x + area.width - WIDTH - MARGIN,
      y: area.y + MARGIN,
      show: false,
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
      if (!window.isDestroyed()) window.show()
    })
    window.on('closed', () => {
      if (this.#window === window) this.#window = undefined
    })
    this.#window = window
  }

  close(): void {
    const window = this.#window
    this.#window = undefined
    if (window && !window.isDestroyed()) window.close()
  }
}

// The picture-in-picture call window's decisions as plain data: which window.open may open
// it, the window's options and where it goes. Pure (electron is imported for types only), so
// the policy is unit-tested under Node; pip-window-electron.ts applies it.
//
// The window is an about:blank child of the main window, same origin and same process, so
// the main window's page draws into it directly (the remote MediaStream, the call's state)
// without a second renderer, preload or bridge. That is also why the rule is this narrow:
// only this URL, this frame name and these features, and only from the main window.
import type { BrowserWindowConstructorOptions, HandlerDetails } from 'electron'
import { PIP_FEATURES, PIP_FRAME_NAME, PIP_HEIGHT, PIP_URL, PIP_WIDTH } from '../../common/pip'

export interface PipOpenRequest extends Pick<HandlerDetails, 'url' | 'frameName' | 'features' | 'disposition'> {
  /** Present only when a form with target=_blank asks: never ours. */
  postBody?: unknown
  /** The request comes from the app's own main window (its webContents), on an app:// page. */
  fromMainWindow: boolean
}

/** 'pip' opens the picture-in-picture window; anything else is refused (or handed to the browser by the caller). */
export function pipWindowOpenDecision(request: PipOpenRequest): 'pip' | 'deny' {
  const exact =
    request.fromMainWindow &&
    request.url === PIP_URL &&
    request.frameName === PIP_FRAME_NAME &&
    request.features === PIP_FEATURES &&
    request.disposition === 'new-window' &&
    request.postBody === undefined
  return exact ? 'pip' : 'deny'
}

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

/** Gap between the window and the edges of the screen's work area. */
const MARGIN = 16
const MIN_WIDTH = 240
const MAX_WIDTH = 640

/** The bottom-right corner of a display's work area (clear of taskbar and dock), at the default size. */
export function pipBounds(workArea: Rect): Rect {
  // A work area smaller than the window (tiny or heavily scaled screens): stay inside it.
  const width = Math.min(PIP_WIDTH, Math.max(MIN_WIDTH, workArea.width - 2 * MARGIN))
  const height = Math.round((width * PIP_HEIGHT) / PIP_WIDTH)
  return {
    x: Math.max(workArea.x, workArea.x + workArea.width - width - MARGIN),
    y: Math.max(workArea.y, workArea.y + workArea.height - height - MARGIN),
    width,
    height
  }
}

/** The window's aspect ratio, kept while the user resizes it. */
export const PIP_ASPECT_RATIO = PIP_WIDTH / PIP_HEIGHT

/**
 * The options main gives the window (setWindowOpenHandler has the last word over anything the
 * page's features string says). Its webPreferences are the main window's (platform/windows.ts)
 * without a preload: the page inside is drawn by its opener and needs no bridge of its own.
 */
export function pipWindowOptions(bounds: Rect): BrowserWindowConstructorOptions {
  return {
    ...bounds,
    minWidth: MIN_WIDTH,
    minHeight: Math.round((MIN_WIDTH * PIP_HEIGHT) / PIP_WIDTH),
    maxWidth: MAX_WIDTH,
    maxHeight: Math.round((MAX_WIDTH * PIP_HEIGHT) / PIP_WIDTH),
    title: 'Shoutit call',
    // Shown without focus once created (pip-window-electron.ts): it must never take the
    // keyboard from the app the user switched to.
    show: false,
    frame: false,
    resizable: true,
    movable: true,
    minimizable: false,
    maximizable: false,
    fullscreenable: false,
    alwaysOnTop: true,
    skipTaskbar: true,
    autoHideMenuBar: true,
    backgroundColor: '#101316',
    webPreferences: {
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
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick'
    }
  }
}

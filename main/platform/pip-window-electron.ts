// Applies pip-window.ts to Electron: answers the main window's window.open for the
// picture-in-picture window, then floats the new window above other apps without focus.
import { screen, type BrowserWindow, type HandlerDetails, type WebContents, type WindowOpenHandlerResponse } from 'electron'
import { PIP_FRAME_NAME } from '../../common/pip'
import { PIP_ASPECT_RATIO, pipBounds, pipWindowOpenDecision, pipWindowOptions } from './pip-window'
import { isAppUrl } from './renderer-files'

/** The handler's answer when `details` is the picture-in-picture request from the main window; undefined otherwise. */
export function pipWindowOpenResponse(contents: WebContents, details: HandlerDetails, isMainWindow: (contents: WebContents) => boolean): WindowOpenHandlerResponse | undefined {
  const fromMainWindow = isMainWindow(contents) && isAppUrl(contents.getURL())
  const decision = pipWindowOpenDecision({
    url: details.url,
    frameName: details.frameName,
    features: details.features,
    disposition: details.disposition,
    ...(details.postBody ? { postBody: details.postBody } : {}),
    fromMainWindow
  })
  if (decision !== 'pip') return undefined
  // Where the user is looking: the screen under the pointer, as for the ring window.
  const area = screen.getDisplayNearestPoint(screen.getCursorScreenPoint()).workArea
  // Closed with its opener (the default): a PiP of a call whose page is gone means nothing.
  return { action: 'allow', overrideBrowserWindowOptions: pipWindowOptions(pipBounds(area)) }
}

/** Finishes a window that pipWindowOpenResponse allowed; other windows are left alone. */
export function setUpPipWindow(window: BrowserWindow, frameName: string): void {
  if (frameName !== PIP_FRAME_NAME) return
  // 'floating' keeps it above normal windows without covering full-screen apps and system UI.
  window.setAlwaysOnTop(true, 'floating')
  window.setAspectRatio(PIP_ASPECT_RATIO)
  window.setMenu(null)
  window.showInactive()
}

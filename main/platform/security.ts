// App-wide hardening of every web contents: no navigation away from the app, no new windows
// (http/https links go to the browser after a scheme check) but the main window's
// picture-in-picture call window (pip-window.ts), no <webview>, and permissions granted only
// for media to the app's own origin.
import { app, session, shell, type Session, type WebContents } from 'electron'
import { checkExternalUrl, isExternalWebUrl } from '../services/core/external-links'
import type { Logger } from '../services/core/platform'
import { isPermissionAllowed } from './permissions'
import { pipWindowOpenResponse, setUpPipWindow } from './pip-window-electron'
import { isAppUrl } from './renderer-files'

export interface SecurityPolicyOptions {
  /** The app's main window: the only one that may open the picture-in-picture window. */
  isMainWindow?: (contents: WebContents) => boolean
}

export function installSecurityPolicy(logger: Logger, target: Session = session.defaultSession, options: SecurityPolicyOptions = {}): void {
  const isMainWindow = options.isMainWindow ?? (() => false)
  target.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? details.mediaTypes : undefined
    const allowed = isPermissionAllowed({ permission, requestingUrl: details.requestingUrl, ...(mediaTypes ? { mediaTypes } : {}) })
    if (!allowed) logger.warn('security: permission refused', { permission })
    callback(allowed)
  })
  target.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isPermissionAllowed({ permission, requestingUrl: requestingOrigin })
  )

  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (isAppUrl(url)) return
      event.preventDefault()
      logger.warn('security: navigation refused', { scheme: safeScheme(url) })
    })
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault()
    })
    contents.on('will-attach-webview', (event) => event.preventDefault())
    contents.setWindowOpenHandler((details) => {
      const pip = pipWindowOpenResponse(contents, details, isMainWindow)
      if (pip) return pip
      const { url } = details
      if (isExternalWebUrl(url)) void shell.openExternal(checkExternalUrl(url))
      else logger.warn('security: window.open refused', { scheme: safeScheme(url) })
      return { action: 'deny' }
    })
    contents.on('did-create-window', (window, { frameName }) => setUpPipWindow(window, frameName))
  })
}

function safeScheme(url: string): string {
  try {
    return new URL(url).protocol
  } catch {
    return 'invalid'
  }
}

// Listens for a window's renderer dying ('render-process-gone') or hanging ('unresponsive'),
// logs it, ends a call that died with it and offers the user a reload. The decisions are
// in renderer-crash.ts; this only connects them to Electron.
import { app, BrowserWindow, dialog, type WebContents } from 'electron'
import type { TFunction } from 'i18next'
import type { CallActivity } from '../../common/calls'
import type { Logger } from '../services/core/platform'
import { decideOnRendererProblem, type AppWindowKind, type RendererProblem } from './renderer-crash'
import type { AppWindows } from './windows'

export interface CrashHandlingOptions {
  windows: AppWindows
  logger: Logger
  /** The dialog's words, in the app's current language. */
  t: TFunction
  activity(): CallActivity
  /** Ends the call state in main as a hang-up would; returns whether there was a call. */
  endCall(detail: string): boolean
  /** Drops the ring window so the next ring (or the current one) builds a new one. */
  rebuildRingWindow(): void
}

export function installCrashHandling(options: CrashHandlingOptions): () => void {
  const { windows, logger } = options
  const kindOf = (contents: WebContents): AppWindowKind => {
    const main = windows.mainWindow
    if (main && !main.isDestroyed() && main.webContents.id === contents.id) return 'main'
    return new URL(contents.getURL() || 'about:blank').searchParams.get('view') === 'ring' ? 'ring' : 'other'
  }
  let prompting = false

  const handle = (window: BrowserWindow | undefined, contents: WebContents, problem: RendererProblem): void => {
    const kind = kindOf(contents)
    const decision = decideOnRendererProblem(kind, problem, options.activity(), options.t)
    logger[decision.level](`window: renderer ${problem.type}`, { window: kind, ...(problem.type === 'gone' ? { reason: problem.reason, exitCode: problem.exitCode } : {}) })
    if (decision.endCall) options.endCall(`The app window stopped working (${problem.type === 'gone' ? problem.reason : problem.type}).`)
    if (decision.rebuildRingWindow) options.rebuildRingWindow()
    const prompt = decision.prompt
    if (!prompt || prompting || !window || window.isDestroyed()) return
    prompting = true
    void dialog
      .showMessageBox(window, { type: 'warning', message: prompt.message, detail: prompt.detail, buttons: prompt.buttons, defaultId: 0, cancelId: 1, noLink: true })
      .then(({ response }) => {
        if (response !== 0 || window.isDestroyed()) return
        // A hung page that is reloaded takes its call with it.
        if (problem.type === 'unresponsive') options.endCall('The app window was reloaded while it was not responding.')
        window.webContents.reload()
      })
      .catch((error: unknown) => logger.warn('window: could not ask about a reload', { error: String(error) }))
      .finally(() => {
        prompting = false
      })
  }

  const onGone = (_event: unknown, contents: WebContents, details: Electron.RenderProcessGoneDetails): void => {
    const window = BrowserWindow.fromWebContents(contents) ?? undefined
    handle(window, contents, { type: 'gone', reason: details.reason, exitCode: details.exitCode })
  }
  const onWindow = (_event: unknown, window: BrowserWindow): void => {
    window.on('unresponsive', () => handle(window, window.webContents, { type: 'unresponsive' }))
    window.on('responsive', () => logger.info('window: responsive again', { window: kindOf(window.webContents) }))
  }
  app.on('render-process-gone', onGone)
  app.on('browser-window-created', onWindow)
  return () => {
    app.off('render-process-gone', onGone)
    app.off('browser-window-created', onWindow)
  }
}

// The Electron entry: the thin layer that builds the real Platform, hands it to composeMain
// (the same composition tests run) and opens the window. Everything else lives in services.
import { writeSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { app, desktopCapturer, session, shell } from 'electron'
import { composeMain, type MainHandle } from './compose'
import { runMenuCommand } from './platform/app-menu'
import { ElectronAppMenu } from './platform/app-menu-electron'
import { registerAppScheme, serveRenderer } from './platform/app-protocol'
import { contentSecurityPolicy } from './platform/csp'
import { createElectronPlatform, electronStores } from './platform/electron-platform'
import { hardwareAccelerationAtStart } from './platform/hardware-acceleration'
import { bindIpcMain } from './platform/ipc-main'
import { ElectronDeepLinks, claimSingleInstance } from './platform/deep-link-events'
import { createAppLogger } from './platform/logger'
import { HeldSecrets } from './services/core/held-secrets'
import { parseCommandLine, userArguments } from './platform/command-line'
import { installCrashHandling } from './platform/renderer-crash-electron'
import { installSecurityPolicy } from './platform/security'
import { installScreenShare } from './platform/screen-share'
import { createDesktopIntegration } from './platform/desktop-ports'
import { AppWindows } from './platform/windows'
import { DEFAULT_LOCAL_SERVER_URL } from './services/core/servers'

/** Must match electron-builder's appId so Windows groups notifications and the taskbar entry. */
export const APP_USER_MODEL_ID = 'app.shoutit.desktop'

const here = fileURLToPath(new URL('.', import.meta.url))

// --version and --help answer and exit before anything starts (or wakes a running instance).
const commandLine = parseCommandLine(userArguments(process.argv, process.defaultApp === true), {
  productName: app.getName(),
  version: app.getVersion(),
  runtime: { electron: process.versions.electron, chrome: process.versions.chrome, node: process.versions.node }
})
if (commandLine.action !== 'start') {
  // Written synchronously: process.exit does not wait for a piped stdout to drain.
  writeSync(commandLine.exitCode === 0 ? 1 : 2, commandLine.text)
  process.exit(commandLine.exitCode)
}

if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID)
// Tests and side-by-side profiles run with their own data directory (secrets, stores).
if (process.env.SHOUTIT_USER_DATA_DIR) app.setPath('userData', process.env.SHOUTIT_USER_DATA_DIR)
/** The log folder, in the user data folder on every OS (Help > Open Log Folder shows it). */
const logDir = join(app.getPath('userData'), 'logs')
// Filled by the session and the video-token keeper: the log masks each value they hold.
const heldSecrets = new HeldSecrets()
const logger = createAppLogger({ file: join(logDir, 'main.log'), secrets: heldSecrets })
// Chromium reads this once, before ready: a change in Settings applies from the next start.
if (!hardwareAccelerationAtStart(electronStores()('settings'), logger)) {
  app.disableHardwareAcceleration()
  logger.info('hardware acceleration: off (settings)')
}
// Every renderer sandboxed, whatever a window's options say.
app.enableSandbox()
registerAppScheme()

// One instance: a second launch hands its shoutit:// link (or just "show me") to this one.
const isFirstInstance = claimSingleInstance()
// Created before ready: macOS delivers the link that launched the app through open-url that early.
const deepLinks = isFirstInstance ? new ElectronDeepLinks() : undefined

let main: MainHandle | undefined
let unbindIpc: (() => void) | undefined
let uninstallScreenShare: (() => void) | undefined
let uninstallCrashHandling: (() => void) | undefined

async function start(): Promise<void> {
  const windows = new AppWindows(join(here, '../preload/index.cjs'))
  installSecurityPolicy(logger, session.defaultSession, {
    isMainWindow: (contents) => {
      const mainWindow = windows.mainWindow
      return mainWindow !== undefined && !mainWindow.isDestroyed() && mainWindow.webContents.id === contents.id
    }
  })
  const platform = createElectronPlatform({
    windows,
    logger,
    localServerUrl: process.env.SHOUTIT_LOCAL_SERVER_URL ?? DEFAULT_LOCAL_SERVER_URL
  })
  // Tray, ring window, notifications, badge, login item, deep links.
  if (deepLinks) Object.assign(platform, createDesktopIntegration({ windows, deepLinks, logger, fetch: platform.fetch }))
  const handle = composeMain(platform, { secrets: heldSecrets })
  main = handle
  serveRenderer(join(here, '../renderer'), () => {
    const config = handle.services.realtime.cachedConfig()
    const janusUrl = handle.services.videoTokens.janusUrl()
    return contentSecurityPolicy({ serverUrl: handle.services.servers.currentUrl(), ...(config ? { realtime: config.pusher } : {}), ...(janusUrl ? { janusUrl } : {}) })
  })
  unbindIpc = bindIpcMain(handle.ipc)
  // getDisplayMedia in the renderer is answered with the source the app's picker returns.
  uninstallScreenShare = installScreenShare({ session: session.defaultSession, desktopCapturer, picker: handle.services.screenShare, logger })
  // The app's own menu: no Reload (it drops a call) and no developer tools when packaged.
  const { calls, navigation, language } = handle.services
  const menu = new ElectronAppMenu({ platform: process.platform, isPackaged: app.isPackaged, productName: app.getName(), t: language.t }, (command) =>
    runMenuCommand(command, {
      openSettings: () => {
        windows.showMain()
        navigation.navigate({ to: 'settings' })
      },
      call: (callCommand) => handle.send('call:command', { command: callCommand }),
      openLogFolder: () =>
        void shell.openPath(logDir).then((failure) => {
          if (failure) logger.warn('menu: could not open the log folder', { error: failure })
        })
    })
  )
  menu.install()
  calls.coordinator.on('activityChanged', ({ activity }) => menu.setActivity(activity))
  language.onChange(() => menu.refresh())
  // A renderer that dies takes its call with it: main ends the call state and offers a reload.
  uninstallCrashHandling = installCrashHandling({
    windows,
    logger,
    t: language.t,
    activity: () => calls.coordinator.activity(),
    endCall: (detail) => calls.interrupted.end(detail),
    rebuildRingWindow: () => {
      const ringWindow = platform.desktop?.ringWindow
      ringWindow?.destroy?.()
      if (calls.coordinator.current()) ringWindow?.open()
    }
  })
  // Started by the OS at login: stay in the tray until the user asks for the window.
  if (!handle.services.desktop.startHidden) windows.openMain()
  app.on('activate', () => windows.showMain())
}

// Closing every window keeps the app (and its realtime connection) running, so calls still
// ring; quitting goes through the tray or the app menu.
app.on('window-all-closed', () => undefined)

app.on('will-quit', () => {
  unbindIpc?.()
  uninstallScreenShare?.()
  uninstallCrashHandling?.()
  void main?.dispose()
})

if (!isFirstInstance) {
  app.quit()
} else {
  app.whenReady().then(start, (error: unknown) => {
    logger.error('start-up failed', { error: String(error) })
    app.exit(1)
  })
}

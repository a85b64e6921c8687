// The update backend over electron-updater. The feed is the publish target in
// electron-builder.yml (GitHub releases), which electron-builder writes into the package as
// resources/app-update.yml. Downloads are started by the update service, not by
// electron-updater, so that none begins during a call.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { App } from 'electron'
// electron-updater is CommonJS with a lazy getter for autoUpdater, which ESM named imports miss.
import electronUpdater, { type AppUpdater } from 'electron-updater'
import type { Logger } from '../services/core/platform'
import { describeUpdateError } from '../services/updates/service'
import type { AvailableUpdate, UpdateBackend } from '../services/updates/backend'

export interface UpdaterAdapterOptions {
  app: Pick<App, 'isPackaged'>
  logger: Logger
  /**
   * Runs just before the updater quits the app to install: windows that hide to the tray
   * on close must let this quit through, or the install never happens.
   */
  beforeQuitForUpdate?: () => void
  /** Tests and the end-to-end harness pass a fake; the app uses electron-updater's singleton. */
  updater?: AppUpdater
  env?: NodeJS.ProcessEnv
  platform?: NodeJS.Platform
  /** Electron's process.resourcesPath, where electron-builder marks deb/rpm installs. */
  resourcesPath?: string
}

/**
 * On Linux electron-updater can replace an AppImage (it sets APPIMAGE) or a package whose
 * type electron-builder wrote into resources/package-type; anything else (the unpacked
 * folder, a distribution's own package) would only fail at download time, every cycle.
 */
function linuxInstallCannotUpdate(env: NodeJS.ProcessEnv, resourcesPath: string | undefined): boolean {
  if (env.APPIMAGE) return false
  return resourcesPath === undefined || !existsSync(join(resourcesPath, 'package-type'))
}

/**
 * The Electron tests point an unpacked app at a feed on loopback (SHOUTIT_UPDATE_FEED_URL, an
 * electron-updater generic feed). Honoured only when not packaged and only for a loopback
 * address: a packaged build ignores the variable, so nothing in a user's environment can
 * redirect where an installed app takes its updates from.
 */
export function developmentFeed(isPackaged: boolean, env: NodeJS.ProcessEnv): string | undefined {
  const value = env.SHOUTIT_UPDATE_FEED_URL
  if (isPackaged || !value) return undefined
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return undefined
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)
  return url.protocol === 'http:' && loopback ? url.href : undefined
}

export function createUpdateBackend(options: UpdaterAdapterOptions): UpdateBackend {
  const env = options.env ?? process.env
  const platform = options.platform ?? process.platform
  const resourcesPath = 'resourcesPath' in options ? options.resourcesPath : process.resourcesPath
  const feed = developmentFeed(options.app.isPackaged, env)
  const disabledReason = feed !== undefined
    ? undefined
    : !options.app.isPackaged
    ? 'not a packaged build'
    : env.SHOUTIT_DISABLE_UPDATES === '1'
      ? 'switched off by SHOUTIT_DISABLE_UPDATES'
      : platform === 'linux' && linuxInstallCannotUpdate(env, resourcesPath)
        ? 'this Linux install is neither an AppImage nor a deb package: update it the way it was installed'
        : undefined
  if (disabledReason !== undefined) {
    // Touching autoUpdater in an unpacked app would make it look for dev-app-update.yml.
    return {
      disabledReason,
      check: () => Promise.resolve(null),
      download: () => Promise.reject(new Error(`updates are off: ${disabledReason}`)),
      quitAndInstall: () => undefined
    }
  }

  const updater = options.updater ?? electronUpdater.autoUpdater
  if (feed !== undefined) {
    // An unpacked app has no resources/app-update.yml; electron-updater still reads one at
    // download time (for its cache folder's name), so a throwaway one names the feed.
    const configDir = mkdtempSync(join(tmpdir(), 'shoutit-update-feed-'))
    const configPath = join(configDir, 'dev-app-update.yml')
    writeFileSync(configPath, `provider: generic\nurl: ${JSON.stringify(feed)}\nupdaterCacheDirName: shoutit-updater-dev\n`)
    updater.forceDevUpdateConfig = true
    updater.updateConfigPath = configPath
    updater.setFeedURL({ provider: 'generic', url: feed })
  }
  updater.autoDownload = false
  // Installing at quit is how a deferred update reaches the user without interrupting anything.
  updater.autoInstallOnAppQuit = true
  updater.allowPrerelease = false
  updater.allowDowngrade = false
  updater.fullChangelog = false
  const { logger } = options
  updater.logger = {
    info: (message?: unknown) => logger.debug('electron-updater', { message: describeUpdateError(message) }),
    warn: (message?: unknown) => logger.warn('electron-updater', { message: describeUpdateError(message) }),
    error: (message?: unknown) => logger.warn('electron-updater', { message: describeUpdateError(message) }),
    debug: (message: string) => logger.debug('electron-updater', { message: describeUpdateError(message) })
  }
  // electron-updater reports failures both by rejecting and by an 'error' event; an
  // unhandled 'error' event would crash main.
  updater.on('error', () => undefined)

  // electron-updater itself knows some installs it cannot replace (e.g. a Linux build that is
  // neither AppImage nor a known package type).
  const active = updater.isUpdaterActive()
  return {
    disabledReason: active ? undefined : 'this kind of install cannot update itself',
    async check(): Promise<AvailableUpdate | null> {
      const result = await updater.checkForUpdates()
      if (result === null || !result.isUpdateAvailable) return null
      return { version: result.updateInfo.version }
    },
    async download(): Promise<void> {
      await updater.downloadUpdate()
    },
    quitAndInstall(): void {
      options.beforeQuitForUpdate?.()
      // Silent: the per-user NSIS installer needs no questions; then start the new version.
      updater.quitAndInstall(true, true)
    }
  }
}

import { EventEmitter } from 'node:events'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AppUpdater, UpdateCheckResult } from 'electron-updater'
import { describe, expect, it } from 'vitest'
import { createUpdateBackend } from '../../../main/platform/updater'

const quietLogger = { debug() {}, info() {}, warn() {}, error() {} }

/** The few members of electron-updater's AppUpdater the adapter uses, recorded. */
class FakeAppUpdater extends EventEmitter {
  autoDownload = true
  autoInstallOnAppQuit = false
  allowPrerelease = true
  allowDowngrade = true
  fullChangelog = true
  logger: unknown = null
  active = true
  nextCheck: UpdateCheckResult | null = null
  forceDevUpdateConfig = false
  updateConfigPath: string | null = null
  feed: unknown = null
  calls: string[] = []
  setFeedURL(options: unknown): void {
    this.feed = options
  }
  isUpdaterActive(): boolean {
    return this.active
  }
  async checkForUpdates(): Promise<UpdateCheckResult | null> {
    this.calls.push('checkForUpdates')
    return this.nextCheck
  }
  async downloadUpdate(): Promise<string[]> {
    this.calls.push('downloadUpdate')
    return ['/tmp/update']
  }
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void {
    this.calls.push(`quitAndInstall(${isSilent}, ${isForceRunAfter})`)
  }
}

function adapter(options: { packaged?: boolean; env?: NodeJS.ProcessEnv; platform?: NodeJS.Platform; resourcesPath?: string; onQuit?: () => void } = {}) {
  const fake = new FakeAppUpdater()
  const backend = createUpdateBackend({
    app: { isPackaged: options.packaged ?? true },
    logger: quietLogger,
    updater: fake as unknown as AppUpdater,
    env: options.env ?? {},
    platform: options.platform ?? 'win32',
    resourcesPath: options.resourcesPath,
    ...(options.onQuit ? { beforeQuitForUpdate: options.onQuit } : {})
  })
  return { fake, backend }
}

function checkResult(isUpdateAvailable: boolean, version: string): UpdateCheckResult {
  return { isUpdateAvailable, updateInfo: { version, files: [], path: '', sha512: '', releaseDate: '' }, versionInfo: { version, files: [], path: '', sha512: '', releaseDate: '' } }
}

describe('createUpdateBackend (electron-updater adapter)', () => {
  it('is off in an unpackaged app and leaves electron-updater untouched', async () => {
    const { fake, backend } = adapter({ packaged: false })
    expect(backend.disabledReason).toBe('not a packaged build')
    expect(await backend.check()).toBeNull()
    await expect(backend.download()).rejects.toThrow(/updates are off/)
    expect(fake.autoDownload).toBe(true)
    expect(fake.calls).toEqual([])
  })

  it('takes a loopback feed from SHOUTIT_UPDATE_FEED_URL in an unpackaged app only', () => {
    const env = { SHOUTIT_UPDATE_FEED_URL: 'http://127.0.0.1:4567/feed/' }
    const dev = adapter({ packaged: false, env, platform: 'linux' })
    expect(dev.backend.disabledReason).toBeUndefined()
    expect(dev.fake.forceDevUpdateConfig).toBe(true)
    expect(dev.fake.feed).toEqual({ provider: 'generic', url: 'http://127.0.0.1:4567/feed/' })
    // electron-updater reads the config file at download time: it must name the same feed.
    const config = readFileSync(dev.fake.updateConfigPath ?? '', 'utf8')
    expect(config).toContain('provider: generic')
    expect(config).toContain('url: "http://127.0.0.1:4567/feed/"')
    expect(config).toMatch(/^updaterCacheDirName: \S+$/m)
    rmSync(join(dev.fake.updateConfigPath ?? '', '..'), { recursive: true, force: true })
    const packaged = adapter({ packaged: true, env })
    expect(packaged.fake.feed).toBeNull()
    expect(packaged.fake.forceDevUpdateConfig).toBe(false)
    const remote = adapter({ packaged: false, env: { SHOUTIT_UPDATE_FEED_URL: 'http://updates.example.test/' } })
    expect(remote.backend.disabledReason).toBe('not a packaged build')
    expect(remote.fake.feed).toBeNull()
  })

  it('can be switched off by environment', () => {
    expect(adapter({ env: { SHOUTIT_DISABLE_UPDATES: '1' } }).backend.disabledReason).toMatch(/SHOUTIT_DISABLE_UPDATES/)
  })

  it('is off where electron-updater cannot replace this kind of install', () => {
    const fake = new FakeAppUpdater()
    fake.active = false
    const backend = createUpdateBackend({ app: { isPackaged: true }, logger: quietLogger, updater: fake as unknown as AppUpdater, env: {}, platform: 'darwin' })
    expect(backend.disabledReason).toBeDefined()
  })

  it('on Linux, updates AppImages and deb installs only', () => {
    const debResources = mkdtempSync(join(tmpdir(), 'shoutit-resources-'))
    try {
      writeFileSync(join(debResources, 'package-type'), 'deb')
      expect(adapter({ platform: 'linux', env: { APPIMAGE: '/home/me/Shoutit.AppImage' } }).backend.disabledReason).toBeUndefined()
      expect(adapter({ platform: 'linux', resourcesPath: debResources }).backend.disabledReason).toBeUndefined()
      const unpacked = adapter({ platform: 'linux', resourcesPath: join(debResources, 'nowhere') })
      expect(unpacked.backend.disabledReason).toMatch(/neither an AppImage nor a deb/)
      expect(unpacked.fake.autoDownload).toBe(true)
    } finally {
      rmSync(debResources, { recursive: true, force: true })
    }
  })

  it('leaves downloading to the service and installs on quit', () => {
    const { fake, backend } = adapter()
    expect(backend.disabledReason).toBeUndefined()
    expect(fake.autoDownload).toBe(false)
    expect(fake.autoInstallOnAppQuit).toBe(true)
    expect(fake.allowPrerelease).toBe(false)
    expect(fake.allowDowngrade).toBe(false)
  })

  it('maps check results: a newer version, the same version, no answer', async () => {
    const { fake, backend } = adapter()
    fake.nextCheck = checkResult(true, '2.0.0')
    expect(await backend.check()).toEqual({ version: '2.0.0' })
    fake.nextCheck = checkResult(false, '0.1.0')
    expect(await backend.check()).toBeNull()
    fake.nextCheck = null
    expect(await backend.check()).toBeNull()
  })

  it('downloads on request, and lets the windows go before quitting to install silently', async () => {
    const log: string[] = []
    const { fake, backend } = adapter({ onQuit: () => log.push('beforeQuitForUpdate') })
    fake.calls = log
    await backend.download()
    backend.quitAndInstall()
    expect(log).toEqual(['downloadUpdate', 'beforeQuitForUpdate', 'quitAndInstall(true, true)'])
  })

  it('an error event from electron-updater does not crash main', () => {
    const { fake } = adapter()
    expect(() => fake.emit('error', new Error('net::ERR_INTERNET_DISCONNECTED'))).not.toThrow()
  })
})

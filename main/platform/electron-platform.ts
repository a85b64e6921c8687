// The real Platform: safeStorage, electron-store, powerMonitor, Chromium's network stack,
// the app's windows. Built after app is ready (safeStorage needs it on Linux).
import { app, net, powerMonitor, safeStorage, session, shell } from 'electron'
import Store from 'electron-store'
import type { KeyValueStoreFactory, Logger, Platform, PowerEvents, SecretStorage } from '../services/core/platform'
import { proxyFromPac } from './proxy'
import { createNodePusher, realtimeUrl } from './pusher'
import { createUpdateBackend } from './updater'
import type { AppWindows } from './windows'

export function electronSecretStorage(): SecretStorage {
  const available = safeStorage.isEncryptionAvailable()
  const backend = !available
    ? 'unavailable'
    : process.platform === 'linux'
      ? safeStorage.getSelectedStorageBackend()
      : process.platform === 'darwin'
        ? 'keychain'
        : process.platform === 'win32'
          ? 'dpapi'
          : 'unknown'
  // basic_text "encrypts" with a key hard-coded in Chromium: as good as plaintext on disk.
  const isPersistent = available && backend !== 'basic_text' && backend !== 'unknown'
  return {
    backend,
    isPersistent,
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (cipher) => safeStorage.decryptString(cipher)
  }
}

export function electronStores(): KeyValueStoreFactory {
  return (name) => {
    const store = new Store<Record<string, unknown>>({ name, clearInvalidConfig: true, accessPropertiesByDotNotation: false })
    return {
      get: (key) => store.get(key),
      set: (key, value) => store.set(key, value),
      delete: (key) => store.delete(key)
    }
  }
}

export function electronPowerEvents(): PowerEvents {
  return {
    onResume(listener) {
      powerMonitor.on('resume', listener)
      return () => void powerMonitor.off('resume', listener)
    }
  }
}

export interface ElectronPlatformOptions {
  windows: AppWindows
  logger: Logger
  localServerUrl?: string
}

export function createElectronPlatform({ windows, logger, localServerUrl }: ElectronPlatformOptions): Platform {
  return {
    clock: {
      now: () => Date.now(),
      setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
      clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)
    },
    secretStorage: electronSecretStorage(),
    createStore: electronStores(),
    // Chromium's stack: system proxy settings and certificates, like the rest of the app.
    fetch: (input, init) => net.fetch(input instanceof URL ? input.toString() : input, init),
    power: electronPowerEvents(),
    windows,
    logger,
    dataDir: app.getPath('userData'),
    appVersion: app.getVersion(),
    // Read on each call: cheap, and a language added in the OS counts from the next setting change.
    preferredLanguages: () => [...app.getPreferredSystemLanguages(), app.getLocale()],
    createPusher: async (options) => createNodePusher(options, { proxy: await realtimeProxy(options, logger) }),
    openExternal: (url) => shell.openExternal(url),
    updater: createUpdateBackend({ app, logger }),
    ...(localServerUrl === undefined ? {} : { localServerUrl })
  }
}

/**
 * The proxy Chromium would use for the realtime server (system settings, PAC, --proxy-server):
 * pusher-js's own socket would otherwise ignore it. Asked before every new connection, so a
 * network change is followed on the next reconnect.
 */
async function realtimeProxy(server: { host: string; port: number; tls: boolean }, logger: Logger): Promise<string | undefined> {
  // Chromium looks WebSocket proxies up under the matching http(s) address.
  const pac = await session.defaultSession.resolveProxy(realtimeUrl(server, server.tls ? 'https' : 'http'))
  const choice = proxyFromPac(pac)
  if (choice.kind === 'proxy') {
    logger.info('realtime: through the system proxy', { proxy: choice.origin })
    return choice.origin
  }
  if (choice.kind === 'unsupported') logger.warn('realtime: the system proxy is not an HTTP proxy; connecting directly', { proxy: choice.entry })
  return undefined
}

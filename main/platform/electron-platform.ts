// The real Platform: safeStorage, electron-store, powerMonitor, Chromium's network stack,
// the app's windows. Built after app is ready (safeStorage needs it on Linux).
import { app, net, powerMonitor, safeStorage, shell } from 'electron'
import Store from 'electron-store'
import type { KeyValueStoreFactory, Logger, Platform, PowerEvents, SecretStorage } from '../services/core/platform'
import { createNodePusher } from './pusher'
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
    createPusher: createNodePusher,
    openExternal: (url) => shell.openExternal(url),
    updater: createUpdateBackend({ app, logger }),
    ...(localServerUrl === undefined ? {} : { localServerUrl })
  }
}

// Whether this start of the app uses the GPU. Chromium decides once, before the app is
// ready, so the setting is read from the settings store synchronously at start-up and a
// change made in Settings applies from the next start. Electron-free: index.ts passes the
// store and calls app.disableHardwareAcceleration() when this says no.
import { SettingsService } from '../services/core/settings'
import type { KeyValueStore, Logger } from '../services/core/platform'

export function hardwareAccelerationAtStart(settingsStore: KeyValueStore, logger?: Logger): boolean {
  // The service's loading: a stored value that does not fit the schema falls back to the default (on).
  return new SettingsService(settingsStore, logger).get().hardwareAcceleration
}

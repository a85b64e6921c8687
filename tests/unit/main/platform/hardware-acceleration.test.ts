import { describe, expect, it } from 'vitest'
import { hardwareAccelerationAtStart } from '../../../../main/platform/hardware-acceleration'
import { SettingsService } from '../../../../main/services/core/settings'
import { MemoryStore, quietLogger } from '../calls-fakes'

describe('hardwareAccelerationAtStart', () => {
  it('is on for a new profile, and for settings saved before the setting existed', () => {
    expect(hardwareAccelerationAtStart(new MemoryStore(), quietLogger)).toBe(true)
    const older = new MemoryStore()
    older.set('settings', { doNotDisturb: true, launchAtLogin: false, retryPauseSeconds: 3 })
    expect(hardwareAccelerationAtStart(older, quietLogger)).toBe(true)
  })

  it('is off at the next start once the user turned it off in Settings', () => {
    const store = new MemoryStore()
    new SettingsService(store, quietLogger).update({ hardwareAcceleration: false })
    expect(hardwareAccelerationAtStart(store, quietLogger)).toBe(false)
    new SettingsService(store, quietLogger).update({ hardwareAcceleration: true })
    expect(hardwareAccelerationAtStart(store, quietLogger)).toBe(true)
  })

  it('falls back to on when the stored value is not a boolean', () => {
    const store = new MemoryStore()
    store.set('settings', { hardwareAcceleration: 'off' })
    expect(hardwareAccelerationAtStart(store, quietLogger)).toBe(true)
  })
})

import { describe, expect, it } from 'vitest'
import { DEFAULT_SETTINGS, SettingsService } from '../../../main/services/core/settings'
import { MemoryStore, quietLogger } from './calls-fakes'

describe('SettingsService', () => {
  it('starts with launch at login and do-not-disturb off', () => {
    const settings = new SettingsService(new MemoryStore(), quietLogger).get()
    expect(settings).toEqual(DEFAULT_SETTINGS)
    expect(settings.launchAtLogin).toBe(false)
    expect(settings.doNotDisturb).toBe(false)
  })

  it('persists updates and announces them once', () => {
    const store = new MemoryStore()
    const service = new SettingsService(store, quietLogger)
    const seen: boolean[] = []
    service.onChange((s) => seen.push(s.doNotDisturb))
    service.update({ doNotDisturb: true })
    service.update({ doNotDisturb: true })
    expect(seen).toEqual([true])
    expect(new SettingsService(store, quietLogger).get().doNotDisturb).toBe(true)
  })

  it('refuses bad input with a clear error and changes nothing', () => {
    const service = new SettingsService(new MemoryStore(), quietLogger)
    expect(() => service.update({ doNotDisturb: 'yes' })).toThrow(/Invalid settings/)
    expect(() => service.update({ retryPauseSeconds: 99 })).toThrow(/Invalid settings/)
    expect(() => service.update({ ringtone: 'loud' })).toThrow(/Invalid settings/)
    expect(() => service.update(null)).toThrow(/Invalid settings/)
    expect(service.get()).toEqual(DEFAULT_SETTINGS)
  })

  it('validates the ringtone, its volume, missed-call notifications and the theme', () => {
    const service = new SettingsService(new MemoryStore(), quietLogger)
    expect(DEFAULT_SETTINGS).toMatchObject({ ringtone: 'classic', ringtoneVolume: 40, missedCallNotifications: true, theme: 'system' })
    expect(service.update({ ringtone: 'pulse', ringtoneVolume: 100, missedCallNotifications: false, theme: 'dark' })).toMatchObject({
      ringtone: 'pulse',
      ringtoneVolume: 100,
      missedCallNotifications: false,
      theme: 'dark'
    })
    for (const bad of [{ ringtoneVolume: 101 }, { ringtoneVolume: -1 }, { ringtoneVolume: 50.5 }, { theme: 'blue' }, { missedCallNotifications: 'no' }, { ringtone: '' }]) {
      expect(() => service.update(bad)).toThrow(/Invalid settings/)
    }
    expect(service.get()).toMatchObject({ ringtone: 'pulse', ringtoneVolume: 100, theme: 'dark' })
  })

  it('shows the small call window by default; the setting takes a boolean only, and a settings file from before it gets the default', () => {
    const store = new MemoryStore()
    const service = new SettingsService(store, quietLogger)
    expect(DEFAULT_SETTINGS.pictureInPicture).toBe(true)
    expect(service.update({ pictureInPicture: false }).pictureInPicture).toBe(false)
    for (const bad of [{ pictureInPicture: 'no' }, { pictureInPicture: 0 }, { pictureInPicture: null }]) {
      expect(() => service.update(bad)).toThrow(/Invalid settings/)
    }
    expect(new SettingsService(store, quietLogger).get().pictureInPicture).toBe(false)
    store.set('settings', { doNotDisturb: true })
    expect(new SettingsService(store, quietLogger).get().pictureInPicture).toBe(true)
  })

  it('suppresses microphone noise by default; the setting takes a boolean only, is kept, and a settings file from before it gets the default', () => {
    const store = new MemoryStore()
    const service = new SettingsService(store, quietLogger)
    expect(DEFAULT_SETTINGS.noiseSuppression).toBe(true)
    expect(service.update({ noiseSuppression: false }).noiseSuppression).toBe(false)
    for (const bad of [{ noiseSuppression: 'off' }, { noiseSuppression: 1 }, { noiseSuppression: null }]) {
      expect(() => service.update(bad)).toThrow(/Invalid settings/)
    }
    expect(new SettingsService(store, quietLogger).get().noiseSuppression).toBe(false)
    store.set('settings', { doNotDisturb: true })
    expect(new SettingsService(store, quietLogger).get().noiseSuppression).toBe(true)
  })

  it('falls back to the defaults for a damaged stored ringtone, volume or theme', () => {
    const store = new MemoryStore()
    store.set('settings', { ringtone: 'siren', ringtoneVolume: 400, theme: 'light', missedCallNotifications: false })
    expect(new SettingsService(store, quietLogger).get()).toEqual({ ...DEFAULT_SETTINGS, theme: 'light', missedCallNotifications: false })
  })

  it('keeps the good stored values when some are damaged', () => {
    const store = new MemoryStore()
    store.set('settings', { doNotDisturb: true, launchAtLogin: 'maybe', retryPauseSeconds: -4, cameraId: 'cam-1' })
    expect(new SettingsService(store, quietLogger).get()).toEqual({ ...DEFAULT_SETTINGS, doNotDisturb: true, cameraId: 'cam-1' })
    store.set('settings', 'garbage')
    expect(new SettingsService(store, quietLogger).get()).toEqual(DEFAULT_SETTINGS)
  })

  it('remembers one-time flags', () => {
    const store = new MemoryStore()
    const service = new SettingsService(store, quietLogger)
    expect(service.hasDone('closeKeepsInTrayExplained')).toBe(false)
    service.markDone('closeKeepsInTrayExplained')
    expect(new SettingsService(store, quietLogger).hasDone('closeKeepsInTrayExplained')).toBe(true)
  })
})

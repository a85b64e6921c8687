// User settings (do not disturb, launch at login, ring pacing, devices, theme, language) and the few
// one-time flags the shell keeps ("closing keeps Shoutit in the tray" is said once).
// Stored as one JSON document; a stored value that no longer fits the schema falls back to
// its default field by field, so one bad key never throws the user's other choices away.
import { z } from 'zod'
import { SettingsSchema, type Settings } from '../../../common/ipc'
import { DEFAULT_RETRY_PAUSE_SECONDS } from '../../../common/calls'
import { Emitter, type Unsubscribe } from './emitter'
import { InvalidRequestError } from './errors'
import type { KeyValueStore, Logger } from './platform'

export const DEFAULT_SETTINGS: Settings = Object.freeze({
  doNotDisturb: false,
  launchAtLogin: false,
  retryPauseSeconds: DEFAULT_RETRY_PAUSE_SECONDS,
  hardwareAcceleration: true,
  noiseSuppression: true,
  background: 'none',
  backgroundPictureId: 'dawn',
  ringtone: 'classic',
  ringtoneVolume: 40,
  missedCallNotifications: true,
  theme: 'system',
  pictureInPicture: true,
  language: 'system',
  checkDevicesBeforeCall: false
})

const SETTINGS_KEY = 'settings'
const FLAGS_KEY = 'flags'

/** Things the app tells the user once, then remembers it did. */
export const ONE_TIME_FLAGS = ['closeKeepsInTrayExplained'] as const
export type OneTimeFlag = (typeof ONE_TIME_FLAGS)[number]

const SettingsPatchSchema = SettingsSchema.partial().strict()
const FlagsSchema = z.record(z.string(), z.boolean())

export class SettingsService {
  readonly #events = new Emitter<{ changed: Settings }>()
  #settings: Settings

  constructor(
    private readonly store: KeyValueStore,
    private readonly logger?: Logger
  ) {
    this.#settings = this.#load()
  }

  get(): Settings {
    return { ...this.#settings }
  }

  /** Applies a partial update after validating it; throws InvalidRequestError on bad input. */
  update(patch: unknown): Settings {
    const parsed = SettingsPatchSchema.safeParse(patch)
    if (!parsed.success) throw new InvalidRequestError(`Invalid settings: ${z.prettifyError(parsed.error)}`)
    const next = SettingsSchema.parse({ ...this.#settings, ...parsed.data })
    const changed = (Object.keys(next) as Array<keyof Settings>).some((key) => next[key] !== this.#settings[key])
    if (!changed) return this.get()
    this.#settings = next
    this.store.set(SETTINGS_KEY, next)
    this.logger?.info('settings: changed', { keys: Object.keys(parsed.data) })
    this.#events.emit('changed', this.get())
    return this.get()
  }

  onChange(listener: (settings: Settings) => void): Unsubscribe {
    return this.#events.on('changed', listener)
  }

  hasDone(flag: OneTimeFlag): boolean {
    return this.#flags()[flag] === true
  }

  markDone(flag: OneTimeFlag): void {
    this.store.set(FLAGS_KEY, { ...this.#flags(), [flag]: true })
  }

  #flags(): Record<string, boolean> {
    const parsed = FlagsSchema.safeParse(this.store.get(FLAGS_KEY) ?? {})
    return parsed.success ? parsed.data : {}
  }

  #load(): Settings {
    const stored = this.store.get(SETTINGS_KEY)
    if (stored === undefined) return { ...DEFAULT_SETTINGS }
    if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) {
      this.logger?.warn('settings: stored settings are not an object; using defaults')
      return { ...DEFAULT_SETTINGS }
    }
    const result: Record<string, unknown> = { ...DEFAULT_SETTINGS }
    const dropped: string[] = []
    for (const [key, field] of Object.entries(SettingsSchema.shape)) {
      if (!(key in stored)) continue
      const value = (stored as Record<string, unknown>)[key]
      const parsed = field.safeParse(value)
      if (parsed.success) result[key] = parsed.data
      else dropped.push(key)
    }
    if (dropped.length > 0) this.logger?.warn('settings: ignored invalid stored values', { keys: dropped })
    return SettingsSchema.parse(result)
  }
}

// The user's settings as calls need them: the pause between ring attempts and the chosen
// camera and microphone, noise suppression and the camera's background, read from main once and kept current by
// settings:changed. A device picked during a call (setDevices) wins over the stored setting.
import { DEFAULT_RETRY_PAUSE_SECONDS } from '../../common/calls'
import { backgroundChoice, type BackgroundChoice } from '../../common/background'
import type { Settings, ShoutitBridge } from '../../common/ipc'
import type { DeviceIds } from './local-media'

export class CallSettings {
  /** The settings as last read or announced by main. */
  #settings: Promise<Settings | null> | null = null
  devices: DeviceIds = {}
  /** RNNoise on the microphone: on unless the setting says otherwise. */
  noiseSuppression = true
  /** The camera's background: none unless the setting says otherwise. */
  background: BackgroundChoice = { kind: 'none' }
  /** The ring pause as last loaded: a call that is on has loaded it. */
  #retryPauseSeconds = DEFAULT_RETRY_PAUSE_SECONDS
  readonly #stopListening: () => void

  constructor(
    private readonly bridge: ShoutitBridge,
    /** A fixed ring pause (tests), over the setting. */
    private readonly retryPauseSeconds?: number,
    /** The noise-suppression setting changed (applied to a call that is on). */
    onNoiseSuppression: (on: boolean) => void = () => undefined,
    /** The background setting changed (applied to a call that is on). */
    onBackground: (choice: BackgroundChoice) => void = () => undefined
  ) {
    this.#stopListening = bridge.on('settings:changed', (next) => {
      this.#settings = Promise.resolve(next)
      const background = backgroundChoice(next.background, next.backgroundPictureId)
      if (!sameBackground(background, this.background)) {
        this.background = background
        onBackground(background)
      }
      if (next.noiseSuppression === this.noiseSuppression) return
      this.noiseSuppression = next.noiseSuppression
      onNoiseSuppression(next.noiseSuppression)
    })
  }

  /** The settings for the next call: the ring pause, and the camera and microphone in `devices`. */
  async load(): Promise<{ retryPauseSeconds: number }> {
    if (!this.#settings) {
      const read = this.bridge.invoke('settings:get', {}).then(
        (result) => (result.ok ? result.value : null),
        () => null
      )
      this.#settings = read
      // Unreadable now (defaults are used): asked again next time.
      void read.then((value) => {
        if (value === null && this.#settings === read) this.#settings = null
      })
    }
    const value = (await this.#settings) ?? undefined
    if (value) this.noiseSuppression = value.noiseSuppression
    if (value) this.background = backgroundChoice(value.background, value.backgroundPictureId)
    // A device picked with setDevices() since the last call wins over the stored setting.
    this.devices = {
      ...(value?.cameraId ? { cameraId: value.cameraId } : {}),
      ...(value?.microphoneId ? { microphoneId: value.microphoneId } : {}),
      ...this.devices
    }
    this.#retryPauseSeconds = this.retryPauseSeconds ?? value?.retryPauseSeconds ?? DEFAULT_RETRY_PAUSE_SECONDS
    return { retryPauseSeconds: this.#retryPauseSeconds }
  }

  /** The pause between ring attempts as the last load() found it, for rings started during a call. */
  retryPauseMs(): number {
    return this.#retryPauseSeconds * 1000
  }

  dispose(): void {
    this.#stopListening()
  }
}

function sameBackground(a: BackgroundChoice, b: BackgroundChoice): boolean {
  return a.kind === b.kind && (a.kind !== 'picture' || (b.kind === 'picture' && a.pictureId === b.pictureId))
}

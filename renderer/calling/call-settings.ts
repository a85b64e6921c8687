// The user's settings as calls need them: the pause between ring attempts and the chosen
// camera and microphone, and noise suppression, read from main once and kept current by
// settings:changed. A device picked during a call (setDevices) wins over the stored setting.
import { DEFAULT_RETRY_PAUSE_SECONDS } from '../../common/calls'
import type { Settings, ShoutitBridge } from '../../common/ipc'
import type { DeviceIds } from './local-media'

export class CallSettings {
  /** The settings as last read or announced by main. */
  #settings: Promise<Settings | null> | null = null
  devices: DeviceIds = {}
  /** RNNoise on the microphone: on unless the setting says otherwise. */
  noiseSuppression = true
  /** The ring pause as last loaded: a call that is on has loaded it. */
  #retryPauseSeconds = DEFAULT_RETRY_PAUSE_SECONDS
  readonly #stopListening: () => void

  constructor(
    private readonly bridge: ShoutitBridge,
    /** A fixed ring pause (tests), over the setting. */
    private readonly retryPauseSeconds?: number,
    /** The noise-suppression setting changed (applied to a call that is on). */
    onNoiseSuppression: (on: boolean) => void = () => undefined
  ) {
    this.#stopListening = bridge.on('settings:changed', (next) => {
      this.#settings = Promise.resolve(next)
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

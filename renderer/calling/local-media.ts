// The local side of one call: its camera, microphone and shared screen, muted and
// camera-off as the user left them, switched when the user picks other devices, and the
// stream the call screen previews. Every track is stopped when the call ends.
// The microphone goes out through the noise-suppression chain (noise-suppression.ts) when
// it starts; when it cannot, the raw microphone goes out and the call says so. The camera
// goes out through the camera chain (camera-chain.ts: blur or a picture) while an effect is
// drawn; with no effect, when the chain cannot start, or when its effect cannot load (the
// chain then says 'unavailable'), the raw camera goes out.
import { CallOver, whileOn } from './call-signal'
import type { BackgroundChoice, BackgroundState, CameraChain } from './camera-chain'
import type { StartCameraChain } from './camera-frames'
import type { NoiseSuppressionState } from './controller-types'
import type { EngineRoom } from './engine'
import { getScreenTrack, getTrack, type MediaDevicesLike } from './media'
import type { MicrophoneChain, StartMicrophoneChain } from './microphone-chain'

export interface LocalMediaDeps {
  devices: MediaDevicesLike
  createStream: (tracks: MediaStreamTrack[]) => MediaStream
  /** The preview changed: the stream of what this side sends (null when nothing). */
  onPreview(stream: MediaStream | null): void
  startMicrophoneChain: StartMicrophoneChain
  /** Whether the user wants noise suppression now (the setting, read when the microphone starts). */
  wantsNoiseSuppression(): boolean
  /** The chain failed to start, so the raw microphone is sent: said once per call. */
  onNoiseSuppressionUnavailable(reason: unknown): void
  /** What the microphone hears whether muted or not (see #listen); null when there is no microphone. */
  onMonitor?(stream: MediaStream | null): void
  /** The camera's chain; absent (tests, or a page without it): the raw camera is sent. */
  startCameraChain?: StartCameraChain
  /** The background the user wants now (the setting, read when the camera starts). */
  wantsBackground?(): BackgroundChoice
  /** The camera chain's state changed (loading, on, unavailable…). */
  onBackgroundState?(state: BackgroundState): void
}

export type DeviceIds = { cameraId?: string; microphoneId?: string }

export class LocalMedia {
  camera: MediaStreamTrack | null = null
  microphone: MediaStreamTrack | null = null
  screen: MediaStreamTrack | null = null
  muted = false
  cameraOff = false
  /** The room the tracks are sent to, once joined. */
  room: EngineRoom | undefined
  /** The microphone's path to the room while it works; null before it starts or when it failed. */
  #chain: MicrophoneChain | null = null
  #chainFailed = false
  /** A clone of the captured microphone, never sent and never muted: muting disables the track itself, which then carries silence. */
  #monitor: MediaStreamTrack | null = null
  /** The camera's path to the room while it works; null before the camera starts or when the chain could not. */
  #cameraChain: CameraChain | null = null
  /** Whether the chain's output is what goes out for the camera (its effect is on), as last handed over. */
  #chainSending = false
  #stopped = false
  #ready = false

  constructor(
    private readonly deps: LocalMediaDeps,
    private readonly signal: AbortSignal
  ) {}

  /** The call is over: every track stops. */
  stop(): void {
    this.#stopped = true
    this.#chain?.close()
    this.#chain = null
    this.#cameraChain?.close()
    this.#cameraChain = null
    for (const track of [this.microphone, this.camera, this.screen, this.#monitor]) track?.stop()
    this.#monitor = null
  }

  /** The call's own camera and microphone are in (use() has run). */
  get ready(): boolean {
    return this.#ready
  }

  /**
   * The call's camera and microphone, as the user left mute and camera-off; the microphone
   * is fed into the noise-suppression chain first (suppressing or passing it through, as
   * the setting says), so that what the room gets stays one track for the whole call.
   */
  async use(stream: MediaStream): Promise<void> {
    this.#ready = true
    this.microphone = stream.getAudioTracks()[0] ?? null
    this.camera = stream.getVideoTracks()[0] ?? null
    if (this.microphone) this.microphone.enabled = !this.muted
    if (this.camera) this.camera.enabled = !this.cameraOff
    if (this.microphone) this.#listen(this.microphone)
    if (this.camera) this.#startCameraChain(this.camera)
    if (this.microphone) await this.#startChain(this.microphone)
    this.#preview()
  }

  /** 'unavailable': the chain did not start and the raw microphone goes out; null: no microphone yet. */
  noiseSuppressionState(): NoiseSuppressionState | null {
    if (this.#chain) return this.#chain.suppressing ? 'on' : 'off'
    if (this.#chainFailed) return this.deps.wantsNoiseSuppression() ? 'unavailable' : 'off'
    return null
  }

  /** Mid-call: the graph is reconnected, the sent track stays, so nothing is renegotiated. */
  setNoiseSuppression(on: boolean): void {
    if (!this.#chain || this.#chain.suppressing === on) return
    this.#chain.setSuppression(on)
    if (this.microphone) preferBrowserSuppression(this.microphone, !on)
  }

  /** The camera chain's state; null while there is no camera or no chain (the raw camera goes out). */
  backgroundState(): BackgroundState | null {
    return this.#cameraChain?.state ?? null
  }

  /** Mid-call: the chain draws the new background, the sent track stays, so nothing is renegotiated. */
  setBackground(choice: BackgroundChoice): void {
    void this.#cameraChain?.setBackground(choice)
  }

  /** Microphone and camera, for an engine that takes its tracks when it joins. */
  tracks(): MediaStreamTrack[] {
    return [this.#outgoingMicrophone(), this.#outgoingCamera()].filter((track): track is MediaStreamTrack => track !== null)
  }

  /** Sends microphone and camera into a room joined before they were ready. */
  async sendAll(): Promise<void> {
    await Promise.all([this.room?.setOutgoingTrack('audio', this.#outgoingMicrophone()), this.room?.setOutgoingTrack('video', this.#outgoingCamera())])
  }

  /** Whether a microphone started now should leave noise to RNNoise (the browser's own suppression off). */
  rnnoiseWillSuppress(): boolean {
    return this.#chain ? this.#chain.suppressing : !this.#chainFailed && this.deps.wantsNoiseSuppression()
  }

  /** A newly joined room starts as the user left mute and camera-off. */
  applyTo(room: EngineRoom): void {
    this.room = room
    if (this.muted) room.setTrackEnabled('audio', false)
    if (this.cameraOff) room.setTrackEnabled('video', false)
  }

  setMuted(muted: boolean): void {
    this.muted = muted
    this.room?.setTrackEnabled('audio', !muted)
    if (this.microphone) this.microphone.enabled = !muted
    // Before a room takes it over, the chain's output carries mute itself.
    if (this.#chain) this.#chain.output.enabled = !muted
  }

  setCameraOff(off: boolean): void {
    this.cameraOff = off
    if (this.camera) this.camera.enabled = !off
    if (this.#cameraChain) this.#cameraChain.output.enabled = !off
    // While sharing a screen the camera is not what we send; the flag applies when it comes back.
    if (!this.screen) this.room?.setTrackEnabled('video', !off)
  }

  /** False when there is nothing to share into, the user picked nothing, or the call ended meanwhile. */
  async startScreenShare(): Promise<boolean> {
    if (!this.room || this.screen) return false
    const room = this.room
    const screen = await whileOn(this.signal, getScreenTrack(this.deps.devices), (late) => late?.stop()).catch((error: unknown) => {
      if (error instanceof CallOver) return null
      throw error
    })
    if (!screen) return false
    screen.contentHint = 'detail'
    // The browser's own "Stop sharing" button ends the track: restore the camera then too.
    screen.addEventListener('ended', () => void this.stopScreenShare())
    this.screen = screen
    await room.setOutgoingTrack('video', screen)
    this.#preview()
    return true
  }

  async stopScreenShare(): Promise<boolean> {
    if (!this.screen) return false
    const screen = this.screen
    this.screen = null
    await this.room?.setOutgoingTrack('video', this.#outgoingCamera())
    if (this.camera) this.room?.setTrackEnabled('video', !this.cameraOff)
    screen.stop()
    this.#preview()
    return true
  }

  /** Switches to the devices that changed since `previous`; one that is missing is started. */
  async switchDevices(previous: DeviceIds, next: DeviceIds): Promise<void> {
    const switchMicrophone = next.microphoneId !== undefined && (next.microphoneId !== previous.microphoneId || !this.microphone)
    const switchCamera = next.cameraId !== undefined && (next.cameraId !== previous.cameraId || !this.camera)
    if (switchMicrophone) {
      const microphone = await whileOn(this.signal, getTrack(this.deps.devices, 'audio', next.microphoneId, { browserNoiseSuppression: !this.rnnoiseWillSuppress() }), (late) => late.stop())
      microphone.enabled = !this.muted
      const replaced = this.microphone
      this.microphone = microphone
      // Through the chain the room keeps its track; without one the new device is sent.
      if (this.#chain) this.#chain.setInput(microphone)
      else await this.room?.setOutgoingTrack('audio', microphone)
      replaced?.stop()
      this.#listen(microphone)
    }
    if (switchCamera) {
      const camera = await whileOn(this.signal, getTrack(this.deps.devices, 'video', next.cameraId), (late) => late.stop())
      camera.enabled = !this.cameraOff
      const replaced = this.camera
      this.camera = camera
      // Through the chain the room keeps its track; a first camera (a voice call's) starts one.
      if (this.#cameraChain) this.#cameraChain.setInput(camera)
      else {
        this.#startCameraChain(camera)
        // While a screen is shared the new camera waits; stopScreenShare sends it.
        if (!this.screen) await this.room?.setOutgoingTrack('video', this.#outgoingCamera())
      }
      replaced?.stop()
    }
    if (switchMicrophone || switchCamera) this.#preview()
  }

  /** Follows `microphone` with a fresh monitor clone (enabled whatever mute says). */
  #listen(microphone: MediaStreamTrack): void {
    if (this.#stopped) return
    this.#monitor?.stop()
    this.#monitor = typeof microphone.clone === 'function' ? microphone.clone() : null
    if (this.#monitor) this.#monitor.enabled = true
    this.deps.onMonitor?.(this.#monitor ? this.deps.createStream([this.#monitor]) : null)
  }

  /**
   * The chain's canvas only while it draws an effect: otherwise the camera goes out as it is.
   * A captured canvas is slower than the camera itself (it delivered a few frames a second
   * where the camera gave thirty), which is worth paying for a blur, never for nothing.
   */
  #outgoingCamera(): MediaStreamTrack | null {
    return this.#cameraChain?.state === 'on' ? this.#cameraChain.output : this.camera
  }

  /** The chain's effect came or went: the room (and the self view) get the track that now carries the camera. */
  async #followCameraChain(): Promise<void> {
    const sending = this.#cameraChain?.state === 'on'
    if (sending === this.#chainSending || this.#stopped) return
    this.#chainSending = sending
    const camera = this.#outgoingCamera()
    this.#preview()
    // While a screen is shared the camera waits; stopScreenShare sends it.
    if (!this.screen) await this.room?.setOutgoingTrack('video', camera)
  }

  /** Synchronous: the chain sends the raw camera at once, its effect (if any) draws once loaded. */
  #startCameraChain(camera: MediaStreamTrack): void {
    const start = this.deps.startCameraChain
    if (this.#cameraChain || !start || this.#stopped) return
    try {
      const chain = start(camera, {
        onState: (state) => {
          void this.#followCameraChain()
          this.deps.onBackgroundState?.(state)
        },
        onUnavailable: (reason) => console.warn('call: the camera background is unavailable, the camera is sent as it is:', reason instanceof Error ? reason.message : reason)
      })
      chain.output.enabled = !this.cameraOff
      this.#cameraChain = chain
      void chain.setBackground(this.deps.wantsBackground?.() ?? { kind: 'none' })
    } catch (error) {
      console.warn('call: the camera chain did not start, the camera is sent as it is:', error instanceof Error ? error.message : error)
    }
  }

  #outgoingMicrophone(): MediaStreamTrack | null {
    return this.#chain?.output ?? this.microphone
  }

  async #startChain(microphone: MediaStreamTrack): Promise<void> {
    if (this.#chain || this.#chainFailed) return
    const suppress = this.deps.wantsNoiseSuppression()
    try {
      const chain = await this.deps.startMicrophoneChain(microphone, suppress)
      if (this.#stopped) return chain.close()
      chain.output.enabled = !this.muted
      this.#chain = chain
      // The setting may have changed while the chain started.
      this.setNoiseSuppression(this.deps.wantsNoiseSuppression())
    } catch (error) {
      this.#chainFailed = true
      // The microphone was opened without the browser's suppression, for RNNoise: ask for it back.
      if (suppress) preferBrowserSuppression(microphone, true)
      if (suppress && !this.#stopped) this.deps.onNoiseSuppressionUnavailable(error)
    }
  }

  #preview(): void {
    // The self view shows what is sent: the background as the others see it.
    const video = this.screen ?? this.#outgoingCamera()
    const tracks = [this.microphone, video].filter((track): track is MediaStreamTrack => track !== null)
    this.deps.onPreview(tracks.length > 0 ? this.deps.createStream(tracks) : null)
  }
}

/** Best effort: a browser that cannot change its processing on a live track keeps what it has. */
function preferBrowserSuppression(microphone: MediaStreamTrack, on: boolean): void {
  if (typeof microphone.applyConstraints !== 'function') return
  microphone.applyConstraints({ ...(typeof microphone.getConstraints === 'function' ? microphone.getConstraints() : {}), noiseSuppression: on }).catch((error: unknown) => {
    console.warn(`call: the browser's noise suppression could not be turned ${on ? 'on' : 'off'}`, error)
  })
}

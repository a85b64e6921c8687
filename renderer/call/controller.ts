// The call controller: one call at a time, from "Call" or "Accept" to "ended". It owns the
// local media, picks and drives the engine, runs the ring loop for outgoing calls, and
// tells main what it is doing (call:activity) and how each call ended (call:finished).
// The screens read its state through subscribe/getState (useSyncExternalStore).
import type { Profile, VideoProvider } from '../../common/api'
import { DEFAULT_RETRY_PAUSE_SECONDS, MAX_CALL_ATTEMPTS, type CallOutcome } from '../../common/calls'
import type { InvokeRequest, Ring, Settings, ShoutitBridge, VideoToken } from '../../common/ipc'
import { BridgeError, request } from './bridge-calls'
import { cachedUntilFailure } from './cached'
import { systemClock, type Clock } from './clock'
import type { CallController, CallControllerOptions, CallMedia, CallPhase } from './controller-types'
import { EngineConnectError, type CallEngine, type EngineRoom, type RoomEnded } from './engine'
import { loadEngine as loadEngineForProvider } from './engines'
import { getCallMedia, getScreenTrack, getTrack, MediaAccessError, type MediaDevicesLike } from './media'
import { startRingLoop, type RingLoop, type RingResult } from './ring-loop'

export type { CallController, CallControllerOptions, CallMedia, CallPhase } from './controller-types'

/** What the controller needs from the page; tests replace each. */
export interface CallControllerDeps {
  clock: Clock
  devices: MediaDevicesLike
  loadEngine: (provider: VideoProvider) => Promise<CallEngine>
  createStream: (tracks: MediaStreamTrack[]) => MediaStream
  /** Room names are ours to mint (api.md §6: a fresh, unique room per call). */
  newRoomName: () => string
}

/** A joined room needs a token valid long enough to reconnect with during the call. */
const TOKEN_MIN_VALID_SECONDS = 600
/** An answered ring whose caller is gone by the time we join. */
const ANSWER_WAIT_MS = 15_000
/**
 * How long a warm-up (see warmUp) is kept without an answer: longer than a ring lasts in
 * main (45 s), in case the ring's end never reaches this window.
 */
const WARM_UP_KEPT_MS = 60_000

export function createCallController(bridge: ShoutitBridge, options: CallControllerOptions = {}, deps: Partial<CallControllerDeps> = {}): CallController {
  return new Controller(bridge, options, {
    clock: deps.clock ?? systemClock,
    devices: deps.devices ?? navigator.mediaDevices,
    loadEngine:
      deps.loadEngine ??
      ((provider) =>
        loadEngineForProvider(provider, {
          bridge,
          ...(options.iceServers ? { iceServers: options.iceServers } : {}),
          ...(options.iceTransportPolicy ? { iceTransportPolicy: options.iceTransportPolicy } : {})
        })),
    createStream: deps.createStream ?? ((tracks) => new MediaStream(tracks)),
    newRoomName: deps.newRoomName ?? (() => `call-${crypto.randomUUID().replaceAll('-', '')}`)
  })
}

/** What prepareJoin starts, each on its own, and `all` once every one is ready. */
interface Preparation {
  token: Promise<VideoToken>
  /** The camera and microphone (audio only when there is no usable camera). */
  media: Promise<MediaStream>
  engine: Promise<CallEngine>
  all: Promise<void>
}

/** The token and engine fetched while a ring is on, for the call that answers it. */
interface WarmUp {
  settings: Promise<{ retryPauseSeconds: number }>
  token: Promise<VideoToken>
  engine: Promise<CallEngine>
  /** Closes what the engine prepared, if no call took it over. */
  release: () => void
  timer: ReturnType<Clock['setTimeout']>
}

interface ActiveCall {
  direction: 'outgoing' | 'incoming'
  peer: Profile
  room?: string
  /** Unix ms when the user started or accepted the call: the history's start. */
  startedAt: number
  /** Unix ms when both sides were in the room. */
  answeredAt?: number
  engineRoom?: EngineRoom
  ringLoop?: RingLoop
  /** Some ring attempt reached the callee (video_call said available). */
  calleeWasRung: boolean
  /** Set by hangUp or a failure: every await checks it and unwinds. */
  over: boolean
  /** How the call ends when the ring loop or an engine event says it is over. */
  endWith?: { outcome: CallOutcome; message?: string }
  /** The camera and microphone as requested for this call, until and after they are in use. */
  media?: Promise<MediaStream>
  camera: MediaStreamTrack | null
  microphone: MediaStreamTrack | null
  screen: MediaStreamTrack | null
  remote: Map<'audio' | 'video', MediaStreamTrack>
  cleanups: Array<() => void>
}

class Controller implements CallController {
  private state: CallPhase = { phase: 'idle' }
  private media: CallMedia = { localStream: null, remoteStream: null }
  private readonly listeners = new Set<() => void>()
  private active: ActiveCall | null = null
  private muted = false
  private cameraOff = false
  private reconnecting = false
  private networkQuality: number | null = null
  private devices: { cameraId?: string; microphoneId?: string } = {}
  private warm: WarmUp | null = null
  /** One engine per provider for the controller's life: what it learnt (its config) is kept. */
  private readonly engines = new Map<VideoProvider, () => Promise<CallEngine>>()
  /** The settings as last read or announced by main (settings:changed keeps it current). */
  private settings: Promise<Settings | null> | null = null
  private readonly stopListening: () => void
  /** Camera and microphone have been granted and started at least once this session. */
  private mediaAnswered = false

  constructor(
    private readonly bridge: ShoutitBridge,
    private readonly options: CallControllerOptions,
    private readonly deps: CallControllerDeps
  ) {
    this.stopListening = bridge.on('settings:changed', (next) => {
      this.settings = Promise.resolve(next)
    })
  }

  dispose(): void {
    this.hangUp()
    this.coolDown()
    this.stopListening()
  }

  getState(): CallPhase {
    return this.state
  }

  getMedia(): CallMedia {
    return this.media
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  async call(peer: Profile): Promise<void> {
    const call = this.begin('outgoing', peer)
    this.setState({ phase: 'preparing', peer })
    this.report('call:activity', { activity: 'outgoing', peer })
    try {
      // The camera, the settings it needs and the token do not wait for the identity lookup;
      // the room is joined only once the callee is known to be callable.
      const lookup = request(this.bridge, 'video:identity', { username: peer.username })
      const settings = this.loadSettings()
      const prepared = this.prepareJoin(call, settings)
      const [{ identity }, { retryPauseSeconds }] = await Promise.all([lookup, settings])
      if (call.over) return this.finish(call)
      const room = this.deps.newRoomName()
      // A failure to join (after the callee was rung) ends the call, which stops the ringing.
      void this.join(call, room, prepared).catch((error: unknown) => this.fail(call, error))
      // The callee is rung once this side can hold the call (token, engine, camera and
      // microphone), without waiting to be in the room: whoever joins first sees the other
      // come. Camera and microphone that already answered in this session are taken as
      // ready: a real camera takes up to a second to start, and the ring need not wait for
      // it (should it fail after all, the call ends and stops the ringing). The first call
      // waits, so that a refused permission never rings anyone.
      await (this.mediaAnswered ? Promise.all([prepared.token, prepared.engine]) : prepared.all)
      if (call.over) return this.finish(call)
      this.report('call:activity', { activity: 'outgoing', room, peer })
      this.setState({ phase: 'ringing', peer, attempt: 1, maxAttempts: MAX_CALL_ATTEMPTS, calleeOffline: false })
      const loop = startRingLoop({
        clock: this.deps.clock,
        maxAttempts: MAX_CALL_ATTEMPTS,
        pauseMs: retryPauseSeconds * 1000,
        api: {
          ring: () => request(this.bridge, 'video:ring', { identity, room }),
          reportMissed: async () => {
            await request(this.bridge, 'video:reportMissed', { identity })
          }
        },
        onAttempt: (attempt) => {
          if (this.active === call && this.state.phase === 'ringing') this.setState({ ...this.state, attempt })
        },
        onAvailability: (available) => {
          if (available) call.calleeWasRung = true
          if (this.active === call && this.state.phase === 'ringing') this.setState({ ...this.state, calleeOffline: !available })
        }
      })
      call.ringLoop = loop
      // Cannot happen through our own rings (they carry the room), but a peer already in the
      // room must not be rung on.
      if (call.answeredAt !== undefined) loop.answered()
      call.cleanups.push(
        this.bridge.on('call:rejected', (rejection) => {
          if (rejection.room === room) loop.rejected(rejection.reason)
        })
      )
      const result = await loop.result
      if (result.kind !== 'answered') {
        call.endWith ??= outcomeOfUnanswered(result, peer, call.calleeWasRung)
        this.end(call)
      }
    } catch (error) {
      this.fail(call, error)
    }
  }

  async answer(ring: Ring): Promise<void> {
    const call = this.begin('incoming', ring.caller)
    // Started before anything else is said or drawn: joining is what the caller waits for.
    const preparation = this.prepareJoin(call, this.warm?.settings ?? this.loadSettings())
    this.setState({ phase: 'connecting', peer: ring.caller })
    this.report('call:activity', { activity: 'in-call', room: ring.room, peer: ring.caller })
    try {
      await this.join(call, ring.room, preparation)
      if (call.over) return this.finish(call)
      if (call.engineRoom && call.engineRoom.participants().length > 0) return this.onPeerJoined(call)
      const timer = this.deps.clock.setTimeout(() => {
        if (call.answeredAt !== undefined || call.over) return
        call.endWith = { outcome: 'failed', message: `${ring.caller.name} hung up before the call connected.` }
        this.end(call)
      }, ANSWER_WAIT_MS)
      call.cleanups.push(() => this.deps.clock.clearTimeout(timer))
    } catch (error) {
      this.fail(call, error)
    }
  }

  hangUp(): void {
    const call = this.active
    if (!call || call.over) return
    if (call.answeredAt === undefined) call.endWith ??= { outcome: 'cancelled' }
    this.end(call)
  }

  setMuted(muted: boolean): void {
    this.muted = muted
    this.active?.engineRoom?.setTrackEnabled('audio', !muted)
    if (this.active?.microphone) this.active.microphone.enabled = !muted
    this.refreshInCall()
  }

  setCameraOff(off: boolean): void {
    this.cameraOff = off
    const call = this.active
    if (call?.camera) call.camera.enabled = !off
    // While sharing a screen the camera is not what we send; the flag applies when it comes back.
    if (call && !call.screen) call.engineRoom?.setTrackEnabled('video', !off)
    this.refreshInCall()
  }

  async startScreenShare(): Promise<void> {
    const call = this.active
    if (!call?.engineRoom || call.screen) return
    const screen = await getScreenTrack(this.deps.devices)
    if (!screen) return
    if (this.active !== call || call.over) {
      screen.stop()
      return
    }
    screen.contentHint = 'detail'
    // The browser's own "Stop sharing" button ends the track: restore the camera then too.
    screen.addEventListener('ended', () => void this.stopScreenShare())
    call.screen = screen
    await call.engineRoom.setOutgoingTrack('video', screen)
    this.updateLocalStream(call)
    this.refreshInCall()
  }

  async stopScreenShare(): Promise<void> {
    const call = this.active
    if (!call?.screen) return
    const screen = call.screen
    call.screen = null
    await call.engineRoom?.setOutgoingTrack('video', call.camera)
    if (call.camera) call.engineRoom?.setTrackEnabled('video', !this.cameraOff)
    screen.stop()
    this.updateLocalStream(call)
    this.refreshInCall()
  }

  async setDevices(devices: { cameraId?: string; microphoneId?: string }): Promise<void> {
    // Only what changed is switched: the screens pass both ids whenever either changes.
    const previous = this.devices
    this.devices = { ...this.devices, ...devices }
    const call = this.active
    if (!call || call.over) return
    const switchMicrophone = devices.microphoneId !== undefined && (devices.microphoneId !== previous.microphoneId || !call.microphone)
    const switchCamera = devices.cameraId !== undefined && (devices.cameraId !== previous.cameraId || !call.camera)
    if (switchMicrophone) {
      const microphone = await getTrack(this.deps.devices, 'audio', devices.microphoneId)
      if (call.over) return microphone.stop()
      microphone.enabled = !this.muted
      const replaced = call.microphone
      call.microphone = microphone
      await call.engineRoom?.setOutgoingTrack('audio', microphone)
      replaced?.stop()
    }
    if (switchCamera) {
      const camera = await getTrack(this.deps.devices, 'video', devices.cameraId)
      if (call.over) return camera.stop()
      camera.enabled = !this.cameraOff
      const replaced = call.camera
      call.camera = camera
      // While a screen is shared the new camera waits; stopScreenShare sends it.
      if (!call.screen) await call.engineRoom?.setOutgoingTrack('video', camera)
      replaced?.stop()
    }
    if (switchMicrophone || switchCamera) this.updateLocalStream(call)
  }

  dismiss(): void {
    if (this.state.phase === 'ended') this.setState({ phase: 'idle' })
  }

  warmUp(): void {
    if (this.active || this.warm) return
    const token = this.videoToken()
    const engine = token.then((value) => this.engineFor(value.provider))
    // Released at once when prepare() has run, or as soon as it runs if the ring ends first.
    let release: (() => void) | undefined
    let released = false
    const warm: WarmUp = {
      settings: this.loadSettings(),
      token,
      engine,
      release: () => {
        released = true
        release?.()
      },
      timer: this.deps.clock.setTimeout(() => this.coolDown(), WARM_UP_KEPT_MS)
    }
    this.warm = warm
    engine.then(
      (loaded) => {
        release = loaded.prepare?.()
        if (released) release?.()
      },
      () => undefined
    )
    // A failed warm-up costs nothing: answering fetches again and reports what fails.
    token.catch(() => {
      if (this.warm === warm) this.coolDown()
    })
  }

  coolDown(): void {
    const warm = this.warm
    if (!warm) return
    this.warm = null
    this.deps.clock.clearTimeout(warm.timer)
    warm.release()
  }

  // ---- the call's life ----------------------------------------------------------------

  private begin(direction: 'outgoing' | 'incoming', peer: Profile): ActiveCall {
    if (this.active) throw new Error('A call is already in progress.')
    this.muted = false
    this.cameraOff = false
    this.reconnecting = false
    this.networkQuality = null
    const call: ActiveCall = {
      direction,
      peer,
      startedAt: this.deps.clock.now(),
      over: false,
      camera: null,
      microphone: null,
      screen: null,
      remote: new Map(),
      cleanups: [],
      calleeWasRung: false
    }
    this.active = call
    return call
  }

  /**
   * Token, camera and microphone, and the engine's code, started together: none waits for
   * another, and each is fetched once per call.
   */
  private prepareJoin(call: ActiveCall, settings: Promise<unknown>): Preparation {
    const media = settings.then(async () => {
      const { stream } = await getCallMedia(this.deps.devices, this.devices)
      this.mediaAnswered = true
      return stream
    })
    call.media = media
    // A ring's warm-up is taken over as it is: its engine's prepare() hands back the same
    // connection, which this call now owns (and releases if it ends before joining).
    const warm = this.warm
    this.warm = null
    if (warm) this.deps.clock.clearTimeout(warm.timer)
    const token = warm?.token ?? this.videoToken()
    const engine = (warm?.engine ?? token.then((value) => this.engineFor(value.provider))).then((loaded) => {
      const release = loaded.prepare?.()
      if (release) {
        if (call.over) release()
        else call.cleanups.push(release)
      }
      return loaded
    })
    const all = Promise.all([token, media, engine]).then(() => undefined)
    // join() reports failures; a call that never gets there must not leave them unhandled.
    for (const step of [token, media, engine, all]) step.catch(() => undefined)
    return { token, media, engine, all }
  }

  /**
   * Token and engine from prepareJoin, then the room, and our camera and microphone in it:
   * the part both directions share. An engine that takes tracks after joining is joined
   * while the camera starts (cameras take from a few tens of milliseconds to a second).
   */
  private async join(call: ActiveCall, room: string, preparation: Preparation): Promise<void> {
    call.room = room
    const [token, engine] = await Promise.all([preparation.token, preparation.engine])
    if (call.over) return
    const early = engine.joinsBeforeMedia === true
    const stream = early ? null : await preparation.media
    if (call.over) return
    if (stream) this.useLocalMedia(call, stream)
    const engineRoom = await engine.connect({
      room,
      token: token.token,
      identity: token.identity,
      ...(token.iceServers ? { iceServers: token.iceServers } : {}),
      tracks: [call.microphone, call.camera].filter((track): track is MediaStreamTrack => track !== null),
      refreshToken: async () => (await this.videoToken()).token
    })
    if (call.over) {
      engineRoom.disconnect()
      return
    }
    call.engineRoom = engineRoom
    this.wire(call, engineRoom)
    if (!early) return
    const later = await preparation.media
    if (call.over) return
    this.useLocalMedia(call, later)
    await Promise.all([engineRoom.setOutgoingTrack('audio', call.microphone), engineRoom.setOutgoingTrack('video', call.camera)])
  }

  /** The call's camera and microphone, as the user left mute and camera-off. */
  private useLocalMedia(call: ActiveCall, stream: MediaStream): void {
    call.microphone = stream.getAudioTracks()[0] ?? null
    call.camera = stream.getVideoTracks()[0] ?? null
    if (call.microphone) call.microphone.enabled = !this.muted
    if (call.camera) call.camera.enabled = !this.cameraOff
    this.updateLocalStream(call)
  }

  private wire(call: ActiveCall, room: EngineRoom): void {
    call.cleanups.push(
      room.on('participantConnected', () => this.onPeerJoined(call)),
      room.on('participantDisconnected', () => {
        if (call.answeredAt === undefined || call.over) return
        call.endWith ??= { outcome: 'answered', message: `${call.peer.name} hung up.` }
        this.end(call)
      }),
      room.on('trackSubscribed', (track) => {
        if (track.kind !== 'audio' && track.kind !== 'video') return
        call.remote.set(track.kind, track)
        this.updateRemoteStream(call)
      }),
      room.on('trackUnsubscribed', (track) => {
        if (track.kind !== 'audio' && track.kind !== 'video') return
        if (call.remote.get(track.kind) === track) call.remote.delete(track.kind)
        this.updateRemoteStream(call)
      }),
      room.on('reconnecting', () => {
        this.reconnecting = true
        this.refreshInCall()
      }),
      room.on('reconnected', () => {
        this.reconnecting = false
        this.refreshInCall()
      }),
      room.on('networkQuality', (level) => {
        this.networkQuality = level
        this.refreshInCall()
      }),
      room.on('disconnected', (ended) => this.onRoomEnded(call, ended))
    )
    if (this.muted) room.setTrackEnabled('audio', false)
    if (this.cameraOff) room.setTrackEnabled('video', false)
  }

  private onPeerJoined(call: ActiveCall): void {
    if (call.over || call.answeredAt !== undefined || this.active !== call) return
    call.answeredAt = this.deps.clock.now()
    call.ringLoop?.answered()
    this.report('call:activity', { activity: 'in-call', ...(call.room ? { room: call.room } : {}), peer: call.peer })
    this.refreshInCall(true)
  }

  private onRoomEnded(call: ActiveCall, ended: RoomEnded): void {
    if (ended.reason === 'local' || call.over) return
    const answered = call.answeredAt !== undefined
    const outcome: CallOutcome = answered ? 'answered' : ended.reason === 'busy' ? 'busy' : 'failed'
    call.endWith ??= { outcome, ...(ended.message ? { message: ended.message } : {}) }
    call.engineRoom = undefined
    this.end(call)
  }

  private fail(call: ActiveCall, error: unknown): void {
    if (call.over && this.active !== call) return
    const busy = error instanceof EngineConnectError && error.reason === 'busy'
    call.endWith ??= { outcome: busy ? 'busy' : 'failed', message: describeFailure(error) }
    this.end(call)
  }

  /** hangUp during preparation: the awaiting step found the call over. */
  private finish(call: ActiveCall): void {
    this.end(call)
  }

  private end(call: ActiveCall): void {
    if (this.active !== call) return
    call.over = true
    this.active = null
    // Unanswered: the loop sends its single missed report in the background (api.md §6:
    // hanging up, or failing, before an answer counts as no answer).
    call.ringLoop?.cancel()
    for (const cleanup of call.cleanups.splice(0)) cleanup()
    call.engineRoom?.disconnect()
    for (const track of [call.microphone, call.camera, call.screen]) track?.stop()
    // The camera may still be starting, or started for a call that ended before joining.
    void call.media?.then((stream) => {
      for (const track of stream.getTracks()) track.stop()
    }, () => undefined)
    const endWith = call.endWith ?? { outcome: call.answeredAt !== undefined ? 'answered' : 'cancelled' }
    const outcome = endWith.outcome
    const durationSeconds = call.answeredAt !== undefined ? Math.max(0, Math.round((this.deps.clock.now() - call.answeredAt) / 1000)) : undefined
    this.media = { localStream: null, remoteStream: null }
    this.setState({ phase: 'ended', peer: call.peer, outcome, ...(endWith.message ? { message: endWith.message } : {}) })
    this.report('call:activity', { activity: 'idle' })
    this.report('call:finished', {
      direction: call.direction,
      peer: call.peer,
      ...(call.room ? { room: call.room } : {}),
      startedAt: Math.floor(call.startedAt),
      ...(durationSeconds === undefined ? {} : { durationSeconds }),
      outcome,
      ...(endWith.message ? { detail: endWith.message.slice(0, 500) } : {})
    })
  }

  // ---- helpers ------------------------------------------------------------------------

  private async videoToken(): Promise<VideoToken> {
    return request(this.bridge, 'video:getToken', { minValidSeconds: TOKEN_MIN_VALID_SECONDS })
  }

  private engineFor(provider: VideoProvider): Promise<CallEngine> {
    let engine = this.engines.get(provider)
    // A chunk that failed to load is fetched again by the next call.
    if (!engine) this.engines.set(provider, (engine = cachedUntilFailure(() => this.deps.loadEngine(provider))))
    return engine()
  }

  /** The user's settings for this call: the ring pause and the chosen camera and microphone. */
  private async loadSettings(): Promise<{ retryPauseSeconds: number }> {
    if (!this.settings) {
      const read = this.bridge.invoke('settings:get', {}).then(
        (result) => (result.ok ? result.value : null),
        () => null
      )
      this.settings = read
      // Unreadable now (defaults are used): asked again next time.
      void read.then((value) => {
        if (value === null && this.settings === read) this.settings = null
      })
    }
    const value = (await this.settings) ?? undefined
    // A device picked with setDevices() since the last call wins over the stored setting.
    this.devices = {
      ...(value?.cameraId ? { cameraId: value.cameraId } : {}),
      ...(value?.microphoneId ? { microphoneId: value.microphoneId } : {}),
      ...this.devices
    }
    return { retryPauseSeconds: this.options.retryPauseSeconds ?? value?.retryPauseSeconds ?? DEFAULT_RETRY_PAUSE_SECONDS }
  }

  private refreshInCall(entering = false): void {
    const call = this.active
    if (!call || call.answeredAt === undefined) return
    if (!entering && this.state.phase !== 'in-call') return
    this.setState({
      phase: 'in-call',
      peer: call.peer,
      startedAt: call.answeredAt,
      reconnecting: this.reconnecting,
      networkQuality: this.networkQuality,
      muted: this.muted,
      cameraOff: this.cameraOff,
      sharingScreen: call.screen !== null
    })
  }

  private updateLocalStream(call: ActiveCall): void {
    const video = call.screen ?? call.camera
    const tracks = [call.microphone, video].filter((track): track is MediaStreamTrack => track !== null)
    this.media = { ...this.media, localStream: tracks.length > 0 ? this.deps.createStream(tracks) : null }
    this.notify()
  }

  private updateRemoteStream(call: ActiveCall): void {
    const tracks = [...call.remote.values()]
    this.media = { ...this.media, remoteStream: tracks.length > 0 ? this.deps.createStream(tracks) : null }
    this.notify()
  }

  private setState(state: CallPhase): void {
    this.state = state
    this.notify()
  }

  private notify(): void {
    for (const listener of [...this.listeners]) {
      try {
        listener()
      } catch (error) {
        console.error('call: a state listener failed', error)
      }
    }
  }

  /** Reports to main are best effort: a failed report must not break the call. */
  private report<C extends 'call:activity' | 'call:finished'>(channel: C, payload: InvokeRequest<C>): void {
    void this.bridge.invoke(channel, payload).then(
      (result) => {
        if (!result.ok) console.warn(`call: ${channel} was refused: ${result.error.message}`)
      },
      (error: unknown) => console.warn(`call: ${channel} failed`, error)
    )
  }
}

function outcomeOfUnanswered(result: Exclude<RingResult, { kind: 'answered' }>, peer: Profile, calleeWasRung: boolean): { outcome: CallOutcome; message?: string } {
  switch (result.kind) {
    case 'no-answer':
      // Never online: the missed report is how they learn of the call.
      return { outcome: 'missed', message: calleeWasRung ? `${peer.name} did not answer.` : `${peer.name} isn't online. They will see that you called.` }
    case 'rejected':
      return { outcome: 'declined', message: `${peer.name} declined the call.` }
    case 'busy':
      return { outcome: 'busy', message: `${peer.name} is in another call.` }
    case 'cancelled':
      return { outcome: 'cancelled' }
    case 'failed':
      return { outcome: 'failed', message: describeFailure(result.error) }
  }
}

function describeFailure(error: unknown): string {
  if (error instanceof MediaAccessError || error instanceof EngineConnectError) return error.message
  if (error instanceof BridgeError) {
    if (error.channel === 'video:identity' && error.status === 400) return `This person cannot be called: ${error.message}`
    if (error.code === 'network') return 'Shoutit could not reach the server. Check your connection and try again.'
    return error.message
  }
  return `The call failed: ${error instanceof Error ? error.message : String(error)}`
}

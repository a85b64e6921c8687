// The call controller: the state machine of one call at a time, from "Call" or "Accept" to
// "ended". It runs the ring loop for outgoing calls, follows the engine's room, and tells
// main what it is doing (call:activity) and how each call ended (call:finished). Getting
// into the room is join.ts's job, the camera and microphone local-media.ts's; each call has
// one AbortSignal (call-signal.ts) that ends every step still running when the call ends.
// The screens read its state through subscribe/getState (useSyncExternalStore).
// Longer than this codebase's 350 lines on purpose: every transition of both directions
// (outgoing with its ring loop, incoming, the room's events, the one way a call ends) is
// here together, so the state machine reads in one place.
import type { CallParticipant as HistoryParticipant, Profile, VideoProvider } from '../../common/api'
import { participantOf } from '../../common/call-participants'
import { MAX_CALL_ATTEMPTS, type CallOutcome } from '../../common/calls'
import type { InvokeRequest, PrivacyDevice, ShoutitBridge } from '../../common/ipc'
import { isExpiredIdentity, request } from './bridge-calls'
import { CallSettings } from './call-settings'
import { callStats, type CallStats, type StatsSnapshot } from './call-stats'
import { CallOver, whenOver, whileOn } from './call-signal'
import { systemClock, type Clock } from './clock'
import type { CallController, CallControllerOptions, CallMedia, CallOptions, CallParticipant, CallPhase, LocalControls, RingToAnswer } from './controller-types'
import { EngineConnectError, REMOTE_MEDIA_ON, type CallEngine, type EngineRoom, type RemoteMediaState, type RoomEnded } from './engine'
import type { VideoLimit } from './video-adaptation'
import { loadEngine as loadEngineForProvider } from './engines'
import { CallJoiner } from './join'
import { LocalMedia, type DeviceIds } from './local-media'
import { MediaAccessError, type DeviceChoice, type MediaDevicesLike } from './media'
import { startMicrophoneChain, type StartMicrophoneChain } from './microphone-chain'
import type { BackgroundState } from '../../common/background'
import { pictureUrl } from './background-pictures'
import { browserCameraChain, type StartCameraChain } from './camera-frames'
import { Invitations } from './invitations'
import { describeFailure, outcomeOfUnanswered } from './outcomes'
import { startRingLoop, type RingLoop } from './ring-loop'
import { t } from '../i18n'

export type { CallController, CallControllerOptions, CallMedia, CallOptions, CallParticipant, CallPhase, LocalControls } from './controller-types'

/** What the controller needs from the page; tests replace each. */
export interface CallControllerDeps {
  clock: Clock
  devices: MediaDevicesLike
  loadEngine: (provider: VideoProvider) => Promise<CallEngine>
  createStream: (tracks: MediaStreamTrack[]) => MediaStream
  /** The microphone's noise-suppression chain (RNNoise in an AudioWorklet). */
  startMicrophoneChain: StartMicrophoneChain
  /** The camera's background chain; undefined: the raw camera is sent (tests). */
  startCameraChain?: StartCameraChain | undefined
  /** Room names are ours to mint (docs/api.md §6: a fresh, unique room per call). */
  newRoomName: () => string
}

/** One other person in the room: their tracks as one stream, and what they say of their media. */
interface RemoteParticipant {
  tracks: Map<'audio' | 'video', MediaStreamTrack>
  stream: MediaStream | null
  /** Until they say, both on. */
  media: RemoteMediaState
}

/** docs/api.md §4.1: a video identity is 32 lowercase hex characters. */
const VIDEO_IDENTITY = /^[0-9a-f]{32}$/

const NO_MEDIA: CallMedia = { localStream: null, remoteStream: null, remoteStreams: {} }

/** An answered ring whose caller is gone by the time we join. */
const ANSWER_WAIT_MS = 15_000

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
    startMicrophoneChain: deps.startMicrophoneChain ?? startMicrophoneChain,
    startCameraChain: 'startCameraChain' in deps ? deps.startCameraChain : browserCameraChain((id) => pictureUrl(id, () => customBackgroundPicture(bridge))),
    newRoomName: deps.newRoomName ?? (() => `call-${crypto.randomUUID().replaceAll('-', '')}`)
  })
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
  /** Begun without the camera (a voice call, or answered with audio only). */
  beganAsVoice: boolean
  /** The camera was turned on before the call's media was in: start it once it is. */
  startCameraWhenReady?: true
  /** Aborted when the call ends: every step still running for it stops there. */
  abort: AbortController
  signal: AbortSignal
  /** How the call ends when the ring loop or an engine event says it is over. */
  endWith?: { outcome: CallOutcome; message?: string; blocked?: PrivacyDevice }
  local: LocalMedia
  /** Everyone else in the room, in the order they came; the first is what a 1:1 screen shows. */
  others: Map<string, RemoteParticipant>
  /** The engine's dominant speaker. */
  speaker: string | null
  /** Why our outgoing video is reduced now (p2p's adaptation), 'none' at full. */
  videoLimit: VideoLimit
  /** The background effect was turned off for this call because the CPU could not keep up. */
  effectsShed: boolean
  /** The last stats read (getCallStats), the base of the next one's rates. */
  lastStats?: StatsSnapshot
  /** The peer's video identity, once known (the lookup, or the ring): not one of the "others" for the history. */
  peerIdentity?: string
  /** Who else the ring we answered said was in the call (docs/api.md §5 `participants`). */
  namedInRing: HistoryParticipant[]
  /** People rung into this call with invite(); made at the first invitation. */
  invitations?: Invitations
  /** Everyone else who came into the room besides the peer, by identity, for the history; a lookup still running is a promise. */
  seen: Map<string, HistoryParticipant | Promise<HistoryParticipant | null> | null>
  /** Who main was last told is in the call (call:activity `inCallWith`), as a key; undefined before the first report. */
  reportedPeople?: string
}

class Controller implements CallController {
  private state: CallPhase = { phase: 'idle' }
  private media: CallMedia = NO_MEDIA
  private readonly listeners = new Set<() => void>()
  private active: ActiveCall | null = null
  private reconnecting = false
  private networkQuality: number | null = null
  /** Whether the screens show the others' video now (see setRemoteVideoShown); kept across calls. */
  private remoteVideoShown = true
  private readonly settings: CallSettings
  private readonly joiner: CallJoiner

  constructor(
    private readonly bridge: ShoutitBridge,
    options: CallControllerOptions,
    private readonly deps: CallControllerDeps
  ) {
    this.joiner = new CallJoiner(bridge, deps)
    this.settings = new CallSettings(
      bridge,
      options.retryPauseSeconds,
      (on) => {
        this.active?.local.setNoiseSuppression(on)
        this.refreshInCall()
      },
      (choice) => {
        const call = this.active
        if (!call) return
        // A background picked again mid-call is the user's say: it comes back on.
        call.effectsShed = false
        call.local.setBackground(choice)
        this.refreshInCall()
      }
    )
  }

  dispose(): void {
    this.hangUp()
    this.coolDown()
    this.settings.dispose()
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

  async call(peer: Profile, options: CallOptions = {}): Promise<void> {
    const call = this.begin('outgoing', peer, options)
    this.setState({ phase: 'preparing', peer, ...this.controlsOf(call) })
    this.report('call:activity', { activity: 'outgoing', peer })
    try {
      // The camera, the settings it needs and the token do not wait for the identity lookup;
      // the room is joined only once the callee is known to be callable.
      const lookup = request(this.bridge, 'video:identity', { username: peer.username })
      const settings = this.settings.load()
      const prepared = this.joiner.prepare(call.signal, settings, () => this.deviceChoice(call), options)
      const [lookedUp, { retryPauseSeconds }] = await whileOn(call.signal, Promise.all([lookup, settings]))
      let identity = lookedUp.identity
      call.peerIdentity = identity
      const room = this.deps.newRoomName()
      // A failure to join (after the callee was rung) ends the call, which stops the ringing.
      void this.join(call, room, prepared).catch((error: unknown) => this.fail(call, error))
      // The callee is rung once this side can hold the call (token, engine, camera and
      // microphone), without waiting to be in the room: whoever joins first sees the other
      // come. Camera and microphone that already answered in this session are taken as
      // ready: a real camera takes up to a second to start, and the ring need not wait for
      // it (should it fail after all, the call ends and stops the ringing). The first call
      // waits, so that a refused permission never rings anyone.
      await whileOn<unknown>(call.signal, this.joiner.mediaAnswered ? Promise.all([prepared.token, prepared.engine]) : prepared.all)
      this.report('call:activity', { activity: 'outgoing', room, peer })
      this.setState({ phase: 'ringing', peer, attempt: 1, maxAttempts: MAX_CALL_ATTEMPTS, calleeOffline: false, ...this.controlsOf(call) })
      const loop = startRingLoop({
        clock: this.deps.clock,
        maxAttempts: MAX_CALL_ATTEMPTS,
        pauseMs: retryPauseSeconds * 1000,
        api: {
          ring: async () => {
            const ringOnce = () => request(this.bridge, 'video:ring', { identity, room, kind: call.beganAsVoice ? 'voice' : 'video' })
            try {
              return await ringOnce()
            } catch (error) {
              if (!isExpiredIdentity(error)) throw error
              // The callee's token was re-minted between the lookup and this ring (docs/api.md
              // §4.2: an identity lives only as long as its token): look them up again, once.
              ;({ identity } = await request(this.bridge, 'video:identity', { username: peer.username }))
              call.peerIdentity = identity
              return ringOnce()
            }
          },
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
      whenOver(
        call.signal,
        this.bridge.on('call:rejected', (rejection) => {
          // In a group call others rung into this room answer too: only the peer's answer is this loop's.
          if (rejection.room === room && rejection.profile.id === peer.id) loop.rejected(rejection.reason)
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

  async answer(ring: RingToAnswer, options: CallOptions = {}): Promise<void> {
    const call = this.begin('incoming', ring.caller, options)
    call.peerIdentity = ring.callerIdentity
    call.namedInRing = ring.participants ?? []
    // Started before anything else is said or drawn: joining is what the caller waits for.
    const preparation = this.joiner.prepare(call.signal, this.joiner.warmSettings() ?? this.settings.load(), () => this.deviceChoice(call), options)
    this.setState({ phase: 'connecting', peer: ring.caller, ...this.controlsOf(call) })
    this.report('call:activity', { activity: 'in-call', room: ring.room, peer: ring.caller })
    try {
      await this.join(call, ring.room, preparation)
      if (call.engineRoom && call.engineRoom.participants().length > 0) return this.onPeerJoined(call)
      const timer = this.deps.clock.setTimeout(() => {
        if (call.answeredAt !== undefined) return
        call.endWith = { outcome: 'failed', message: t('callErrors.callerHungUpEarly', { name: ring.caller.name }) }
        this.end(call)
      }, ANSWER_WAIT_MS)
      whenOver(call.signal, () => this.deps.clock.clearTimeout(timer))
    } catch (error) {
      this.fail(call, error)
    }
  }

  hangUp(): void {
    const call = this.active
    if (!call) return
    if (call.answeredAt === undefined) call.endWith ??= { outcome: 'cancelled' }
    this.end(call)
  }

  invite(person: Profile): void {
    const call = this.active
    if (!call || call.answeredAt === undefined || !call.room || this.state.phase !== 'in-call') {
      console.warn(`call: ${person.username} was not invited: there is no call on to ring them into`)
      return
    }
    if (this.isInRoom(call, person)) {
      console.warn(`call: ${person.username} was not invited: they are in the call already`)
      return
    }
    call.invitations ??= this.invitationsFor(call, call.room)
    // Invitations itself refuses someone still being rung or already joined.
    call.invitations.invite(person)
  }

  cancelInvitation(username: string): void {
    this.active?.invitations?.cancel(username)
  }

  // Both work from the first moment of a call (ringing, joining): the call starts as set.
  setMuted(muted: boolean): void {
    this.active?.local.setMuted(muted)
    this.refreshControls()
  }

  setRemoteVideoShown(shown: boolean): void {
    if (shown === this.remoteVideoShown) return
    this.remoteVideoShown = shown
    this.active?.engineRoom?.setRemoteVideoWanted?.(shown)
  }

  setCameraOff(off: boolean): void {
    const call = this.active
    if (!call) return
    call.local.setCameraOff(off)
    this.refreshControls()
    if (off || call.local.camera || call.local.screen) return
    // A voice call (or one whose camera was missing) has no camera to enable: start one, once
    // the call's own media is in (starting one before would be replaced by it and left running).
    if (call.local.ready) this.startCamera(call)
    else call.startCameraWhenReady = true
  }
  async startScreenShare(): Promise<void> {
    if (await this.active?.local.startScreenShare()) this.refreshInCall()
  }

  async stopScreenShare(): Promise<void> {
    if (await this.active?.local.stopScreenShare()) this.refreshInCall()
  }

  async setDevices(devices: DeviceIds): Promise<void> {
    // Only what changed is switched: the screens pass both ids whenever either changes.
    const previous = this.settings.devices
    this.settings.devices = { ...previous, ...devices }
    const call = this.active
    if (!call) return
    await call.local.switchDevices(previous, devices).catch((error: unknown) => {
      if (!(error instanceof CallOver)) throw error
    })
  }

  dismiss(): void {
    if (this.state.phase === 'ended') this.setState({ phase: 'idle' })
  }

  async getCallStats(): Promise<CallStats | null> {
    const call = this.active
    const room = call?.engineRoom
    if (!call || !room?.getStats) return null
    const snapshot = await room.getStats().catch((error: unknown) => {
      console.warn('call: the stats could not be read', error)
      return null
    })
    if (!snapshot || this.active !== call) return null
    const stats = callStats(call.lastStats ?? null, snapshot)
    call.lastStats = snapshot
    return stats
  }

  warmUp(): void {
    if (this.active) return
    this.joiner.warmUp(() => this.settings.load())
  }

  coolDown(): void {
    this.joiner.coolDown()
  }

  // ---- the call's life ----------------------------------------------------------------

  private begin(direction: 'outgoing' | 'incoming', peer: Profile, options: CallOptions): ActiveCall {
    if (this.active) throw new Error('A call is already in progress.')
    this.reconnecting = false
    this.networkQuality = null
    const abort = new AbortController()
    const call: ActiveCall = {
      direction,
      peer,
      startedAt: this.deps.clock.now(),
      abort,
      signal: abort.signal,
      local: new LocalMedia(
        {
          devices: this.deps.devices,
          createStream: this.deps.createStream,
          onPreview: (localStream) => {
            if (this.active !== call) return
            this.media = { ...this.media, localStream }
            this.notify()
          },
          onMonitor: (microphoneMonitor) => {
            if (this.active !== call) return
            this.media = { ...this.media, microphoneMonitor }
            this.notify()
          },
          startMicrophoneChain: this.deps.startMicrophoneChain,
          ...(this.deps.startCameraChain ? { startCameraChain: this.deps.startCameraChain } : {}),
          wantsBackground: () => this.settings.background,
          onBackgroundState: (state) => {
            if (this.active !== call) return
            call.engineRoom?.setEffectsActive?.(costsCpu(state))
            this.refreshInCall()
          },
          wantsNoiseSuppression: () => this.settings.noiseSuppression,
          onNoiseSuppressionUnavailable: (reason) => {
            console.warn('call: noise suppression is unavailable, the microphone is sent as it is:', reason instanceof Error ? reason.message : reason)
            this.refreshInCall()
          }
        },
        abort.signal
      ),
      others: new Map(),
      seen: new Map(),
      namedInRing: [],
      speaker: null,
      videoLimit: 'none',
      effectsShed: false,
      calleeWasRung: false,
      beganAsVoice: options.video === false
    }
    if (options.video === false) call.local.cameraOff = true
    this.active = call
    return call
  }

  /** Into the room (join.ts), and following it once there. */
  private async join(call: ActiveCall, room: string, preparation: ReturnType<CallJoiner['prepare']>): Promise<void> {
    call.room = room
    await this.joiner.join(call.signal, room, preparation, call.local, (joined) => {
      call.engineRoom = joined
      this.wire(call, joined)
    })
    if (call.startCameraWhenReady && !call.local.cameraOff && !call.local.camera && !call.local.screen) this.startCamera(call)
  }

  private startCamera(call: ActiveCall): void {
    call.local.switchDevices({}, { cameraId: this.settings.devices.cameraId ?? '' }).catch((error: unknown) => {
      if (error instanceof CallOver || this.active !== call) return
      console.warn('call: the camera could not be started', error)
      call.local.setCameraOff(true)
      this.refreshControls()
    })
  }

  private wire(call: ActiveCall, room: EngineRoom): void {
    const subscriptions = [
      room.on('participantConnected', (identity) => {
        this.participant(call, identity)
        this.remember(call, identity)
        call.invitations?.participantJoined(identity)
        this.onPeerJoined(call)
        this.refreshInCall()
      }),
      room.on('participantDisconnected', (identity) => this.onPeerLeft(call, identity)),
      room.on('trackSubscribed', (track, identity) => {
        if (track.kind !== 'audio' && track.kind !== 'video') return
        this.participant(call, identity).tracks.set(track.kind, track)
        this.updateRemoteStreams(call, identity)
      }),
      room.on('trackUnsubscribed', (track, identity) => {
        const other = call.others.get(identity)
        if (!other || (track.kind !== 'audio' && track.kind !== 'video')) return
        if (other.tracks.get(track.kind) === track) other.tracks.delete(track.kind)
        this.updateRemoteStreams(call, identity)
      }),
      room.on('remoteState', (identity, state) => {
        this.participant(call, identity).media = state
        this.refreshInCall()
      }),
      room.on('dominantSpeaker', (identity) => {
        call.speaker = identity
        this.refreshInCall()
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
      room.on('effectsTooCostly', () => {
        // Blur goes before the picture gets smaller: for this call only, the setting stays.
        call.effectsShed = true
        call.local.setBackground({ kind: 'none' })
        room.setEffectsActive?.(false)
        this.refreshInCall()
      }),
      room.on('outgoingVideoReduced', (limit) => {
        call.videoLimit = limit
        this.refreshInCall()
      }),
      room.on('disconnected', (ended) => this.onRoomEnded(call, ended))
    ]
    whenOver(call.signal, () => {
      for (const unsubscribe of subscriptions) unsubscribe()
    })
    call.local.applyTo(room)
    if (!this.remoteVideoShown) room.setRemoteVideoWanted?.(false)
    const background = call.local.backgroundState()
    if (background) room.setEffectsActive?.(costsCpu(background))
  }

  private onPeerJoined(call: ActiveCall): void {
    if (call.answeredAt !== undefined || this.active !== call) return
    call.answeredAt = this.deps.clock.now()
    call.ringLoop?.answered()
    // refreshInCall reports the call as on to main, with who is in it.
    this.refreshInCall(true)
  }

  /** Someone left: the call goes on while anyone else is there; the last one leaving ends it. */
  private onPeerLeft(call: ActiveCall, identity: string): void {
    if (!call.others.delete(identity)) return
    if (call.speaker === identity) call.speaker = null
    this.updateRemoteStreams(call)
    if (call.answeredAt === undefined) return
    if (call.others.size > 0) return this.refreshInCall()
    // In a group call the last one to leave may be anyone, not the person first called.
    const name = this.nameOf(call, identity)
    call.endWith ??= { outcome: 'answered', message: name ? t('callErrors.peerHungUp', { name }) : t('callErrors.everyoneLeft') }
    this.end(call)
  }

  /** The participant with `identity`, added in arrival order the first time the engine names it. */
  private participant(call: ActiveCall, identity: string): RemoteParticipant {
    let other = call.others.get(identity)
    if (!other) call.others.set(identity, (other = { tracks: new Map(), stream: null, media: REMOTE_MEDIA_ON }))
    return other
  }

  private onRoomEnded(call: ActiveCall, ended: RoomEnded): void {
    if (ended.reason === 'local' || this.active !== call) return
    const answered = call.answeredAt !== undefined
    const outcome: CallOutcome = answered ? 'answered' : ended.reason === 'busy' ? 'busy' : 'failed'
    call.endWith ??= { outcome, ...(ended.message ? { message: ended.message } : {}) }
    call.engineRoom = undefined
    this.end(call)
  }

  private fail(call: ActiveCall, error: unknown): void {
    // A step that found the call over (hang-up during preparation) has nothing to add.
    if (this.active !== call || error instanceof CallOver) return this.end(call)
    const busy = error instanceof EngineConnectError && error.reason === 'busy'
    const blocked = error instanceof MediaAccessError ? error.blocked : undefined
    call.endWith ??= { outcome: busy ? 'busy' : 'failed', message: describeFailure(error), ...(blocked ? { blocked } : {}) }
    this.end(call)
  }

  private end(call: ActiveCall): void {
    if (this.active !== call) return
    this.active = null
    // Unanswered: the loop sends its single missed report in the background (docs/api.md §6:
    // hanging up, or failing, before an answer counts as no answer).
    call.ringLoop?.cancel()
    // Everyone invited and still ringing: their rings stop, each with its missed report.
    call.invitations?.close()
    call.abort.abort()
    call.engineRoom?.disconnect()
    call.local.stop()
    const endWith = call.endWith ?? { outcome: call.answeredAt !== undefined ? 'answered' : 'cancelled' }
    const outcome = endWith.outcome
    const durationSeconds = call.answeredAt !== undefined ? Math.max(0, Math.round((this.deps.clock.now() - call.answeredAt) / 1000)) : undefined
    this.media = NO_MEDIA
    // Everyone else who came into the call: the end screen names those known by now, the
    // history waits (below) for the names still being looked up.
    const seen = [...call.seen.values()]
    const others = namesOf(seen.filter((known): known is HistoryParticipant | null => !(known instanceof Promise)))
    this.setState({
      phase: 'ended',
      peer: call.peer,
      ...(others.length > 0 ? { others } : {}),
      outcome,
      ...(endWith.message ? { message: endWith.message } : {}),
      ...(durationSeconds === undefined ? {} : { durationSeconds }),
      // Calling again should not switch on a camera the user never turned on.
      ...(call.beganAsVoice && call.local.cameraOff ? { voice: true } : {}),
      ...(endWith.blocked ? { blocked: endWith.blocked } : {})
    })
    this.report('call:activity', { activity: 'idle' })
    const finished = (participants: HistoryParticipant[]) =>
      this.report('call:finished', {
        direction: call.direction,
        peer: call.peer,
        ...(call.room ? { room: call.room } : {}),
        startedAt: Math.floor(call.startedAt),
        ...(durationSeconds === undefined ? {} : { durationSeconds }),
        outcome,
        ...(endWith.message ? { detail: endWith.message.slice(0, 500) } : {}),
        ...(participants.length > 0 ? { participants } : {})
      })
    // The history waits for the names of people who came just before the end, never longer.
    if (seen.some((known) => known instanceof Promise)) void Promise.all(seen).then((known) => finished(namesOf(known)))
    else finished(others)
  }

  /** Whether `person` is in the room now, whichever way the engine names them (video identity or, p2p, profile id). */
  private isInRoom(call: ActiveCall, person: Profile): boolean {
    if (call.others.has(person.id)) return true
    if (person.id === call.peer.id) return call.peerIdentity !== undefined && call.others.has(call.peerIdentity)
    for (const [identity, known] of call.seen) {
      if (call.others.has(identity) && known !== null && !(known instanceof Promise) && known.id === person.id) return true
    }
    return false
  }

  /** Whether `identity` is the call's peer, whichever way the engine names them (video identity or, p2p, profile id). */
  private isPeer(call: ActiveCall, identity: string): boolean {
    return identity === call.peerIdentity || identity === call.peer.id
  }

  /** Who this participant is, once the call knows: the peer, or someone named or looked up. */
  private personOf(call: ActiveCall, identity: string): HistoryParticipant | undefined {
    if (this.isPeer(call, identity)) return participantOf(call.peer)
    const known = call.seen.get(identity)
    return known && !(known instanceof Promise) ? known : undefined
  }

  /** The name a tile shows for this participant, once the call knows who they are. */
  private nameOf(call: ActiveCall, identity: string): string | undefined {
    return this.personOf(call, identity)?.name
  }

  /**
   * The history names everyone else who was in the call. Someone the room names (the p2p
   * engine, from the presence data), or the call knows by profile id (an invitee, someone the
   * ring named), is taken as known; a video identity is looked up once (video:profileOf).
   */
  private remember(call: ActiveCall, identity: string): void {
    if (this.isPeer(call, identity) || call.seen.has(identity)) return
    const named =
      call.engineRoom?.personOf?.(identity) ??
      [...(call.invitations?.list().map((invitation) => invitation.profile) ?? []), ...call.namedInRing].find((person) => person.id === identity)
    if (named) {
      call.seen.set(identity, participantOf(named))
      return
    }
    if (!VIDEO_IDENTITY.test(identity)) {
      // A p2p member nobody named to us: its profile id alone does not say who it is.
      console.warn('call: someone who joined is not known by name; the history leaves them out')
      return
    }
    const lookup = request(this.bridge, 'video:profileOf', { identity }).then(
      ({ id, username, name }): HistoryParticipant => ({ id, username, name }),
      (error: unknown) => {
        console.warn('call: who joined could not be looked up for the history', error)
        return null
      }
    )
    call.seen.set(identity, lookup)
    void lookup.then((known) => {
      if (call.seen.get(identity) !== lookup) return
      call.seen.set(identity, known)
      // The tile can say who it is now.
      if (this.active === call) this.refreshInCall()
    })
  }

  /** Ringing more people into this call's room, through main like the call's own ring loop. */
  private invitationsFor(call: ActiveCall, room: string): Invitations {
    const invitations = new Invitations({
      clock: this.deps.clock,
      room,
      kind: call.beganAsVoice ? 'voice' : 'video',
      pauseMs: this.settings.retryPauseMs(),
      api: {
        identityOf: async (username) => (await request(this.bridge, 'video:identity', { username })).identity,
        ring: (identity, ringRoom, kind) => request(this.bridge, 'video:ring', { identity, room: ringRoom, kind }),
        reportMissed: async (identity) => {
          await request(this.bridge, 'video:reportMissed', { identity })
        }
      },
      onChange: () => {
        if (this.active === call) this.refreshInCall()
      }
    })
    whenOver(
      call.signal,
      this.bridge.on('call:rejected', (rejection) => {
        if (rejection.room === room) invitations.rejected(rejection.profile.id, rejection.reason)
      })
    )
    return invitations
  }

  // ---- helpers ------------------------------------------------------------------------

  /** The devices to open, and whether the browser's own noise suppression is wanted (not when RNNoise cleans the microphone). */
  private deviceChoice(call: ActiveCall): DeviceChoice {
    return { ...this.settings.devices, browserNoiseSuppression: !call.local.rnnoiseWillSuppress() }
  }

  private controlsOf(call: ActiveCall): LocalControls {
    return { muted: call.local.muted, cameraOff: call.local.cameraOff }
  }

  /** Mute or camera changed: the phase shows it, whichever phase of the call it is. */
  private refreshControls(): void {
    const call = this.active
    const state = this.state
    if (!call) return
    if (state.phase === 'preparing' || state.phase === 'ringing' || state.phase === 'connecting') this.setState({ ...state, ...this.controlsOf(call) })
    else this.refreshInCall()
  }

  private refreshInCall(entering = false): void {
    const call = this.active
    if (!call || call.answeredAt === undefined) return
    if (!entering && this.state.phase !== 'in-call') return
    const noiseSuppression = call.local.noiseSuppressionState()
    const background = call.local.backgroundState()
    const participants: CallParticipant[] = [...call.others].map(([identity, other]) => {
      const name = this.nameOf(call, identity)
      return { identity, remote: other.media, speaking: call.speaker === identity, ...(name ? { name } : {}) }
    })
    this.setState({
      phase: 'in-call',
      peer: call.peer,
      startedAt: call.answeredAt,
      reconnecting: this.reconnecting,
      networkQuality: this.networkQuality,
      ...this.controlsOf(call),
      sharingScreen: call.local.screen !== null,
      remote: participants[0]?.remote ?? REMOTE_MEDIA_ON,
      participants,
      invitations: call.invitations?.list() ?? [],
      ...(noiseSuppression ? { noiseSuppression } : {}),
      ...(call.videoLimit !== 'none' ? { outgoingVideoReduced: call.videoLimit } : {}),
      ...(background ? { background } : {}),
      ...(call.effectsShed ? { backgroundShed: true as const } : {})
    })
    this.reportPeople(call)
  }

  /** Main (the tray) hears who is in the call whenever that changes: "In a call with Bob and Carol". */
  private reportPeople(call: ActiveCall): void {
    const people = this.peopleInCall(call)
    const key = people.map((person) => `${person.id}\u0000${person.name}`).join('\u0001')
    if (key === call.reportedPeople) return
    call.reportedPeople = key
    this.report('call:activity', {
      activity: 'in-call',
      ...(call.room ? { room: call.room } : {}),
      peer: call.peer,
      // Nobody known by name yet: main says the peer, as for a 1:1 call.
      ...(people.length > 0 ? { inCallWith: people } : {})
    })
  }

  /** Everyone in the room now whom the call knows by name, in the order they came. */
  private peopleInCall(call: ActiveCall): HistoryParticipant[] {
    return [...call.others.keys()].flatMap((identity) => this.personOf(call, identity) ?? [])
  }

  /** A new stream for `changed` (its tracks came or went), and the media of everyone still here. */
  private updateRemoteStreams(call: ActiveCall, changed?: string): void {
    const other = changed === undefined ? undefined : call.others.get(changed)
    if (other) {
      const tracks = [...other.tracks.values()]
      other.stream = tracks.length > 0 ? this.deps.createStream(tracks) : null
    }
    const remoteStreams: Record<string, MediaStream> = {}
    for (const [identity, { stream }] of call.others) if (stream) remoteStreams[identity] = stream
    const first = call.others.values().next().value
    this.media = { ...this.media, remoteStream: first?.stream ?? null, remoteStreams }
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

/** A background effect at work (or starting) costs the CPU a segmentation per frame. */
function costsCpu(state: BackgroundState): boolean {
  return state === 'on' || state === 'loading'
}

/** The user's own background picture, as main keeps it (null: none, or unreadable). */
async function customBackgroundPicture(bridge: ShoutitBridge): Promise<Blob | null> {
  const result = await bridge.invoke('background:getPicture', {})
  if (!result.ok || !result.value) return null
  return new Blob([result.value.bytes], { type: result.value.type })
}

function namesOf(known: readonly (HistoryParticipant | null)[]): HistoryParticipant[] {
  return known.filter((person): person is HistoryParticipant => person !== null)
}

// The twilio engine: twilio-video's Room behind the EngineRoom interface. The SDK module is
// injected (engines.ts passes the real one, tests an EventEmitter fake emitting the SDK's
// events and error codes). Error policy (docs/api.md §6): 20104 → one rejoin with a fresh token;
// 53001/53405 while reconnecting → banner and wait; 53205 → joined elsewhere, no rejoin;
// 53105 → busy; 53118 → call ended. The room's type (group or peer-to-peer) is the server's
// choice when it creates the room; the options here suit a group room, and the SDK drops
// what a peer-to-peer room cannot use (adaptive simulcast falls back to one layer there).
import { emptySnapshot, type StatsSnapshot, type VideoFigures } from './call-stats'
import { TypedEmitter } from './emitter'
import { EngineConnectError, type CallEngine, type EngineConnectOptions, type EngineRoom, type RemoteMediaState, type RoomEnded, type RoomEvents, type TrackKind } from './engine'
import { endReasonForTwilioError, isTwilioError, TwilioErrorCode, type TwilioErrorLike } from './twilio-errors'
import { t } from '../i18n'

// The slice of twilio-video this engine uses, structurally, so a fake can stand in.
type SdkListener = (...args: unknown[]) => void

interface SdkEmitter {
  on(event: string, listener: SdkListener): unknown
  removeListener(event: string, listener: SdkListener): unknown
}

export interface TwilioTrackLike {
  kind: string
  mediaStreamTrack?: MediaStreamTrack
}

export interface TwilioLocalTrackLike extends TwilioTrackLike {
  enable?(enabled?: boolean): unknown
  stop?(): unknown
}

/** A RemoteTrackPublication: `kind` and `isTrackEnabled` are there before the track is subscribed. */
export interface TwilioRemotePublicationLike {
  kind?: string
  isTrackEnabled?: boolean
  track: TwilioTrackLike | null
}

export interface TwilioRemoteParticipantLike {
  identity: string
  tracks: Map<string, TwilioRemotePublicationLike>
}

/** Muted and camera-off as the participant's publications say (a disabled track sends silence or black). */
export function remoteMediaStateOf(participant: TwilioRemoteParticipantLike, reconnecting: boolean): RemoteMediaState {
  const publications = [...participant.tracks.values()]
  const kindOf = (publication: TwilioRemotePublicationLike) => publication.kind ?? publication.track?.kind
  const audio = publications.filter((publication) => kindOf(publication) === 'audio')
  const video = publications.filter((publication) => kindOf(publication) === 'video')
  return {
    // No microphone published yet is not "muted": the participant may still be joining.
    audioMuted: audio.length > 0 && audio.every((publication) => publication.isTrackEnabled === false),
    // No video published is no picture: show who it is instead.
    videoOff: !video.some((publication) => publication.isTrackEnabled !== false),
    reconnecting
  }
}

export interface TwilioLocalParticipantLike extends SdkEmitter {
  identity: string
  tracks: Map<string, { track: TwilioLocalTrackLike }>
  publishTrack(track: MediaStreamTrack, options?: { name?: string }): Promise<unknown>
  unpublishTrack(track: TwilioLocalTrackLike | MediaStreamTrack): unknown
}

export interface TwilioRoomLike extends SdkEmitter {
  name: string
  participants: Map<string, TwilioRemoteParticipantLike>
  /** Who speaks now (with ConnectOptions.dominantSpeaker), null when nobody does. */
  dominantSpeaker?: TwilioRemoteParticipantLike | null
  localParticipant: TwilioLocalParticipantLike
  /** One report per peer connection (twilio-video's StatsReport); absent in an SDK without it. */
  getStats?(): Promise<TwilioStatsReportLike[]>
  disconnect(): unknown
}

/** The slice of twilio-video's track stats read for the Call quality panel. */
interface TwilioTrackStatsLike {
  timestamp?: number
  packetsLost?: number | null
  codec?: string | null
}
interface TwilioDimensionsLike {
  width: number | null
  height: number | null
}
export interface TwilioStatsReportLike {
  localAudioTrackStats: Array<TwilioTrackStatsLike & { bytesSent?: number | null; packetsSent?: number | null; roundTripTime?: number | null }>
  localVideoTrackStats: Array<
    TwilioTrackStatsLike & { bytesSent?: number | null; packetsSent?: number | null; roundTripTime?: number | null; dimensions?: TwilioDimensionsLike | null; frameRate?: number | null; qualityLimitationReason?: string }
  >
  remoteAudioTrackStats: Array<TwilioTrackStatsLike & { bytesReceived?: number | null; packetsReceived?: number | null }>
  remoteVideoTrackStats: Array<TwilioTrackStatsLike & { bytesReceived?: number | null; packetsReceived?: number | null; dimensions?: TwilioDimensionsLike | null; frameRate?: number | null }>
}

function twilioVideo(dimensions: TwilioDimensionsLike | null | undefined, frameRate: number | null | undefined): VideoFigures | null {
  if (!dimensions?.width || !dimensions.height) return null
  return { width: dimensions.width, height: dimensions.height, framesPerSecond: frameRate ?? null }
}

/**
 * twilio-video's reports as one snapshot. The SDK gives round-trip times in milliseconds
 * (seconds here) and, for what we send, the packets the far end reports lost since the call
 * began: that is the loss fraction on their side here. It names no candidate pair, so the
 * route stays unknown (a group room's media goes through Twilio's servers anyway).
 */
export function snapshotFromTwilio(reports: readonly TwilioStatsReportLike[], fallbackTimestamp = Date.now()): StatsSnapshot | null {
  if (reports.length === 0) return null
  const snapshot = emptySnapshot(-Infinity)
  let sent = 0
  let lostOfOurs = 0
  const seen = (stats: TwilioTrackStatsLike) => {
    if (typeof stats.timestamp === 'number') snapshot.timestamp = Math.max(snapshot.timestamp, stats.timestamp)
  }
  for (const report of reports) {
    for (const stats of [...report.localAudioTrackStats, ...report.localVideoTrackStats]) {
      seen(stats)
      snapshot.bytesSent += stats.bytesSent ?? 0
      sent += stats.packetsSent ?? 0
      lostOfOurs += stats.packetsLost ?? 0
      if (typeof stats.roundTripTime === 'number') snapshot.roundTripTime = Math.max(snapshot.roundTripTime ?? 0, stats.roundTripTime / 1000)
    }
    for (const stats of report.localAudioTrackStats) snapshot.audioCodec ??= stats.codec ?? null
    for (const stats of report.localVideoTrackStats) {
      const video = twilioVideo(stats.dimensions, stats.frameRate)
      if (video && (!snapshot.sentVideo || video.height > snapshot.sentVideo.height)) snapshot.sentVideo = video
      snapshot.videoCodec ??= stats.codec ?? null
      snapshot.qualityLimitationReason ??= stats.qualityLimitationReason ?? null
    }
    for (const stats of [...report.remoteAudioTrackStats, ...report.remoteVideoTrackStats]) {
      seen(stats)
      snapshot.bytesReceived += stats.bytesReceived ?? 0
      snapshot.packetsReceived += stats.packetsReceived ?? 0
      snapshot.packetsLost += Math.max(0, stats.packetsLost ?? 0)
    }
    for (const stats of report.remoteVideoTrackStats) {
      const video = twilioVideo(stats.dimensions, stats.frameRate)
      if (video && (!snapshot.receivedVideo || video.height > snapshot.receivedVideo.height)) snapshot.receivedVideo = video
    }
  }
  if (sent > 0) snapshot.remoteLossFraction = lostOfOurs / (sent + lostOfOurs)
  if (snapshot.timestamp === -Infinity) snapshot.timestamp = fallbackTimestamp
  return snapshot
}

/** ConnectOptions.bandwidthProfile, as far as this engine sets it (twilio-video's VideoBandwidthProfileOptions). */
export interface TwilioBandwidthProfileLike {
  video: {
    mode: 'grid' | 'collaboration' | 'presentation'
    clientTrackSwitchOffControl: 'auto' | 'manual'
    contentPreferencesMode: 'auto' | 'manual'
  }
}

export interface TwilioConnectOptionsLike {
  name: string
  tracks: MediaStreamTrack[]
  /** 'auto': adaptive simulcast (VP8 layers the SFU switches on only while someone watches them). */
  preferredVideoCodecs: 'auto'
  bandwidthProfile: TwilioBandwidthProfileLike
  networkQuality: { local: 1; remote: 1 }
  dominantSpeaker: boolean
}

export interface TwilioVideoLike {
  connect(token: string, options: TwilioConnectOptionsLike): PromiseLike<TwilioRoomLike>
}

export function createTwilioEngine(video: TwilioVideoLike): CallEngine {
  // A bundler's CommonJS interop gone wrong would otherwise surface only when a call starts.
  if (typeof video.connect !== 'function') throw new Error('twilio-video did not load: it has no connect()')
  return {
    provider: 'twilio',
    connect: (options) => TwilioEngineRoom.join(video, options)
  }
}

function connectOptions(room: string, tracks: MediaStreamTrack[]): TwilioConnectOptionsLike {
  return {
    name: room,
    tracks,
    // Twilio's recommendation for group rooms of many tracks: adaptive simulcast, with the
    // SDK switching off tracks nobody shows and asking for the size each is shown at (the
    // SFU then stops the layers nobody needs at the sender too).
    preferredVideoCodecs: 'auto',
    // 'grid': everyone's tile is the same size, so bandwidth is shared evenly among them.
    bandwidthProfile: { video: { mode: 'grid', clientTrackSwitchOffControl: 'auto', contentPreferencesMode: 'auto' } },
    networkQuality: { local: 1, remote: 1 },
    dominantSpeaker: true
  }
}

/** Connects once; on 20104 asks main for a fresh token and tries exactly once more. */
async function connectWithOneRenewal(
  video: TwilioVideoLike,
  token: string,
  room: string,
  tracks: MediaStreamTrack[],
  refreshToken: () => Promise<string>
): Promise<{ sdkRoom: TwilioRoomLike; renewed: boolean }> {
  try {
    return { sdkRoom: await video.connect(token, connectOptions(room, tracks)), renewed: false }
  } catch (error) {
    if (!isTwilioError(error) || error.code !== TwilioErrorCode.accessTokenExpired) throw toConnectError(error)
  }
  let fresh: string
  try {
    fresh = await refreshToken()
  } catch (error) {
    throw new EngineConnectError('failed', t('callErrors.couldNotRenew', { error: messageOf(error) }), TwilioErrorCode.accessTokenExpired)
  }
  try {
    return { sdkRoom: await video.connect(fresh, connectOptions(room, tracks)), renewed: true }
  } catch (error) {
    throw toConnectError(error)
  }
}

function toConnectError(error: unknown): EngineConnectError {
  if (error instanceof EngineConnectError) return error
  if (isTwilioError(error)) {
    const { reason, message } = endReasonForTwilioError(error)
    return new EngineConnectError(reason, message, error.code)
  }
  return new EngineConnectError('failed', t('callErrors.couldNotJoin', { error: messageOf(error) }))
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

function isMediaKind(kind: string): kind is TrackKind {
  return kind === 'audio' || kind === 'video'
}

class TwilioEngineRoom implements EngineRoom {
  readonly provider = 'twilio' as const
  private readonly events = new TypedEmitter<RoomEvents>()
  private sdkRoom: TwilioRoomLike
  private unwire: () => void = () => undefined
  private renewed: boolean
  private ended = false
  private readonly outgoing = new Map<TrackKind, MediaStreamTrack>()
  /** Participants whose own connection to the room is recovering (participantReconnecting). */
  private readonly reconnectingPeers = new Set<string>()
  /** The last state told per participant, so an unchanged one is not told again. */
  private readonly toldState = new Map<string, string>()
  private readonly enabled = new Map<TrackKind, boolean>([
    ['audio', true],
    ['video', true]
  ])

  static async join(video: TwilioVideoLike, options: EngineConnectOptions): Promise<EngineRoom> {
    const { sdkRoom, renewed } = await connectWithOneRenewal(video, options.token, options.room, options.tracks, options.refreshToken)
    const room = new TwilioEngineRoom(video, options, sdkRoom, renewed)
    return room
  }

  private constructor(
    private readonly video: TwilioVideoLike,
    private readonly options: EngineConnectOptions,
    sdkRoom: TwilioRoomLike,
    renewed: boolean
  ) {
    this.sdkRoom = sdkRoom
    this.renewed = renewed
    for (const track of options.tracks) if (isMediaKind(track.kind)) this.outgoing.set(track.kind, track)
    this.attach(sdkRoom)
  }

  get name(): string {
    return this.sdkRoom.name
  }

  participants(): string[] {
    return [...this.sdkRoom.participants.values()].map((participant) => participant.identity)
  }

  on<E extends keyof RoomEvents>(event: E, listener: RoomEvents[E]): () => void {
    const off = this.events.on(event, listener)
    // Participants and tracks already in the room when a listener subscribes are replayed,
    // as twilio-video-app-react does on mount, so no early event is lost.
    if (event === 'participantConnected') {
      for (const participant of this.sdkRoom.participants.values()) (listener as RoomEvents['participantConnected'])(participant.identity)
    }
    if (event === 'remoteState') {
      for (const participant of this.sdkRoom.participants.values()) {
        ;(listener as RoomEvents['remoteState'])(participant.identity, remoteMediaStateOf(participant, this.reconnectingPeers.has(participant.identity)))
      }
    }
    const speaker = this.sdkRoom.dominantSpeaker?.identity
    if (event === 'dominantSpeaker' && typeof speaker === 'string') (listener as RoomEvents['dominantSpeaker'])(speaker)
    if (event === 'trackSubscribed') {
      for (const participant of this.sdkRoom.participants.values()) {
        for (const publication of participant.tracks.values()) {
          const track = publication.track
          if (track?.mediaStreamTrack && isMediaKind(track.kind)) {
            ;(listener as RoomEvents['trackSubscribed'])(track.mediaStreamTrack, participant.identity)
          }
        }
      }
    }
    return off
  }

  async setOutgoingTrack(kind: TrackKind, track: MediaStreamTrack | null): Promise<void> {
    const local = this.sdkRoom.localParticipant
    for (const publication of [...local.tracks.values()]) {
      if (publication.track.kind === kind) local.unpublishTrack(publication.track)
    }
    if (track) {
      this.outgoing.set(kind, track)
      await local.publishTrack(track, { name: `${kind}-${track.id}` })
      if (this.enabled.get(kind) === false) this.setTrackEnabled(kind, false)
    } else {
      this.outgoing.delete(kind)
    }
  }

  setTrackEnabled(kind: TrackKind, enabled: boolean): void {
    this.enabled.set(kind, enabled)
    for (const publication of this.sdkRoom.localParticipant.tracks.values()) {
      if (publication.track.kind === kind) publication.track.enable?.(enabled)
    }
  }

  async getStats(): Promise<StatsSnapshot | null> {
    if (this.ended || !this.sdkRoom.getStats) return null
    return snapshotFromTwilio(await this.sdkRoom.getStats())
  }

  disconnect(): void {
    if (this.ended) return
    this.stopLocalTracks()
    // The SDK emits its own 'disconnected' synchronously from disconnect(): unwire first so
    // a hang-up is reported as ours, not as the room completing.
    this.unwire()
    this.sdkRoom.disconnect()
    this.finish({ reason: 'local' })
  }

  private stopLocalTracks(): void {
    for (const publication of this.sdkRoom.localParticipant.tracks.values()) publication.track.stop?.()
  }

  private finish(ended: RoomEnded): void {
    if (this.ended) return
    this.ended = true
    this.unwire()
    this.events.emit('disconnected', ended)
    this.events.clear()
  }

  private attach(sdkRoom: TwilioRoomLike): void {
    const subscriptions: Array<[SdkEmitter, string, SdkListener]> = []
    const listen = <A extends unknown[]>(target: SdkEmitter, event: string, listener: (...args: A) => void): void => {
      const sdkListener = listener as unknown as SdkListener
      target.on(event, sdkListener)
      subscriptions.push([target, event, sdkListener])
    }
    listen(sdkRoom, 'participantConnected', (participant: TwilioRemoteParticipantLike) => {
      this.events.emit('participantConnected', participant.identity)
    })
    listen(sdkRoom, 'participantDisconnected', (participant: TwilioRemoteParticipantLike) => {
      this.reconnectingPeers.delete(participant.identity)
      this.toldState.delete(participant.identity)
      this.events.emit('participantDisconnected', participant.identity)
    })
    // The SDK re-emits each participant's events on the room, the participant last.
    for (const event of ['trackDisabled', 'trackEnabled', 'trackPublished', 'trackUnpublished', 'trackSubscribed']) {
      listen(sdkRoom, event, (...args: unknown[]) => this.tellState(args.at(-1) as TwilioRemoteParticipantLike))
    }
    listen(sdkRoom, 'participantReconnecting', (participant: TwilioRemoteParticipantLike) => {
      this.reconnectingPeers.add(participant.identity)
      this.tellState(participant)
    })
    listen(sdkRoom, 'participantReconnected', (participant: TwilioRemoteParticipantLike) => {
      this.reconnectingPeers.delete(participant.identity)
      this.tellState(participant)
    })
    listen(sdkRoom, 'trackSubscribed', (track: TwilioTrackLike, _publication: unknown, participant: TwilioRemoteParticipantLike) => {
      if (track.mediaStreamTrack && isMediaKind(track.kind)) this.events.emit('trackSubscribed', track.mediaStreamTrack, participant.identity)
    })
    listen(sdkRoom, 'trackUnsubscribed', (track: TwilioTrackLike, _publication: unknown, participant: TwilioRemoteParticipantLike) => {
      if (track.mediaStreamTrack && isMediaKind(track.kind)) this.events.emit('trackUnsubscribed', track.mediaStreamTrack, participant.identity)
    })
    // 53001 (signalling) and 53405 (media): the SDK retries by itself; we show the banner and wait.
    listen(sdkRoom, 'reconnecting', (error?: TwilioErrorLike) => {
      this.events.emit('reconnecting', { ...(error?.code === undefined ? {} : { code: error.code }), ...(error?.message ? { message: error.message } : {}) })
    })
    listen(sdkRoom, 'reconnected', () => this.events.emit('reconnected'))
    listen(sdkRoom.localParticipant, 'networkQualityLevelChanged', (level: number) => this.events.emit('networkQuality', level))
    // The SDK names a RemoteParticipant, or null once nobody speaks (or the speaker left).
    listen(sdkRoom, 'dominantSpeakerChanged', (speaker?: TwilioRemoteParticipantLike | null) => {
      this.events.emit('dominantSpeaker', typeof speaker?.identity === 'string' ? speaker.identity : null)
    })
    listen(sdkRoom, 'disconnected', (_room: unknown, error?: TwilioErrorLike | null) => {
      void this.onSdkDisconnected(error ?? null)
    })
    this.unwire = () => {
      for (const [target, event, listener] of subscriptions) target.removeListener(event, listener)
    }
  }

  private tellState(participant: TwilioRemoteParticipantLike | undefined): void {
    if (!participant || typeof participant.identity !== 'string' || !(participant.tracks instanceof Map)) return
    const state = remoteMediaStateOf(participant, this.reconnectingPeers.has(participant.identity))
    const key = JSON.stringify(state)
    if (this.toldState.get(participant.identity) === key) return
    this.toldState.set(participant.identity, key)
    this.events.emit('remoteState', participant.identity, state)
  }

  private async onSdkDisconnected(error: TwilioErrorLike | null): Promise<void> {
    if (this.ended) return
    if (!error) {
      this.finish({ reason: 'completed', message: t('callErrors.callEnded') })
      return
    }
    if (error.code === TwilioErrorCode.accessTokenExpired && !this.renewed) {
      await this.rejoinWithFreshToken()
      return
    }
    const { reason, message } = endReasonForTwilioError(error)
    this.finish({ reason, message, ...(error.code === undefined ? {} : { code: error.code }) })
  }

  private async rejoinWithFreshToken(): Promise<void> {
    this.renewed = true
    this.unwire()
    this.events.emit('reconnecting', { code: TwilioErrorCode.accessTokenExpired, message: 'Renewing the video session' })
    try {
      const token = await this.options.refreshToken()
      if (this.ended) return
      const sdkRoom = await this.video.connect(token, connectOptions(this.options.room, [...this.outgoing.values()]))
      if (this.ended) {
        sdkRoom.disconnect()
        return
      }
      this.sdkRoom = sdkRoom
      this.attach(sdkRoom)
      for (const [kind, enabled] of this.enabled) if (!enabled) this.setTrackEnabled(kind, false)
      this.events.emit('reconnected')
      for (const participant of sdkRoom.participants.values()) this.events.emit('participantConnected', participant.identity)
    } catch (error) {
      const ended = isTwilioError(error) ? endReasonForTwilioError(error) : { reason: 'failed' as const, message: t('callErrors.couldNotRenew', { error: messageOf(error) }) }
      this.finish({ ...ended, ...(isTwilioError(error) ? { code: error.code } : {}) })
    }
  }
}

// Longer than 350 lines on purpose: perfect negotiation, ICE restarts and the track
// bookkeeping of one peer connection interlock, and read best as one file.
// The p2p engine: a full mesh, one RTCPeerConnection per other member of the room's
// presence channel (p2p-room-channel.ts), up to the mesh limit (p2p-mesh.ts). Each pair
// negotiates on its own following the "perfect negotiation" pattern, so either side may
// (re)negotiate at any time — first join, an ICE restart — and an offer collision resolves
// itself. Audio and video are negotiated from the start whatever tracks exist, so tracks
// come, go and change (a camera still starting, a shared screen) without renegotiating. A
// member leaving tears down its pair only; the room is over when the last one has left.
import type { ShoutitBridge } from '../../common/ipc'
import { request } from './bridge-calls'
import { cachedUntilFailure } from './cached'
import { systemClock } from './clock'
import { TypedEmitter } from './emitter'
import { EngineConnectError, REMOTE_MEDIA_ON, type CallEngine, type EngineConnectOptions, type EngineRoom, type RemoteMediaState, type RoomEnded, type RoomEvents, type TrackKind } from './engine'
import { mergeSnapshots, snapshotFromReport, type StatsSnapshot } from './call-stats'
import { CandidateSender } from './p2p-candidates'
import { DEFAULT_MESH_LIMIT, isPolite, roomInTrouble, SpeakerTracker } from './p2p-mesh'
import type { P2pMediaState, Signal } from './p2p-messages'
import { qualityLevel, sampleQuality, type QualitySample } from './p2p-quality'
import { watchCpuPressure, type CpuPressureWatch } from './cpu-pressure'
import { VideoAdaptation, type VideoLimit, type VideoStep } from './video-adaptation'
import { joinRoomChannel, openRoomConnection, type PusherClientFactory, type PusherClientLike, type RoomChannel } from './p2p-room-channel'
import { t } from '../i18n'

export interface P2pEngineOptions {
  bridge: ShoutitBridge
  /** None are needed on one machine or a LAN; STUN/TURN for anything wider. */
  iceServers: RTCIceServer[]
  /** 'relay' allows only TURN candidates: for tests that must prove the relay path. */
  iceTransportPolicy?: RTCIceTransportPolicy
  createPusherClient?: PusherClientFactory
  /** How long a failed connection may try an ICE restart before its pair is given up. */
  iceRestartGraceMs?: number
  /** People in one call, us included (default DEFAULT_MESH_LIMIT): a member beyond it is not connected. */
  meshLimit?: number
}

const DEFAULT_ICE_RESTART_GRACE_MS = 15_000
const QUALITY_SAMPLE_MS = 2_000
/** How often the receivers' audio levels are read for the dominant speaker (a cheap, local read). */
const SPEAKER_SAMPLE_MS = 250
/**
 * WebRTC starts sending at about 300 kbps. A 720p camera frame is more than that allows, so
 * the encoder dropped its first frames while it adapted, and the other side waited ~200 ms
 * longer for a picture. The video is sent at half size until the first quality sample, a
 * couple of seconds in, when the bitrate estimate has had time to climb.
 */
const START_VIDEO_SCALE = 2
const TRACK_KINDS: readonly TrackKind[] = ['audio', 'video']

/**
 * Changes each of the video sender's encodings in place (getParameters → setParameters: no
 * renegotiation). A failure costs only the picture's size or pause, never the call: it is
 * logged as `what` and the video goes on as it was.
 */
async function changeVideoEncodings(sender: RTCRtpSender, what: string, change: (encoding: RTCRtpEncodingParameters) => void): Promise<void> {
  try {
    const parameters = sender.getParameters()
    if (!parameters.encodings?.length) return
    for (const encoding of parameters.encodings) change(encoding)
    await sender.setParameters(parameters)
  } catch (error) {
    console.warn(`call: could not ${what}`, error)
  }
}

/** Pauses (or resumes) our video to one peer: the encoding goes inactive. */
function setVideoActive(sender: RTCRtpSender, active: boolean): Promise<void> {
  return changeVideoEncodings(sender, 'pause or resume the outgoing video', (encoding) => {
    encoding.active = active
  })
}

/**
 * Sends the video at an adaptation step. A shared screen (contentHint 'detail') keeps its
 * size, whose text must stay readable, and gives up frame rate only.
 */
function sendVideoAtStep(sender: RTCRtpSender, step: VideoStep): Promise<void> {
  const keepsSize = sender.track?.contentHint === 'detail' || sender.track?.contentHint === 'text'
  return changeVideoEncodings(sender, 'adapt the outgoing video', (encoding) => {
    encoding.scaleResolutionDownBy = keepsSize ? 1 : step.scaleResolutionDownBy
    encoding.maxFramerate = step.maxFramerate
  })
}

function scaleOutgoingVideo(sender: RTCRtpSender, scale: number): Promise<void> {
  return changeVideoEncodings(sender, 'scale the outgoing video', (encoding) => {
    encoding.scaleResolutionDownBy = scale
  })
}

/** Every peer connection of a room: the engine's ICE servers, then the ones from the call's token. */
export function peerConnectionConfig(engine: Pick<P2pEngineOptions, 'iceServers' | 'iceTransportPolicy'>, connect: Pick<EngineConnectOptions, 'iceServers'>): RTCConfiguration {
  return {
    iceServers: [...engine.iceServers, ...(connect.iceServers ?? [])],
    ...(engine.iceTransportPolicy ? { iceTransportPolicy: engine.iceTransportPolicy } : {})
  }
}

export function createP2pEngine(options: P2pEngineOptions): CallEngine {
  let opened: Promise<PusherClientLike> | null = null
  // The realtime config is the server's and lives as long as the session (switching servers
  // signs out, and a new session makes a new engine): asked for once, not on every call.
  const realtimeConfig = cachedUntilFailure(() => request(options.bridge, 'realtime:config', {}))
  const openConnection = () => openRoomConnection(options.bridge, options.createPusherClient, realtimeConfig())
  return {
    provider: 'p2p',
    joinsBeforeMedia: true,
    prepare() {
      const connection = (opened ??= openConnection())
      // A failure here is connect()'s to report.
      connection.catch(() => undefined)
      return () => {
        if (opened !== connection) return
        opened = null
        void connection.then((client) => client.disconnect(), () => undefined)
      }
    },
    async connect(connectOptions) {
      const connection = opened ?? openConnection()
      opened = null
      const channel = await joinRoomChannel(connectOptions.room, connection)
      return createP2pRoom(channel, connectOptions, options)
    }
  }
}

/**
 * The room on a joined channel: refused as full when the mesh already holds its limit (the
 * server may admit more members than the mesh can carry). Exported for the mesh's unit tests.
 */
export function createP2pRoom(channel: RoomChannel, connectOptions: EngineConnectOptions, options: P2pEngineOptions): EngineRoom {
  const meshLimit = options.meshLimit ?? DEFAULT_MESH_LIMIT
  if (channel.peers().length + 1 > meshLimit) {
    channel.leave()
    throw new EngineConnectError('busy', t('callErrors.callFull'))
  }
  return new P2pRoom(channel, connectOptions, options, meshLimit)
}

class PeerLink {
  readonly pc: RTCPeerConnection
  private makingOffer = false
  private ignoreOffer = false
  private settingRemoteAnswer = false
  /** Until the first remote description, the polite side waits for the other's offer. */
  private heardFromPeer = false
  private readonly polite: boolean
  private readonly candidates: CandidateSender
  private incoming: Promise<void> = Promise.resolve()
  private failTimer: ReturnType<typeof setTimeout> | undefined
  private qualityTimer: ReturnType<typeof setInterval> | undefined
  private lastQuality: { sample: QualitySample | null; level: number | null } = { sample: null, level: null }
  readonly senders = new Map<TrackKind, RTCRtpSender>()
  readonly remoteTracks = new Set<MediaStreamTrack>()
  /** What the peer last said it sends (its `media` signal); none yet until it says. */
  remoteMedia: Pick<RemoteMediaState, 'audioMuted' | 'videoOff'> | undefined
  /** The pair's connection is recovering (disconnected, or failed and restarting ICE). */
  troubled = false
  /** The state last told to the room's listeners, so an unchanged one is not told again. */
  toldState: RemoteMediaState | undefined
  /** What we last told the peer we send. */
  toldMedia: P2pMediaState | undefined
  /** Whether we last told the peer we show its video (undefined: never told; it sends). */
  toldVideoWanted: boolean | undefined
  /** The peer shows our video (it has not said otherwise): while false ours is paused to it. */
  peerWantsVideo = true
  closed = false
  /** Video leaves scaled down until the first quality sample (see START_VIDEO_SCALE). */
  private fullResolution = false
  /** Our video to this peer, stepped down and up as the network and the CPU allow. */
  private readonly adaptation = new VideoAdaptation()

  constructor(
    readonly peerId: string,
    private readonly room: P2pRoom,
    config: RTCConfiguration
  ) {
    this.polite = isPolite(room.channel.myId, peerId)
    this.pc = new RTCPeerConnection(config)
    this.pc.onnegotiationneeded = () => void this.negotiate()
    this.candidates = new CandidateSender((candidates) => room.channel.send({ to: peerId, candidates }), systemClock)
    this.pc.onicecandidate = ({ candidate }) => {
      if (candidate) this.candidates.add(candidate.toJSON())
    }
    this.pc.ontrack = ({ track }) => {
      this.remoteTracks.add(track)
      // Both kinds are always negotiated (see openSenders), so a track exists for a kind the
      // peer may never send (no camera). It is announced once media arrives: a receiver's
      // track is muted until its first packet.
      if (!track.muted) return this.announce(track)
      track.addEventListener('unmute', () => this.announce(track), { once: true })
    }
    this.pc.onconnectionstatechange = () => this.onConnectionState()
  }

  /**
   * Opens negotiation now rather than on the negotiationneeded event: that event is a task
   * queued behind whatever the page does next (drawing the call screen took ~25 ms of it),
   * and the other side waits for our offer. The event still covers later changes.
   */
  start(): void {
    if (this.polite) return
    this.openSenders()
    void this.negotiate()
  }

  /** Remote tracks with media flowing, as told to the room. */
  readonly announcedTracks = new Set<MediaStreamTrack>()

  private announce(track: MediaStreamTrack): void {
    if (this.closed || this.announcedTracks.has(track)) return
    this.announcedTracks.add(track)
    this.room.emitTrack(track, this.peerId)
  }

  /**
   * The opening side sends audio and video from the start, with or without tracks yet: a
   * camera or microphone that comes later (still starting up when the call was answered),
   * goes away or is replaced (a shared screen) is a replaceTrack, never a renegotiation,
   * and the connection is set up while the camera starts.
   */
  private openSenders(): void {
    for (const kind of TRACK_KINDS) {
      // Small from the first frame: scaling later reconfigures an encoder that just started.
      const sendEncodings = kind === 'video' && !this.fullResolution ? [{ scaleResolutionDownBy: START_VIDEO_SCALE }] : undefined
      const transceiver = this.pc.addTransceiver(kind, { direction: 'sendrecv', streams: [this.room.localStream], ...(sendEncodings ? { sendEncodings } : {}) })
      this.useSender(kind, transceiver.sender, { scaled: true })
    }
  }

  /** The answering side sends on the transceivers the offer created, one per kind. */
  private adoptSenders(): void {
    for (const transceiver of this.pc.getTransceivers()) {
      const kind = transceiver.receiver.track.kind
      if ((kind !== 'audio' && kind !== 'video') || this.senders.has(kind) || transceiver.currentDirection === 'stopped') continue
      transceiver.direction = 'sendrecv'
      transceiver.sender.setStreams(this.room.localStream)
      this.useSender(kind, transceiver.sender)
    }
  }

  private useSender(kind: TrackKind, sender: RTCRtpSender, { scaled = false } = {}): void {
    this.senders.set(kind, sender)
    if (kind === 'video' && !this.peerWantsVideo) void setVideoActive(sender, false)
    // Before the answer is set, so that the encoder starts small (see START_VIDEO_SCALE).
    if (kind === 'video' && !this.fullResolution && !scaled) void scaleOutgoingVideo(sender, START_VIDEO_SCALE)
    const track = this.room.outgoingTrack(kind)
    if (track) void this.replaceTrack(kind, track)
  }

  /** Sends `track` as our `kind` (null: nothing); a no-op before the sender exists. */
  async replaceTrack(kind: TrackKind, track: MediaStreamTrack | null): Promise<void> {
    const sender = this.senders.get(kind)
    if (!sender || this.closed) return
    try {
      await sender.replaceTrack(track)
    } catch (error) {
      if (!this.closed) console.warn(`call: could not send the ${kind} track`, error)
    }
  }

  /** The first frames are out and the bitrate estimate is climbing: send the camera as it is. */
  private restoreFullResolution(): void {
    if (this.fullResolution) return
    this.fullResolution = true
    const sender = this.senders.get('video')
    if (sender) void scaleOutgoingVideo(sender, 1)
  }

  /** The peer says whether it shows our video: ours to it pauses while it does not. */
  setPeerWantsVideo(wanted: boolean): void {
    if (wanted === this.peerWantsVideo) return
    this.peerWantsVideo = wanted
    const sender = this.senders.get('video')
    if (sender && !this.closed) void setVideoActive(sender, wanted)
  }

  /** Inbound signals are applied strictly in order: each step awaits the previous one. */
  receive(signal: Signal): void {
    this.incoming = this.incoming.then(() => this.apply(signal)).catch((error: unknown) => {
      if (!this.closed) console.warn('call: a p2p signal could not be applied', error)
    })
  }

  /** The level (0–1) of the peer's audio in its last packets; 0 while it says it is muted. */
  audioLevel(): number {
    if (this.closed || this.remoteMedia?.audioMuted) return 0
    let level = 0
    for (const receiver of this.pc.getReceivers()) {
      if (receiver.track.kind !== 'audio') continue
      for (const source of receiver.getSynchronizationSources()) level = Math.max(level, source.audioLevel ?? 0)
    }
    return level
  }

  close(): void {
    if (this.closed) return
    this.closed = true
    this.candidates.close()
    if (this.failTimer) clearTimeout(this.failTimer)
    if (this.qualityTimer) clearInterval(this.qualityTimer)
    this.pc.onnegotiationneeded = null
    this.pc.onicecandidate = null
    this.pc.ontrack = null
    this.pc.onconnectionstatechange = null
    this.pc.close()
  }

  private async negotiate(): Promise<void> {
    // Only the impolite side opens: both offering at once is a collision that perfect
    // negotiation survives, but candidates of the rolled-back offer can strand ICE. Our
    // tracks ride on the answer; anything the offer did not cover is renegotiated after.
    if (this.polite && !this.heardFromPeer) return
    // One offer at a time: the browser asks again once the chain is idle if still needed.
    if (this.makingOffer) return
    try {
      this.makingOffer = true
      await this.pc.setLocalDescription()
      this.sendDescription()
    } catch (error) {
      if (!this.closed) console.warn('call: could not create a p2p offer', error)
    } finally {
      this.makingOffer = false
    }
  }

  private async apply({ description, candidates }: Signal): Promise<void> {
    if (this.closed) return
    if (description) {
      const readyForOffer = !this.makingOffer && (this.pc.signalingState === 'stable' || this.settingRemoteAnswer)
      const collision = description.type === 'offer' && !readyForOffer
      this.ignoreOffer = !this.polite && collision
      if (this.ignoreOffer) return
      this.settingRemoteAnswer = description.type === 'answer'
      await this.pc.setRemoteDescription(description as RTCSessionDescriptionInit)
      this.settingRemoteAnswer = false
      this.heardFromPeer = true
      if (description.type === 'offer') {
        this.adoptSenders()
        await this.pc.setLocalDescription()
        this.sendDescription()
      }
    }
    // One stale candidate (of an ignored or rolled-back offer) must not cost the others.
    for (const candidate of candidates ?? []) {
      try {
        await this.pc.addIceCandidate(candidate)
      } catch (error) {
        if (!this.ignoreOffer && !this.closed) console.warn('call: a p2p ICE candidate was refused', error)
      }
    }
  }

  private sendDescription(): void {
    const local = this.pc.localDescription
    if (!local || this.closed) return
    this.room.channel.send({ to: this.peerId, description: { type: local.type, sdp: local.sdp } })
  }

  private async measureQuality(): Promise<void> {
    this.restoreFullResolution()
    const sample = await sampleQuality(this.pc).catch(() => null)
    if (!sample || this.closed) return
    const level = qualityLevel(this.lastQuality.sample, sample)
    const changed = level !== this.lastQuality.level
    this.lastQuality = { sample, level }
    if (changed) this.room.linkQuality(this.peerId, level)
    this.adaptVideo(sample)
  }

  private adaptVideo(sample: QualitySample): void {
    const decision = this.adaptation.next({ qualityLimitationReason: sample.videoLimitation, cpuPressure: this.room.cpuPressure.current() }, this.room.effectsActive)
    if (decision.kind === 'shed-effects') return this.room.effectsTooCostly()
    if (decision.kind !== 'step') return
    const sender = this.senders.get('video')
    if (sender) void sendVideoAtStep(sender, decision.step)
    this.room.linkVideoLimit(this.peerId, this.adaptation.limit)
  }

  private onConnectionState(): void {
    const state = this.pc.connectionState
    if (state === 'connected') {
      if (this.failTimer) clearTimeout(this.failTimer)
      this.failTimer = undefined
      this.qualityTimer ??= setInterval(() => void this.measureQuality(), QUALITY_SAMPLE_MS)
      this.room.linkRecovered(this)
    } else if (state === 'disconnected') {
      this.room.linkInTrouble(this, 'The connection is unstable')
    } else if (state === 'failed') {
      this.room.linkInTrouble(this, 'The connection was lost; trying again')
      this.pc.restartIce()
      this.failTimer ??= setTimeout(() => this.room.linkFailed(this.peerId), this.room.iceRestartGraceMs)
    }
  }
}

class P2pRoom implements EngineRoom {
  readonly provider = 'p2p' as const
  private readonly events = new TypedEmitter<RoomEvents>()
  private readonly links = new Map<string, PeerLink>()
  /** Members the mesh had no room for, and pairs given up after a failed ICE restart: not connected until they leave and come back. */
  private readonly unlinked = new Set<string>()
  private readonly outgoing = new Map<TrackKind, MediaStreamTrack>()
  /** Our tracks as one stream, so each peer receives audio and video as one (its msid). */
  readonly localStream = new MediaStream()
  private readonly unsubscribe: Array<() => void> = []
  private ended = false
  private troubled = false
  private readonly quality = new Map<string, number>()
  private toldQuality: number | undefined
  private readonly speakers = new SpeakerTracker()
  private readonly speakerTimer: ReturnType<typeof setInterval>
  readonly iceRestartGraceMs: number
  readonly cpuPressure: CpuPressureWatch = watchCpuPressure()
  /** The camera runs through effects (background blur) that the CPU may not afford. */
  effectsActive = false
  private readonly videoLimits = new Map<string, VideoLimit>()
  private toldVideoLimit: VideoLimit = 'none'

  constructor(
    readonly channel: RoomChannel,
    private readonly options: EngineConnectOptions,
    private readonly engineOptions: P2pEngineOptions,
    private readonly meshLimit: number
  ) {
    this.iceRestartGraceMs = engineOptions.iceRestartGraceMs ?? DEFAULT_ICE_RESTART_GRACE_MS
    for (const track of options.tracks) {
      if (track.kind === 'audio' || track.kind === 'video') {
        this.outgoing.set(track.kind, track)
        this.localStream.addTrack(track)
      }
    }
    this.unsubscribe.push(
      channel.on('memberAdded', (id) => void this.connectPeer(id)),
      channel.on('memberRemoved', (id) => {
        this.unlinked.delete(id)
        this.dropPeer(id)
      }),
      channel.on('signal', (from, signal) => {
        const link = this.connectPeer(from)
        if (!link) return
        if (signal.media) this.onPeerMedia(link, signal.media)
        if (signal.videoWanted !== undefined) link.setPeerWantsVideo(signal.videoWanted)
        if (signal.description || signal.candidates) link.receive(signal)
      })
    )
    for (const peer of channel.peers()) this.connectPeer(peer)
    this.speakerTimer = setInterval(() => this.sampleSpeakers(), SPEAKER_SAMPLE_MS)
  }

  get name(): string {
    return this.options.room
  }

  participants(): string[] {
    return [...this.links.keys()]
  }

  personOf(identity: string): { id: string; username: string; name: string } | undefined {
    return this.channel.memberOf(identity)
  }

  on<E extends keyof RoomEvents>(event: E, listener: RoomEvents[E]): () => void {
    const off = this.events.on(event, listener)
    // Replay what is already there, so a listener added after connect() misses nothing.
    if (event === 'participantConnected') for (const id of this.links.keys()) (listener as RoomEvents['participantConnected'])(id)
    if (event === 'remoteState') {
      for (const link of this.links.values()) if (link.toldState) (listener as RoomEvents['remoteState'])(link.peerId, link.toldState)
    }
    if (event === 'trackSubscribed') {
      for (const link of this.links.values()) {
        for (const track of link.announcedTracks) (listener as RoomEvents['trackSubscribed'])(track, link.peerId)
      }
    }
    if (event === 'dominantSpeaker' && this.speakers.speaker !== null) (listener as RoomEvents['dominantSpeaker'])(this.speakers.speaker)
    return off
  }

  async setOutgoingTrack(kind: TrackKind, track: MediaStreamTrack | null): Promise<void> {
    const previous = this.outgoing.get(kind)
    if (previous) this.localStream.removeTrack(previous)
    if (track) {
      this.outgoing.set(kind, track)
      this.localStream.addTrack(track)
    } else {
      this.outgoing.delete(kind)
    }
    this.tellMedia()
    // Every link sends both kinds from its first negotiation: swapping is all it takes (a
    // link still waiting for the peer's offer picks the track up when it answers).
    await Promise.all([...this.links.values()].map((link) => link.replaceTrack(kind, track)))
  }

  /** What we send, as the peers are told it: a kind with no track, or a disabled one, is off. */
  private mediaState(): P2pMediaState {
    return { audio: this.outgoing.get('audio')?.enabled === true, video: this.outgoing.get('video')?.enabled === true }
  }

  /** Tells every peer (or one that just came) what we send, when it changed since they were told. */
  private tellMedia(only?: PeerLink): void {
    if (this.ended) return
    const state = this.mediaState()
    for (const link of only ? [only] : this.links.values()) {
      if (link.toldMedia && link.toldMedia.audio === state.audio && link.toldMedia.video === state.video) continue
      link.toldMedia = state
      this.channel.send({ to: link.peerId, media: state })
    }
  }

  private onPeerMedia(link: PeerLink, media: P2pMediaState): void {
    link.remoteMedia = { audioMuted: !media.audio, videoOff: !media.video }
    this.tellState(link)
  }

  /** The pair's whole state (what the peer sends, whether the pair is recovering), when it changed. */
  private tellState(link: PeerLink): void {
    const state: RemoteMediaState = { ...REMOTE_MEDIA_ON, ...link.remoteMedia, reconnecting: link.troubled }
    const told = link.toldState
    if (told && told.audioMuted === state.audioMuted && told.videoOff === state.videoOff && told.reconnecting === state.reconnecting) return
    // Nothing said yet and nothing wrong: the listeners assume as much.
    if (!told && !link.remoteMedia && !state.reconnecting) return
    link.toldState = state
    this.events.emit('remoteState', link.peerId, state)
  }

  outgoingTrack(kind: TrackKind): MediaStreamTrack | null {
    return this.outgoing.get(kind) ?? null
  }

  setTrackEnabled(kind: TrackKind, enabled: boolean): void {
    const track = this.outgoing.get(kind)
    if (track) track.enabled = enabled
    this.tellMedia()
  }

  disconnect(): void {
    this.finish({ reason: 'local' })
  }

  /** Every pair's figures as one (mergeSnapshots): traffic adds up, the worst loss and round trip count. */
  async getStats(): Promise<StatsSnapshot | null> {
    const links = [...this.links.values()].filter((link) => !link.closed)
    const snapshots = await Promise.all(links.map((link) => link.pc.getStats().then((report) => snapshotFromReport(report), () => null)))
    return mergeSnapshots(snapshots.filter((snapshot): snapshot is StatsSnapshot => snapshot !== null))
  }

  emitTrack(track: MediaStreamTrack, peerId: string): void {
    this.events.emit('trackSubscribed', track, peerId)
  }

  /** The room's quality is its worst pair's: the indicator warns about whoever is hard to hear. */
  linkQuality(peerId: string, level: number): void {
    this.quality.set(peerId, level)
    this.tellQuality()
  }

  private remoteVideoWanted = true

  setRemoteVideoWanted(wanted: boolean): void {
    this.remoteVideoWanted = wanted
    this.tellVideoWanted()
  }

  /** Tells every peer (or one that just came) whether we show its video, when that changed. */
  private tellVideoWanted(only?: PeerLink): void {
    if (this.ended) return
    for (const link of only ? [only] : this.links.values()) {
      // A peer never told assumes we show its video: a new one hears only a "no".
      if ((link.toldVideoWanted ?? true) === this.remoteVideoWanted) continue
      link.toldVideoWanted = this.remoteVideoWanted
      this.channel.send({ to: link.peerId, videoWanted: this.remoteVideoWanted })
    }
  }

  setEffectsActive(active: boolean): void {
    this.effectsActive = active
  }

  effectsTooCostly(): void {
    if (!this.ended && this.effectsActive) this.events.emit('effectsTooCostly')
  }

  /** Our video is reduced for whichever pair limits it most (the CPU before the network: it is ours to fix). */
  linkVideoLimit(peerId: string, limit: VideoLimit): void {
    if (limit === 'none') this.videoLimits.delete(peerId)
    else this.videoLimits.set(peerId, limit)
    this.tellVideoLimit()
  }

  private tellVideoLimit(): void {
    const limits = new Set(this.videoLimits.values())
    const limit: VideoLimit = limits.has('cpu') ? 'cpu' : limits.has('bandwidth') ? 'bandwidth' : 'none'
    if (limit === this.toldVideoLimit || this.ended) return
    this.toldVideoLimit = limit
    this.events.emit('outgoingVideoReduced', limit)
  }

  private tellQuality(): void {
    if (this.quality.size === 0 || this.ended) return
    const worst = Math.min(...this.quality.values())
    if (worst === this.toldQuality) return
    this.toldQuality = worst
    this.events.emit('networkQuality', worst)
  }

  linkInTrouble(link: PeerLink, message: string): void {
    if (link.closed) return
    link.troubled = true
    this.tellState(link)
    this.tellTrouble(message)
  }

  linkRecovered(link: PeerLink): void {
    if (link.closed || !link.troubled) return
    link.troubled = false
    this.tellState(link)
    this.tellTrouble()
  }

  /** The banner is the room's when every pair is recovering; one pair alone is its participant's. */
  private tellTrouble(message = 'The connection is unstable'): void {
    const links = [...this.links.values()]
    const troubled = roomInTrouble(links.filter((link) => link.troubled).length, links.length)
    if (troubled === this.troubled || this.ended) return
    this.troubled = troubled
    if (troubled) this.events.emit('reconnecting', { message })
    else this.events.emit('reconnected')
  }

  /** A pair's ICE restart did not bring it back: it is given up; the last one ends the call. */
  linkFailed(peerId: string): void {
    if (!this.links.has(peerId)) return
    if (this.links.size === 1) return this.finish({ reason: 'failed', message: t('callErrors.connectionLost') })
    this.unlinked.add(peerId)
    this.dropPeer(peerId)
  }

  /** The pair with `peerId`, made when it is new and the mesh has room; undefined when it stays unconnected. */
  private connectPeer(peerId: string): PeerLink | undefined {
    const existing = this.links.get(peerId)
    if (existing || this.ended) return existing
    if (this.unlinked.has(peerId)) return undefined
    if (this.links.size + 2 > this.meshLimit) {
      // The server admitted more people than the mesh carries: that one joins without us
      // (its own engine refuses the room as full when it sees everyone already here).
      console.warn(`call: the mesh is full (${this.meshLimit} people); a member is not connected`)
      this.unlinked.add(peerId)
      return undefined
    }
    const link = new PeerLink(peerId, this, peerConnectionConfig(this.engineOptions, this.options))
    this.links.set(peerId, link)
    link.start()
    this.events.emit('participantConnected', peerId)
    this.tellMedia(link)
    this.tellVideoWanted(link)
    this.tellTrouble()
    return link
  }

  private dropPeer(peerId: string): void {
    const link = this.links.get(peerId)
    if (!link) return
    this.links.delete(peerId)
    this.quality.delete(peerId)
    this.videoLimits.delete(peerId)
    link.close()
    for (const track of link.remoteTracks) {
      track.stop()
      this.events.emit('trackUnsubscribed', track, peerId)
    }
    this.events.emit('participantDisconnected', peerId)
    if (this.links.size === 0) return this.finish({ reason: 'completed', message: t('callErrors.callEnded') })
    this.sampleSpeakers()
    this.tellQuality()
    this.tellVideoLimit()
    this.tellTrouble()
  }

  private sampleSpeakers(): void {
    if (this.ended) return
    const levels = new Map([...this.links.values()].map((link) => [link.peerId, link.audioLevel()] as const))
    const speaker = this.speakers.sample(levels)
    if (speaker !== undefined) this.events.emit('dominantSpeaker', speaker)
  }

  private finish(ended: RoomEnded): void {
    if (this.ended) return
    this.ended = true
    clearInterval(this.speakerTimer)
    this.cpuPressure.stop()
    for (const off of this.unsubscribe) off()
    for (const [peerId, link] of this.links) {
      link.close()
      this.links.delete(peerId)
    }
    this.channel.leave()
    this.events.emit('disconnected', ended)
    this.events.clear()
  }
}

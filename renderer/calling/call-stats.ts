// The call's live figures for the Call quality panel, engine-neutral. An engine reads its
// media counters into a StatsSnapshot (p2p and Janus from an RTCStatsReport with
// snapshotFromReport, Twilio from room.getStats()); two successive snapshots become
// CallStats (rates need a time between two counts), and qualityCause says in one word why
// the call got worse. Pure: no timers, no peer connections.

/** How the media travels: straight between the two machines, or through a TURN relay. */
export type MediaRoute = 'direct' | 'relayed'

export interface VideoFigures {
  width: number
  height: number
  /** Frames per second; null when the engine does not say. */
  framesPerSecond: number | null
}

/** Counters and instantaneous figures at one moment, as an engine reads them. */
export interface StatsSnapshot {
  /** Milliseconds (the stats' own clock): the time between two snapshots. */
  timestamp: number
  bytesSent: number
  bytesReceived: number
  packetsReceived: number
  packetsLost: number
  /** Seconds, the selected candidate pair's (or the engine's) last measure; null before one. */
  roundTripTime: number | null
  /** 0–1: what the other side reports losing of our packets (RTCP); null when it does not say. */
  remoteLossFraction: number | null
  sentVideo: VideoFigures | null
  receivedVideo: VideoFigures | null
  /** "VP8", "opus"…: the MIME subtype of the codec sent (video first, else audio). */
  videoCodec: string | null
  audioCodec: string | null
  route: MediaRoute | null
  /** What the browser says holds our outgoing video back ('none', 'cpu', 'bandwidth', 'other'). */
  qualityLimitationReason: string | null
}

/** A snapshot with no traffic counted and nothing known yet: what each engine's reading starts from. */
export function emptySnapshot(timestamp: number): StatsSnapshot {
  return {
    timestamp,
    bytesSent: 0,
    bytesReceived: 0,
    packetsReceived: 0,
    packetsLost: 0,
    roundTripTime: null,
    remoteLossFraction: null,
    sentVideo: null,
    receivedVideo: null,
    videoCodec: null,
    audioCodec: null,
    route: null,
    qualityLimitationReason: null
  }
}

/** Why quality dropped, as far as the figures tell: our network, our CPU, or the other side. */
export type QualityCause = 'network' | 'cpu' | 'remote'

export interface CallStats {
  /** Bits per second since the previous snapshot; null for the first one. */
  sendBitrate: number | null
  receiveBitrate: number | null
  /** 0–1: packets we did not receive since the previous snapshot; null with no traffic. */
  packetLoss: number | null
  remoteLossFraction: number | null
  roundTripTime: number | null
  sentVideo: VideoFigures | null
  receivedVideo: VideoFigures | null
  videoCodec: string | null
  audioCodec: string | null
  route: MediaRoute | null
  qualityLimitationReason: string | null
  /** Null when nothing in the figures looks wrong. */
  cause: QualityCause | null
}

/** An RTCStatsReport or a Map of its entries: all that is read of it is forEach. */
export interface StatsReportLike {
  forEach(callback: (value: unknown) => void): void
}

type Entry = Record<string, unknown> & { type?: unknown; id?: unknown }

const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null)
const str = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null)

/** "video/VP8" → "VP8". */
function codecName(mimeType: unknown): string | null {
  const mime = str(mimeType)
  return mime ? (mime.split('/')[1] ?? mime) : null
}

function videoOf(entry: Entry): VideoFigures | null {
  const width = num(entry.frameWidth)
  const height = num(entry.frameHeight)
  if (width === null || height === null || width <= 0 || height <= 0) return null
  return { width, height, framesPerSecond: num(entry.framesPerSecond) }
}

/** The route of a candidate pair: relayed when either end is a TURN relay candidate. */
export function routeOf(localType: unknown, remoteType: unknown): MediaRoute | null {
  if (typeof localType !== 'string' || typeof remoteType !== 'string') return null
  return localType === 'relay' || remoteType === 'relay' ? 'relayed' : 'direct'
}

/**
 * One snapshot from a WebRTC stats report: outbound and inbound RTP streams, the selected
 * candidate pair (the transport's selectedCandidatePairId, else the nominated succeeded
 * one) with its candidates' types, remote-inbound reports and codecs.
 */
export function snapshotFromReport(report: StatsReportLike, fallbackTimestamp = Date.now()): StatsSnapshot {
  const byId = new Map<string, Entry>()
  const entries: Entry[] = []
  report.forEach((value) => {
    if (typeof value !== 'object' || value === null) return
    const entry = value as Entry
    entries.push(entry)
    if (typeof entry.id === 'string') byId.set(entry.id, entry)
  })
  const snapshot = emptySnapshot(fallbackTimestamp)
  let latest = -Infinity
  let pair: Entry | undefined
  for (const entry of entries) {
    const timestamp = num(entry.timestamp)
    if (timestamp !== null && timestamp > latest) latest = timestamp
    const kind = entry.kind ?? entry.mediaType
    const codec = typeof entry.codecId === 'string' ? codecName(byId.get(entry.codecId)?.mimeType) : null
    switch (entry.type) {
      case 'outbound-rtp':
        snapshot.bytesSent += num(entry.bytesSent) ?? 0
        if (kind === 'video') {
          // Simulcast sends several layers: the largest one is what the other side can see.
          const video = videoOf(entry)
          if (video && (!snapshot.sentVideo || video.height > snapshot.sentVideo.height)) snapshot.sentVideo = video
          snapshot.videoCodec ??= codec
          snapshot.qualityLimitationReason ??= str(entry.qualityLimitationReason)
        } else if (kind === 'audio') snapshot.audioCodec ??= codec
        break
      case 'inbound-rtp':
        snapshot.bytesReceived += num(entry.bytesReceived) ?? 0
        snapshot.packetsReceived += num(entry.packetsReceived) ?? 0
        snapshot.packetsLost += Math.max(0, num(entry.packetsLost) ?? 0)
        if (kind === 'video') {
          const video = videoOf(entry)
          if (video && (!snapshot.receivedVideo || video.height > snapshot.receivedVideo.height)) snapshot.receivedVideo = video
        }
        break
      case 'remote-inbound-rtp': {
        const fraction = num(entry.fractionLost)
        if (fraction !== null) snapshot.remoteLossFraction = Math.max(snapshot.remoteLossFraction ?? 0, fraction)
        break
      }
      case 'transport':
        if (typeof entry.selectedCandidatePairId === 'string') pair = byId.get(entry.selectedCandidatePairId) ?? pair
        break
    }
  }
  pair ??= entries.find((entry) => entry.type === 'candidate-pair' && entry.nominated === true && entry.state === 'succeeded')
  if (pair) {
    snapshot.roundTripTime = num(pair.currentRoundTripTime)
    const local = typeof pair.localCandidateId === 'string' ? byId.get(pair.localCandidateId) : undefined
    const remote = typeof pair.remoteCandidateId === 'string' ? byId.get(pair.remoteCandidateId) : undefined
    snapshot.route = routeOf(local?.candidateType, remote?.candidateType)
  }
  if (latest > -Infinity) snapshot.timestamp = latest
  return snapshot
}

/**
 * Several peer connections (a mesh) as one: traffic adds up, loss and round trip are the
 * worst pair's, and what only one can say (video, codec, route) is the first pair's.
 */
export function mergeSnapshots(snapshots: readonly StatsSnapshot[]): StatsSnapshot | null {
  const [first, ...rest] = snapshots
  if (!first) return null
  const merged = { ...first }
  for (const other of rest) {
    merged.bytesSent += other.bytesSent
    merged.bytesReceived += other.bytesReceived
    merged.packetsReceived += other.packetsReceived
    merged.packetsLost += other.packetsLost
    merged.timestamp = Math.max(merged.timestamp, other.timestamp)
    if (other.roundTripTime !== null) merged.roundTripTime = Math.max(merged.roundTripTime ?? 0, other.roundTripTime)
    if (other.remoteLossFraction !== null) merged.remoteLossFraction = Math.max(merged.remoteLossFraction ?? 0, other.remoteLossFraction)
    merged.qualityLimitationReason = worseLimitation(merged.qualityLimitationReason, other.qualityLimitationReason)
  }
  return merged
}

function worseLimitation(a: string | null, b: string | null): string | null {
  if (a === null || a === 'none') return b ?? a
  return a
}

/** Above these the network is the likely cause: 5 % loss, 400 ms round trip (Twilio's "fair" edge). */
const BAD_LOSS = 0.05
const BAD_RTT_SECONDS = 0.4
/** Received video below this height, or this frame rate, with our side healthy: the other side sends little. */
const SMALL_VIDEO_HEIGHT = 240
const LOW_FRAME_RATE = 10

/** The figures between two snapshots (previous null: the first reading, without rates). */
export function callStats(previous: StatsSnapshot | null, current: StatsSnapshot): CallStats {
  const seconds = previous ? (current.timestamp - previous.timestamp) / 1000 : 0
  const rate = (now: number, before: number | undefined) => (previous && seconds > 0 && before !== undefined && now >= before ? ((now - before) * 8) / seconds : null)
  const received = current.packetsReceived - (previous?.packetsReceived ?? 0)
  const lost = Math.max(0, current.packetsLost - (previous?.packetsLost ?? 0))
  const packetLoss = received < 0 || received + lost <= 0 ? null : lost / (received + lost)
  const figures: Omit<CallStats, 'cause'> = {
    sendBitrate: rate(current.bytesSent, previous?.bytesSent),
    receiveBitrate: rate(current.bytesReceived, previous?.bytesReceived),
    packetLoss,
    remoteLossFraction: current.remoteLossFraction,
    roundTripTime: current.roundTripTime,
    sentVideo: current.sentVideo,
    receivedVideo: current.receivedVideo,
    videoCodec: current.videoCodec,
    audioCodec: current.audioCodec,
    route: current.route,
    qualityLimitationReason: current.qualityLimitationReason
  }
  return { ...figures, cause: qualityCause(figures) }
}

/**
 * Why the call looks worse, in the order a person can act on it: our CPU (the browser says
 * the encoder is held back by it), the network (loss either way, a long round trip, or the
 * encoder held back by bandwidth), else the other side sending small or few pictures.
 */
export function qualityCause(stats: Omit<CallStats, 'cause'>): QualityCause | null {
  if (stats.qualityLimitationReason === 'cpu') return 'cpu'
  const lossy = (stats.packetLoss ?? 0) > BAD_LOSS || (stats.remoteLossFraction ?? 0) > BAD_LOSS
  if (lossy || (stats.roundTripTime ?? 0) > BAD_RTT_SECONDS || stats.qualityLimitationReason === 'bandwidth') return 'network'
  const video = stats.receivedVideo
  if (video && (video.height < SMALL_VIDEO_HEIGHT || (video.framesPerSecond !== null && video.framesPerSecond < LOW_FRAME_RATE))) return 'remote'
  return null
}

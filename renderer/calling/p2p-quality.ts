// Network quality for p2p calls on twilio-video's 0–5 scale, so the in-call indicator
// means the same with either engine. Derived from the peer connection's own stats: the
// selected candidate pair's round-trip time and the inbound packet loss since last time.

export interface QualitySample {
  /** Seconds, from the nominated candidate pair; null when not measured yet. */
  roundTripTime: number | null
  packetsReceived: number
  packetsLost: number
  /** Our outgoing video's qualityLimitationReason ('none', 'bandwidth', 'cpu', 'other'); null while no video is sent. */
  videoLimitation: string | null
}

/** Thresholds roughly follow Twilio's: (max RTT seconds, max loss fraction) per level. */
const LEVELS: Array<[level: number, rtt: number, loss: number]> = [
  [5, 0.15, 0.01],
  [4, 0.25, 0.03],
  [3, 0.4, 0.06],
  [2, 0.7, 0.12]
]

export function qualityLevel(previous: QualitySample | null, current: QualitySample): number {
  const received = current.packetsReceived - (previous?.packetsReceived ?? 0)
  const lost = Math.max(0, current.packetsLost - (previous?.packetsLost ?? 0))
  if (received <= 0 && lost <= 0) return 0
  const loss = lost / Math.max(1, received + lost)
  const rtt = current.roundTripTime ?? 0
  for (const [level, maxRtt, maxLoss] of LEVELS) if (rtt <= maxRtt && loss <= maxLoss) return level
  return 1
}

/** Reads one sample from an RTCPeerConnection's stats report. */
export async function sampleQuality(pc: RTCPeerConnection): Promise<QualitySample> {
  const report = await pc.getStats()
  const sample: QualitySample = { roundTripTime: null, packetsReceived: 0, packetsLost: 0, videoLimitation: null }
  report.forEach((entry: { type?: string; kind?: string; nominated?: boolean; state?: string; currentRoundTripTime?: number; packetsReceived?: number; packetsLost?: number; qualityLimitationReason?: string }) => {
    if (entry.type === 'outbound-rtp' && entry.kind === 'video' && typeof entry.qualityLimitationReason === 'string') {
      sample.videoLimitation = entry.qualityLimitationReason
    }
    if (entry.type === 'candidate-pair' && entry.nominated && entry.state === 'succeeded' && typeof entry.currentRoundTripTime === 'number') {
      sample.roundTripTime = entry.currentRoundTripTime
    }
    if (entry.type === 'inbound-rtp') {
      sample.packetsReceived += entry.packetsReceived ?? 0
      sample.packetsLost += entry.packetsLost ?? 0
    }
  })
  return sample
}

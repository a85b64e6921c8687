import { describe, expect, it } from 'vitest'
import { callStats, mergeSnapshots, qualityCause, routeOf, snapshotFromReport, type CallStats } from '../../../../renderer/calling/call-stats'

// Entries shaped as Chromium's RTCPeerConnection.getStats() reports them (trimmed to the
// fields a report carries for a 1:1 call with audio and video each way).
function chromiumReport(at: number, change: { sent?: number; received?: number; packetsReceived?: number; packetsLost?: number; relay?: boolean; limitation?: string; rtt?: number; receivedHeight?: number; receivedFps?: number; fractionLost?: number } = {}) {
  const entries = [
    { id: 'COT01_111_minptime=10;useinbandfec=1', type: 'codec', timestamp: at, mimeType: 'audio/opus', clockRate: 48000, payloadType: 111 },
    { id: 'COT01_96', type: 'codec', timestamp: at, mimeType: 'video/VP8', clockRate: 90000, payloadType: 96 },
    { id: 'OT01A1', type: 'outbound-rtp', timestamp: at, kind: 'audio', ssrc: 1, codecId: 'COT01_111_minptime=10;useinbandfec=1', bytesSent: (change.sent ?? 0) * 0.1, packetsSent: 500 },
    {
      id: 'OT01V2',
      type: 'outbound-rtp',
      timestamp: at,
      kind: 'video',
      ssrc: 2,
      codecId: 'COT01_96',
      bytesSent: (change.sent ?? 0) * 0.9,
      packetsSent: 900,
      frameWidth: 1280,
      frameHeight: 720,
      framesPerSecond: 30,
      qualityLimitationReason: change.limitation ?? 'none'
    },
    { id: 'RIA1', type: 'remote-inbound-rtp', timestamp: at, kind: 'audio', ssrc: 1, fractionLost: change.fractionLost ?? 0, roundTripTime: 0.012 },
    { id: 'IT01A3', type: 'inbound-rtp', timestamp: at, kind: 'audio', ssrc: 3, codecId: 'COT01_111_minptime=10;useinbandfec=1', bytesReceived: (change.received ?? 0) * 0.1, packetsReceived: (change.packetsReceived ?? 0) / 2, packetsLost: (change.packetsLost ?? 0) / 2 },
    {
      id: 'IT01V4',
      type: 'inbound-rtp',
      timestamp: at,
      kind: 'video',
      ssrc: 4,
      codecId: 'COT01_96',
      bytesReceived: (change.received ?? 0) * 0.9,
      packetsReceived: (change.packetsReceived ?? 0) / 2,
      packetsLost: (change.packetsLost ?? 0) / 2,
      frameWidth: change.receivedHeight ? Math.round((change.receivedHeight * 16) / 9) : 640,
      frameHeight: change.receivedHeight ?? 360,
      framesPerSecond: change.receivedFps ?? 24
    },
    { id: 'T01', type: 'transport', timestamp: at, selectedCandidatePairId: 'CPabc_def', dtlsState: 'connected' },
    // A pair that is not the selected one, with a worse round trip: never read.
    { id: 'CPxyz_uvw', type: 'candidate-pair', timestamp: at, localCandidateId: 'Ixyz', remoteCandidateId: 'Iuvw', state: 'succeeded', nominated: false, currentRoundTripTime: 0.9 },
    { id: 'CPabc_def', type: 'candidate-pair', timestamp: at, localCandidateId: 'Iabc', remoteCandidateId: 'Idef', state: 'succeeded', nominated: true, currentRoundTripTime: change.rtt ?? 0.004 },
    { id: 'Iabc', type: 'local-candidate', timestamp: at, candidateType: change.relay ? 'relay' : 'host', protocol: 'udp' },
    { id: 'Idef', type: 'remote-candidate', timestamp: at, candidateType: 'srflx', protocol: 'udp' },
    { id: 'Ixyz', type: 'local-candidate', timestamp: at, candidateType: 'relay', protocol: 'udp' },
    { id: 'Iuvw', type: 'remote-candidate', timestamp: at, candidateType: 'relay', protocol: 'udp' }
  ]
  return new Map(entries.map((entry) => [entry.id, entry]))
}

describe('call stats from a WebRTC stats report', () => {
  it('turns two samples a second apart into bitrates, loss, round trip, video, codecs and the route', () => {
    const before = snapshotFromReport(chromiumReport(1_000_000, { sent: 100_000, received: 50_000, packetsReceived: 1_000, packetsLost: 0 }))
    const after = snapshotFromReport(chromiumReport(1_001_000, { sent: 250_000, received: 125_000, packetsReceived: 1_190, packetsLost: 10 }))
    const stats = callStats(before, after)
    expect(stats).toEqual<CallStats>({
      sendBitrate: 1_200_000,
      receiveBitrate: 600_000,
      packetLoss: 10 / 200,
      remoteLossFraction: 0,
      roundTripTime: 0.004,
      sentVideo: { width: 1280, height: 720, framesPerSecond: 30 },
      receivedVideo: { width: 640, height: 360, framesPerSecond: 24 },
      videoCodec: 'VP8',
      audioCodec: 'opus',
      route: 'direct',
      qualityLimitationReason: 'none',
      cause: null
    })
  })

  it('has no rates for the first sample, and says relayed when either end of the selected pair is a TURN relay', () => {
    const stats = callStats(null, snapshotFromReport(chromiumReport(5_000, { sent: 1_000, relay: true })))
    expect(stats.sendBitrate).toBeNull()
    expect(stats.receiveBitrate).toBeNull()
    expect(stats.route).toBe('relayed')
    expect(routeOf('host', 'relay')).toBe('relayed')
    expect(routeOf('srflx', 'prflx')).toBe('direct')
    expect(routeOf(undefined, 'host')).toBeNull()
  })

  it('falls back to the nominated succeeded pair when the report has no transport entry', () => {
    const report = chromiumReport(1)
    report.delete('T01')
    expect(snapshotFromReport(report).roundTripTime).toBe(0.004)
  })

  it('an empty report (not connected yet) reads as no figures, not zeros that look measured', () => {
    const stats = callStats(null, snapshotFromReport(new Map(), 42))
    expect(stats).toMatchObject({ packetLoss: null, roundTripTime: null, sentVideo: null, receivedVideo: null, route: null, videoCodec: null, cause: null })
  })
})

describe('why quality dropped', () => {
  const pair = (change: Parameters<typeof chromiumReport>[1]) =>
    callStats(snapshotFromReport(chromiumReport(0, { packetsReceived: 1_000, receivedHeight: 720, receivedFps: 30 })), snapshotFromReport(chromiumReport(1_000, { packetsReceived: 2_000, receivedHeight: 720, receivedFps: 30, ...change })))

  it('the network: loss, a long round trip, the other side losing ours, or the encoder held back by bandwidth', () => {
    expect(pair({}).cause).toBeNull()
    expect(pair({ packetsLost: 120 }).cause).toBe('network')
    expect(pair({ rtt: 0.6 }).cause).toBe('network')
    expect(pair({ fractionLost: 0.2 }).cause).toBe('network')
    expect(pair({ limitation: 'bandwidth' }).cause).toBe('network')
  })

  it('this computer: the encoder held back by the CPU, even with a lossy network', () => {
    expect(pair({ limitation: 'cpu', packetsLost: 300 }).cause).toBe('cpu')
  })

  it('the other side: small or jerky video arriving over a healthy link', () => {
    expect(pair({ receivedHeight: 180 }).cause).toBe('remote')
    expect(pair({ receivedFps: 5 }).cause).toBe('remote')
    // A poor network explains small video better than the other side does.
    expect(pair({ receivedHeight: 180, rtt: 0.8 }).cause).toBe('network')
  })

  it('qualityCause alone reads figures from any engine', () => {
    const base = callStats(null, snapshotFromReport(new Map(), 0))
    expect(qualityCause({ ...base, roundTripTime: 0.5 })).toBe('network')
  })
})

describe('a mesh of several pairs', () => {
  it('adds up traffic and takes the worst loss and round trip', () => {
    const a = snapshotFromReport(chromiumReport(1_000, { sent: 1_000, received: 2_000, rtt: 0.01 }))
    const b = { ...snapshotFromReport(chromiumReport(1_000, { sent: 3_000, received: 4_000, rtt: 0.3, relay: true })), remoteLossFraction: 0.1 }
    const merged = mergeSnapshots([a, b])
    expect(merged).toMatchObject({ bytesSent: 4_000, bytesReceived: 6_000, roundTripTime: 0.3, remoteLossFraction: 0.1, route: 'direct' })
    expect(mergeSnapshots([])).toBeNull()
  })
})

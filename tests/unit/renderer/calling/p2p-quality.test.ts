import { describe, expect, it } from 'vitest'
import { qualityLevel, sampleQuality } from '../../../../renderer/calling/p2p-quality'

const sample = (roundTripTime: number | null, packetsReceived: number, packetsLost: number) => ({ roundTripTime, packetsReceived, packetsLost, videoLimitation: null })

describe('p2p network quality', () => {
  it('is excellent on a fast, clean link', () => {
    expect(qualityLevel(null, sample(0.002, 500, 0))).toBe(5)
  })

  it('uses the loss since the previous sample, not since the call began', () => {
    const before = sample(0.05, 1_000, 200)
    expect(qualityLevel(before, sample(0.05, 2_000, 200))).toBe(5)
    expect(qualityLevel(before, sample(0.05, 2_000, 250))).toBe(3)
  })

  it('steps down with round-trip time and loss, to 1 for anything worse', () => {
    expect(qualityLevel(null, sample(0.2, 1_000, 0))).toBe(4)
    expect(qualityLevel(null, sample(0.6, 1_000, 0))).toBe(2)
    expect(qualityLevel(null, sample(1.5, 1_000, 0))).toBe(1)
    expect(qualityLevel(null, sample(0.01, 800, 200))).toBe(1)
  })

  it('is 0 when nothing arrived at all', () => {
    const previous = sample(0.01, 1_000, 0)
    expect(qualityLevel(previous, sample(0.01, 1_000, 0))).toBe(0)
  })

  it("reads the nominated pair's round trip, the inbound packets and our outgoing video's limitation from one stats report", async () => {
    const report = new Map<string, object>([
      ['pair-old', { type: 'candidate-pair', nominated: false, state: 'succeeded', currentRoundTripTime: 0.9 }],
      ['pair', { type: 'candidate-pair', nominated: true, state: 'succeeded', currentRoundTripTime: 0.04 }],
      ['in-audio', { type: 'inbound-rtp', kind: 'audio', packetsReceived: 100, packetsLost: 2 }],
      ['in-video', { type: 'inbound-rtp', kind: 'video', packetsReceived: 300, packetsLost: 3 }],
      ['out-audio', { type: 'outbound-rtp', kind: 'audio' }],
      ['out-video', { type: 'outbound-rtp', kind: 'video', qualityLimitationReason: 'bandwidth' }]
    ])
    const pc = { getStats: () => Promise.resolve(report) } as unknown as RTCPeerConnection
    expect(await sampleQuality(pc)).toEqual({ roundTripTime: 0.04, packetsReceived: 400, packetsLost: 5, videoLimitation: 'bandwidth' })
  })
})

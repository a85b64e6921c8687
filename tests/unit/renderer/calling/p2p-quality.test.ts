import { describe, expect, it } from 'vitest'
import { qualityLevel } from '../../../../renderer/calling/p2p-quality'

const sample = (roundTripTime: number | null, packetsReceived: number, packetsLost: number) => ({ roundTripTime, packetsReceived, packetsLost })

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
})

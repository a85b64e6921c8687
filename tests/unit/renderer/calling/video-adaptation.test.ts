import { describe, expect, it } from 'vitest'
import { limitOf, VIDEO_LADDER, VideoAdaptation, type AdaptationDecision, type VideoSample } from '../../../../renderer/calling/video-adaptation'
import { watchCpuPressure } from '../../../../renderer/calling/cpu-pressure'

const easy: VideoSample = { qualityLimitationReason: 'none', cpuPressure: null }
const bandwidth: VideoSample = { qualityLimitationReason: 'bandwidth', cpuPressure: null }
const cpu: VideoSample = { qualityLimitationReason: 'cpu', cpuPressure: null }

function feed(adaptation: VideoAdaptation, samples: VideoSample[], effectsActive = false): AdaptationDecision[] {
  return samples.map((sample) => adaptation.next(sample, effectsActive))
}

const times = (sample: VideoSample, count: number): VideoSample[] => Array.from({ length: count }, () => sample)

describe('p2p video adaptation', () => {
  it('keeps the camera as it is while nothing limits it', () => {
    const adaptation = new VideoAdaptation({ rampUpSamples: 0 })
    expect(feed(adaptation, times(easy, 20)).every((decision) => decision.kind === 'keep')).toBe(true)
    expect(adaptation.index).toBe(0)
    expect(adaptation.limit).toBe('none')
  })

  it('does not react to one strained sample, and steps down one rung after two in a row', () => {
    const adaptation = new VideoAdaptation({ rampUpSamples: 0 })
    expect(feed(adaptation, [bandwidth, easy, bandwidth]).map((decision) => decision.kind)).toEqual(['keep', 'keep', 'keep'])
    expect(adaptation.next(bandwidth)).toEqual({ kind: 'step', step: VIDEO_LADDER[1], index: 1, limit: 'bandwidth' })
    expect(adaptation.limit).toBe('bandwidth')
  })

  it('lowers both the size and the frame rate down the ladder, and stops at its last rung', () => {
    const adaptation = new VideoAdaptation({ rampUpSamples: 0 })
    const steps = feed(adaptation, times(bandwidth, 20)).filter((decision) => decision.kind === 'step')
    expect(steps.map((decision) => decision.kind === 'step' && decision.index)).toEqual([1, 2, 3, 4])
    const last = VIDEO_LADDER[VIDEO_LADDER.length - 1]!
    expect(last.scaleResolutionDownBy).toBeGreaterThan(VIDEO_LADDER[0]!.scaleResolutionDownBy)
    expect(last.maxFramerate).toBeLessThan(VIDEO_LADDER[0]!.maxFramerate)
    expect(adaptation.index).toBe(VIDEO_LADDER.length - 1)
  })

  it('steps back up one rung after five easy samples', () => {
    const adaptation = new VideoAdaptation({ rampUpSamples: 0 })
    feed(adaptation, times(bandwidth, 4))
    expect(adaptation.index).toBe(2)
    expect(feed(adaptation, times(easy, 4)).every((decision) => decision.kind === 'keep')).toBe(true)
    expect(adaptation.next(easy)).toMatchObject({ kind: 'step', index: 1 })
    feed(adaptation, times(easy, 5))
    expect(adaptation.index).toBe(0)
    expect(adaptation.limit).toBe('none')
  })

  it('waits twice as long before the next try when a step up had to be taken back at once', () => {
    const adaptation = new VideoAdaptation({ rampUpSamples: 0 })
    feed(adaptation, times(bandwidth, 2))
    feed(adaptation, times(easy, 5))
    expect(adaptation.index).toBe(0)
    // Strained again right after the step up: down again, and now ten easy samples are needed.
    feed(adaptation, times(bandwidth, 2))
    expect(adaptation.index).toBe(1)
    feed(adaptation, times(easy, 9))
    expect(adaptation.index).toBe(1)
    adaptation.next(easy)
    expect(adaptation.index).toBe(0)
  })

  it('takes no bandwidth limit for a reason while the bandwidth estimate ramps up at the start, but a short CPU at once', () => {
    const rampingUp = new VideoAdaptation()
    expect(feed(rampingUp, times(bandwidth, 5)).every((decision) => decision.kind === 'keep')).toBe(true)
    expect(feed(rampingUp, times(bandwidth, 2)).at(-1)).toMatchObject({ kind: 'step', index: 1, limit: 'bandwidth' })
    const busy = new VideoAdaptation()
    expect(feed(busy, times(cpu, 2)).at(-1)).toMatchObject({ kind: 'step', index: 1, limit: 'cpu' })
  })

  it('turns the effects off before making the picture smaller when the CPU is short', () => {
    const adaptation = new VideoAdaptation({ rampUpSamples: 0 })
    expect(feed(adaptation, times(cpu, 2), true).at(-1)).toEqual({ kind: 'shed-effects' })
    expect(adaptation.index).toBe(0)
    // With the effects off and the CPU still short, the picture steps down.
    expect(feed(adaptation, times(cpu, 2), false).at(-1)).toMatchObject({ kind: 'step', index: 1, limit: 'cpu' })
  })

  it('a network limit is not helped by turning the effects off: it steps down even with them on', () => {
    const adaptation = new VideoAdaptation({ rampUpSamples: 0 })
    expect(feed(adaptation, times(bandwidth, 2), true).at(-1)).toMatchObject({ kind: 'step', limit: 'bandwidth' })
  })

  it('reads the CPU as short from critical Compute Pressure before the encoder says so, not from a merely busy machine', () => {
    expect(limitOf({ qualityLimitationReason: 'none', cpuPressure: 'serious' })).toBe('none')
    expect(limitOf({ qualityLimitationReason: 'none', cpuPressure: 'critical' })).toBe('cpu')
    expect(limitOf({ qualityLimitationReason: 'none', cpuPressure: 'fair' })).toBe('none')
    expect(limitOf({ qualityLimitationReason: 'bandwidth', cpuPressure: 'nominal' })).toBe('bandwidth')
    expect(limitOf({ qualityLimitationReason: 'other', cpuPressure: null })).toBe('none')
    expect(limitOf({ qualityLimitationReason: null, cpuPressure: null })).toBe('none')
  })
})

describe('CPU pressure watch', () => {
  class FakeObserver {
    static last: FakeObserver | undefined
    disconnected = false
    constructor(readonly callback: (records: Array<{ state: string }>) => void) {
      FakeObserver.last = this
    }
    observe(): Promise<void> {
      return Promise.resolve()
    }
    disconnect(): void {
      this.disconnected = true
    }
  }

  it('is null where the runtime has no PressureObserver', () => {
    expect(watchCpuPressure({}).current()).toBeNull()
  })

  it('follows the latest record, ignores states it does not know, and disconnects on stop', () => {
    const watch = watchCpuPressure({ PressureObserver: FakeObserver })
    expect(watch.current()).toBeNull()
    FakeObserver.last!.callback([{ state: 'fair' }, { state: 'serious' }])
    expect(watch.current()).toBe('serious')
    FakeObserver.last!.callback([{ state: 'melting' }])
    expect(watch.current()).toBe('serious')
    watch.stop()
    expect(FakeObserver.last!.disconnected).toBe(true)
  })
})

// The ringtone against a recording stand-in for WebAudio: its cadence, and that stopping it
// releases everything (a ring that keeps sounding after Accept is the bug this guards).
import { afterEach, describe, expect, it, vi } from 'vitest'
import { startRingtone } from '../../../../renderer/ui/ring/ringtone'

interface GainEvent {
  kind: 'set' | 'ramp'
  value: number
  time: number
}

function fakeAudioContext() {
  const gainEvents: GainEvent[] = []
  const oscillators: { frequency: number; started: boolean; stopped: boolean }[] = []
  const context = {
    currentTime: 0,
    state: 'running' as string,
    destination: {},
    createGain: () => ({
      gain: {
        value: 1,
        setValueAtTime: (value: number, time: number) => gainEvents.push({ kind: 'set', value, time }),
        linearRampToValueAtTime: (value: number, time: number) => gainEvents.push({ kind: 'ramp', value, time })
      },
      connect: () => undefined
    }),
    createOscillator: () => {
      const record = { frequency: 0, started: false, stopped: false }
      oscillators.push(record)
      return {
        frequency: {
          set value(hz: number) {
            record.frequency = hz
          }
        },
        connect: () => undefined,
        start: () => {
          record.started = true
        },
        stop: () => {
          record.stopped = true
        }
      }
    },
    resume: async () => undefined,
    close: async () => {
      context.state = 'closed'
    }
  }
  return { context, gainEvents, oscillators }
}

afterEach(() => {
  vi.useRealTimers()
})

describe('ringtone', () => {
  it('plays 440 and 480 Hz together, 2 s on and 4 s off', () => {
    vi.useFakeTimers()
    const fake = fakeAudioContext()
    const tone = startRingtone(undefined, () => fake.context as unknown as AudioContext)
    expect(fake.oscillators.map((oscillator) => oscillator.frequency).sort()).toEqual([440, 480])
    expect(fake.oscillators.every((oscillator) => oscillator.started)).toBe(true)

    // Rising ramps mark each ring's start, falling ones its end.
    const starts = fake.gainEvents.filter((event) => event.kind === 'ramp' && event.value > 0).map((event) => event.time)
    const ends = fake.gainEvents.filter((event) => event.kind === 'ramp' && event.value === 0).map((event) => event.time)
    expect(starts.length).toBeGreaterThanOrEqual(5)
    for (let ring = 1; ring < starts.length; ring++) expect(starts[ring]! - starts[ring - 1]!).toBeCloseTo(6, 5)
    for (let ring = 0; ring < ends.length; ring++) expect(ends[ring]! - starts[ring]!).toBeCloseTo(2 - 0.05, 5)
    tone.stop()
  })

  it('keeps scheduling rings while it lasts, and stops everything when stopped', () => {
    vi.useFakeTimers()
    const fake = fakeAudioContext()
    const tone = startRingtone(undefined, () => fake.context as unknown as AudioContext)
    const scheduledAtStart = fake.gainEvents.length
    fake.context.currentTime = 120
    vi.advanceTimersByTime(120_000)
    expect(fake.gainEvents.length).toBeGreaterThan(scheduledAtStart)

    tone.stop()
    expect(fake.oscillators.every((oscillator) => oscillator.stopped)).toBe(true)
    expect(fake.context.state).toBe('closed')
    const scheduledAtStop = fake.gainEvents.length
    fake.context.currentTime = 240
    vi.advanceTimersByTime(120_000)
    expect(fake.gainEvents.length).toBe(scheduledAtStop)
    tone.stop() // a second stop is harmless
  })

  it('plays the chosen tone at the chosen volume: 40 % is the classic 0.12, 100 % 0.3, 0 % silence', () => {
    vi.useFakeTimers()
    const peakOf = (choice: Parameters<typeof startRingtone>[0]) => {
      const fake = fakeAudioContext()
      const tone = startRingtone(choice, () => fake.context as unknown as AudioContext)
      tone.stop()
      return { peak: Math.max(...fake.gainEvents.map((event) => event.value)), frequencies: fake.oscillators.map((o) => o.frequency), fake }
    }
    expect(peakOf({ tone: 'classic', volume: 40 }).peak).toBeCloseTo(0.12, 5)
    expect(peakOf({ tone: 'classic', volume: 100 }).peak).toBeCloseTo(0.3, 5)
    expect(peakOf({ tone: 'classic', volume: 0 }).peak).toBe(0)
    expect(peakOf({ tone: 'chime', volume: 40 }).frequencies).toEqual([659, 988])
    const pulse = peakOf({ tone: 'pulse', volume: 40 })
    expect(pulse.frequencies).toEqual([620])
    // Three short bursts per 2.5 s cycle.
    const starts = pulse.fake.gainEvents.filter((event) => event.kind === 'ramp' && event.value > 0).map((event) => event.time)
    expect(starts[3]! - starts[0]!).toBeCloseTo(2.5, 5)
    expect(starts[1]! - starts[0]!).toBeCloseTo(0.3, 5)
  })

  it('stays silent, without throwing, where there is no audio output', () => {
    const tone = startRingtone(undefined, () => {
      throw new Error('no audio device')
    })
    expect(() => tone.stop()).not.toThrow()
  })
})

// The ringtones, synthesized so there is no audio asset to ship or download. Each is a few
// tones played in bursts on a repeating cycle, faded in and out to avoid clicks; 'classic'
// is the two-tone ring (440 Hz + 480 Hz, 2 s on, 4 s off).
import type { RingtoneName } from '../../../common/ipc'

interface ToneShape {
  /** Played together during each burst. */
  frequenciesHz: number[]
  /** Offset in the cycle and length of each burst, seconds. */
  bursts: Array<{ at: number; length: number }>
  cycleSeconds: number
}

const TONES: Record<RingtoneName, ToneShape> = {
  classic: { frequenciesHz: [440, 480], bursts: [{ at: 0, length: 2 }], cycleSeconds: 6 },
  chime: { frequenciesHz: [659, 988], bursts: [{ at: 0, length: 0.35 }, { at: 0.5, length: 0.6 }], cycleSeconds: 3 },
  pulse: { frequenciesHz: [620], bursts: [{ at: 0, length: 0.15 }, { at: 0.3, length: 0.15 }, { at: 0.6, length: 0.15 }], cycleSeconds: 2.5 }
}

const FADE_SECONDS = 0.05
/** The gain at 100 %; the default 40 % gives the 0.12 the classic ring always had. */
const MAX_GAIN = 0.3
/** Cycles are scheduled ahead in batches so a busy main thread never makes the ring stutter. */
const AHEAD_SECONDS = 60

export interface RingtoneChoice {
  tone: RingtoneName
  /** Percent, 0–100. */
  volume: number
}

export const DEFAULT_RINGTONE: RingtoneChoice = { tone: 'classic', volume: 40 }

export interface Ringtone {
  stop(): void
}

export function startRingtone(choice: RingtoneChoice = DEFAULT_RINGTONE, createContext: () => AudioContext = () => new AudioContext()): Ringtone {
  const shape = TONES[choice.tone]
  const peak = MAX_GAIN * Math.min(100, Math.max(0, choice.volume)) / 100
  let context: AudioContext
  try {
    context = createContext()
  } catch {
    // No audio output (or no WebAudio): the ring stays visual.
    return { stop: () => undefined }
  }
  const output = context.createGain()
  output.gain.value = 0
  output.connect(context.destination)
  const oscillators = shape.frequenciesHz.map((frequency) => {
    const oscillator = context.createOscillator()
    oscillator.frequency.value = frequency
    oscillator.connect(output)
    oscillator.start()
    return oscillator
  })

  let scheduledUntil = 0
  const scheduleAhead = (): void => {
    const gain = output.gain
    const horizon = context.currentTime + AHEAD_SECONDS
    while (scheduledUntil < horizon) {
      const start = Math.max(scheduledUntil, context.currentTime + 0.05)
      for (const burst of shape.bursts) {
        const from = start + burst.at
        gain.setValueAtTime(0, from)
        gain.linearRampToValueAtTime(peak, from + FADE_SECONDS)
        gain.setValueAtTime(peak, from + burst.length - FADE_SECONDS)
        gain.linearRampToValueAtTime(0, from + burst.length)
      }
      scheduledUntil = start + shape.cycleSeconds
    }
  }
  scheduleAhead()
  const refill = setInterval(scheduleAhead, (AHEAD_SECONDS - 10) * 1000)
  // Autoplay rules may start the context suspended; the ring window is shown without a click.
  void context.resume().catch(() => undefined)

  let stopped = false
  return {
    stop() {
      if (stopped) return
      stopped = true
      clearInterval(refill)
      for (const oscillator of oscillators) oscillator.stop()
      void context.close().catch(() => undefined)
    }
  }
}

// The ringtone, synthesized so there is no audio asset to ship or download: the classic
// two-tone ring (440 Hz + 480 Hz), 2 s on, 4 s off, faded in and out to avoid clicks.
const TONES_HZ = [440, 480]
const ON_SECONDS = 2
const CYCLE_SECONDS = 6
const FADE_SECONDS = 0.05
const VOLUME = 0.12
/** Cycles are scheduled ahead in batches so a busy main thread never makes the ring stutter. */
const CYCLES_AHEAD = 10

export interface Ringtone {
  stop(): void
}

export function startRingtone(createContext: () => AudioContext = () => new AudioContext()): Ringtone {
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
  const oscillators = TONES_HZ.map((frequency) => {
    const oscillator = context.createOscillator()
    oscillator.frequency.value = frequency
    oscillator.connect(output)
    oscillator.start()
    return oscillator
  })

  let scheduledUntil = 0
  const scheduleAhead = (): void => {
    const gain = output.gain
    const horizon = context.currentTime + CYCLES_AHEAD * CYCLE_SECONDS
    while (scheduledUntil < horizon) {
      const start = Math.max(scheduledUntil, context.currentTime + 0.05)
      gain.setValueAtTime(0, start)
      gain.linearRampToValueAtTime(VOLUME, start + FADE_SECONDS)
      gain.setValueAtTime(VOLUME, start + ON_SECONDS - FADE_SECONDS)
      gain.linearRampToValueAtTime(0, start + ON_SECONDS)
      scheduledUntil = start + CYCLE_SECONDS
    }
  }
  scheduleAhead()
  const refill = setInterval(scheduleAhead, (CYCLES_AHEAD - 2) * CYCLE_SECONDS * 1000)
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

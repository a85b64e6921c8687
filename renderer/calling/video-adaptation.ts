// Stepping the p2p camera's resolution and frame rate down when the network or the CPU
// cannot keep up, and back up when they can again. Twilio does this itself (adaptive
// simulcast and its bandwidth profile); a p2p call has only the browser's encoder, which on
// a strained link drops frames and stutters before its own adaptation catches up. Pure: one
// decision per stats sample, so the timing and the hysteresis are unit-tested.

/** What limits our outgoing video, as the sender's stats and the CPU pressure say it. */
export type VideoLimit = 'bandwidth' | 'cpu' | 'none'

/** Compute Pressure's states (W3C), where the runtime has PressureObserver. */
export type CpuPressure = 'nominal' | 'fair' | 'serious' | 'critical'

export interface VideoSample {
  /** outbound-rtp's qualityLimitationReason for the video ('none', 'bandwidth', 'cpu', 'other'); null before video is sent. */
  qualityLimitationReason: string | null
  /** The latest Compute Pressure state for the CPU; null where it is not available. */
  cpuPressure: CpuPressure | null
}

export interface VideoStep {
  scaleResolutionDownBy: number
  maxFramerate: number
}

/** From the camera as it is down to a small, slow picture that still shows a face. */
export const VIDEO_LADDER: readonly VideoStep[] = [
  { scaleResolutionDownBy: 1, maxFramerate: 30 },
  { scaleResolutionDownBy: 1.5, maxFramerate: 30 },
  { scaleResolutionDownBy: 2, maxFramerate: 24 },
  { scaleResolutionDownBy: 3, maxFramerate: 15 },
  { scaleResolutionDownBy: 4, maxFramerate: 10 }
]

export interface AdaptationOptions {
  /** Strained samples in a row before stepping down: one bad sample is often a blip. */
  strainedToStepDown?: number
  /** Easy samples in a row before the first try at stepping up. */
  easyToStepUp?: number
  /** The longest wait for a step up, in samples, after tries that had to be taken back. */
  maxEasyToStepUp?: number
  /** A step down this many samples after a step up means the step up was too early. */
  earlyFailureWindow?: number
  /**
   * Samples at the start of a connection in which a bandwidth limit is not acted on: the
   * encoder reports 'bandwidth' while the bandwidth estimate ramps up from its low start,
   * which is no reason to send less (a short CPU is acted on at once).
   */
  rampUpSamples?: number
}

export type AdaptationDecision =
  /** Keep sending as now. */
  | { kind: 'keep' }
  /** Send at this step from now on. */
  | { kind: 'step'; step: VideoStep; index: number; limit: VideoLimit }
  /**
   * The CPU is short while video effects (background blur) run: turn them off first, before
   * the picture is made smaller; told once per strain.
   */
  | { kind: 'shed-effects' }

export class VideoAdaptation {
  #index = 0
  #strained = 0
  #easy = 0
  #easyNeeded: number
  #samplesSinceStepUp = Number.POSITIVE_INFINITY
  #limit: VideoLimit = 'none'
  #samples = 0
  readonly #rampUpSamples: number
  readonly #strainedToStepDown: number
  readonly #maxEasyToStepUp: number
  readonly #earlyFailureWindow: number

  constructor(options: AdaptationOptions = {}) {
    this.#strainedToStepDown = options.strainedToStepDown ?? 2
    this.#easyNeeded = options.easyToStepUp ?? 5
    this.#maxEasyToStepUp = options.maxEasyToStepUp ?? 30
    this.#earlyFailureWindow = options.earlyFailureWindow ?? 5
    this.#rampUpSamples = options.rampUpSamples ?? 5
  }

  /** The step sent now: 0 is the camera as it is. */
  get index(): number {
    return this.#index
  }

  /** Why the video is below full now ('none' at full). */
  get limit(): VideoLimit {
    return this.#index === 0 ? 'none' : this.#limit
  }

  /** One stats sample; `effectsActive`: the camera runs through effects that cost CPU. */
  next(sample: VideoSample, effectsActive = false): AdaptationDecision {
    this.#samplesSinceStepUp++
    this.#samples++
    const measured = limitOf(sample)
    const limit = measured === 'bandwidth' && this.#samples <= this.#rampUpSamples ? 'none' : measured
    if (limit === 'none') {
      this.#strained = 0
      this.#easy++
      if (this.#index === 0 || this.#easy < this.#easyNeeded) return { kind: 'keep' }
      this.#easy = 0
      this.#samplesSinceStepUp = 0
      return this.#stepTo(this.#index - 1, this.#limit)
    }
    this.#easy = 0
    this.#strained++
    if (this.#strained < this.#strainedToStepDown) return { kind: 'keep' }
    this.#strained = 0
    if (limit === 'cpu' && effectsActive) return { kind: 'shed-effects' }
    if (this.#index === VIDEO_LADDER.length - 1) return { kind: 'keep' }
    // Stepped up too soon: wait twice as long before the next try.
    if (this.#samplesSinceStepUp <= this.#earlyFailureWindow) this.#easyNeeded = Math.min(this.#maxEasyToStepUp, this.#easyNeeded * 2)
    this.#samplesSinceStepUp = Number.POSITIVE_INFINITY
    return this.#stepTo(this.#index + 1, limit)
  }

  #stepTo(index: number, limit: VideoLimit): AdaptationDecision {
    this.#index = index
    this.#limit = limit
    return { kind: 'step', step: VIDEO_LADDER[index] ?? VIDEO_LADDER[0]!, index, limit }
  }
}

/**
 * The CPU counts as short at 'critical' pressure, before the encoder itself says so. Not at
 * 'serious': the pressure is the whole machine's, which another busy app raises while our
 * encoder still keeps up (and when it does not, it says 'cpu' itself).
 */
export function limitOf(sample: VideoSample): VideoLimit {
  if (sample.cpuPressure === 'critical') return 'cpu'
  if (sample.qualityLimitationReason === 'cpu') return 'cpu'
  if (sample.qualityLimitationReason === 'bandwidth') return 'bandwidth'
  return 'none'
}

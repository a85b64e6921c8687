// The rules of a p2p mesh that do not need a peer connection: how many fit, which side of
// a pair is polite, when the room as a whole is in trouble, and who is speaking.

/** People in one p2p call, us included: each sends its camera once per other member. */
export const DEFAULT_MESH_LIMIT = 4

/**
 * Both sides of a pair compute the same roles from the two ids, so exactly one of them is
 * polite (yields on an offer collision) and the other opens the negotiation.
 */
export function isPolite(myId: string, peerId: string): boolean {
  return myId > peerId
}

/** Whether one more member fits beside us and the `others` we are linked to. */
export function meshHasRoom(others: number, meshLimit: number): boolean {
  return others + 1 < meshLimit
}

/**
 * The room shows the reconnecting banner when every pair is in trouble (then it is most
 * likely our own network); a single pair in trouble is that participant's reconnecting.
 */
export function roomInTrouble(troubledPairs: number, pairs: number): boolean {
  return pairs > 0 && troubledPairs === pairs
}

/** RTCRtpSynchronizationSource.audioLevel (0–1, linear) above which someone is talking. */
export const SPEAKING_LEVEL = 0.02
/** Samples a new loudest talker must lead before it becomes the speaker (no flicker on a cough). */
const SAMPLES_TO_SWITCH = 2
/** Quiet samples before nobody is the speaker any more (pauses between words keep it). */
const SAMPLES_TO_SILENCE = 6

/**
 * The dominant speaker from periodic audio levels per participant, with the hysteresis
 * Twilio's dominant speaker has: a newcomer must stay loudest for a moment, and a pause
 * between sentences does not drop the speaker.
 */
export class SpeakerTracker {
  private current: string | null = null
  private candidate: string | null = null
  private candidateSamples = 0
  private quietSamples = 0

  get speaker(): string | null {
    return this.current
  }

  /** One sample of every participant's level; returns the new speaker when it changed, else undefined. */
  sample(levels: ReadonlyMap<string, number>): string | null | undefined {
    let loudest: string | null = null
    let loudestLevel = SPEAKING_LEVEL
    for (const [identity, level] of levels) {
      if (level >= loudestLevel) {
        loudest = identity
        loudestLevel = level
      }
    }
    if (this.current !== null && !levels.has(this.current)) return this.change(loudest)
    if (loudest === null) {
      this.candidate = null
      this.candidateSamples = 0
      if (this.current === null) return undefined
      this.quietSamples += 1
      return this.quietSamples >= SAMPLES_TO_SILENCE ? this.change(null) : undefined
    }
    this.quietSamples = 0
    if (loudest === this.current) {
      this.candidate = null
      this.candidateSamples = 0
      return undefined
    }
    if (this.candidate !== loudest) {
      this.candidate = loudest
      this.candidateSamples = 0
    }
    this.candidateSamples += 1
    // Nobody was speaking: the first voice takes over at once.
    if (this.current === null || this.candidateSamples >= SAMPLES_TO_SWITCH) return this.change(loudest)
    return undefined
  }

  private change(speaker: string | null): string | null | undefined {
    this.candidate = null
    this.candidateSamples = 0
    this.quietSamples = 0
    if (speaker === this.current) return undefined
    this.current = speaker
    return speaker
  }
}

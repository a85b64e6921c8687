// "You're muted": said when the microphone hears speech while the user is muted. Speech is a
// level above SPEECH_LEVEL for most of a second (gaps between words allowed), not a cough or
// a door; once said, it stays until unmuted or dismissed, and is not said again for a while,
// so talking to someone else in the room while muted does not nag. Pure: fed levels and times.

/** Level (0–1, useAudioLevel's scale) above which the microphone hears a voice. */
export const SPEECH_LEVEL = 0.1
/** Speech for this long before the hint. */
export const SPEECH_FOR_MS = 1_000
/** Quiet for longer than this starts the count over: a gap between words is shorter. */
const SPEECH_GAP_MS = 400
/** After the hint went (dismissed, or unmuted), none for this long. */
export const MUTED_HINT_PAUSE_MS = 30_000

export interface MutedHint {
  /** One level reading; returns whether the hint shows now. */
  sample(level: number, muted: boolean, at: number): boolean
  /** The user closed it. */
  dismiss(at: number): void
}

export function createMutedHint(): MutedHint {
  let speechSince: number | null = null
  let lastLoud = -Infinity
  let showing = false
  let quietUntil = -Infinity
  const hide = (at: number) => {
    if (showing) quietUntil = at + MUTED_HINT_PAUSE_MS
    showing = false
    speechSince = null
  }
  return {
    sample(level, muted, at) {
      if (!muted) {
        hide(at)
        return false
      }
      if (showing) return true
      if (level > SPEECH_LEVEL) {
        if (speechSince === null || at - lastLoud > SPEECH_GAP_MS) speechSince = at
        lastLoud = at
      } else if (at - lastLoud > SPEECH_GAP_MS) speechSince = null
      if (speechSince !== null && at - speechSince >= SPEECH_FOR_MS && at >= quietUntil) showing = true
      return showing
    },
    dismiss(at) {
      hide(at)
    }
  }
}

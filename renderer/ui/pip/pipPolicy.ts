// When the picture-in-picture call window is open: a call is on, the main window is not
// being watched, the setting allows it, and the user has not closed it. Pure and timer-driven,
// so every combination and the debounce are unit-tested with fake timers.
import { systemClock, type Clock } from '../../calling/clock'
import type { CallPhase } from '../../calling/controller-types'

/**
 * How long the main window must stay out of sight before the small window opens: a quick
 * Alt+Tab there and back should not flash a window.
 */
export const PIP_OPEN_DELAY_MS = 1_000

/** Calls the small window follows: placing one (up to ringing), joining one, and being in one. */
export function isPipPhase(phase: CallPhase['phase']): boolean {
  return phase === 'preparing' || phase === 'ringing' || phase === 'connecting' || phase === 'in-call'
}

export interface PipInputs {
  /** A call is on (isPipPhase). */
  callActive: boolean
  /** The main window is visible and focused (useWindowWatched). */
  watched: boolean
  /** The "Show a small call window when Shoutit is in the background" setting. */
  enabled: boolean
}

/** Whether the window should be open now, before the debounce: `dismissed` is "the user closed it during this absence". */
export function pipWanted(inputs: PipInputs, dismissed: boolean): boolean {
  return inputs.callActive && !inputs.watched && inputs.enabled && !dismissed
}

/**
 * The state machine behind the window: opens PIP_OPEN_DELAY_MS after it became wanted (and
 * stayed so), closes at once when it no longer is. A window the user closed stays closed
 * until they have looked at the main window again or the call is over: reopening it would
 * fight them.
 */
export class PipPolicy {
  #inputs: PipInputs = { callActive: false, watched: true, enabled: false }
  #dismissed = false
  #open = false
  #timer: unknown = null

  constructor(
    private readonly onChange: (open: boolean) => void,
    private readonly delayMs = PIP_OPEN_DELAY_MS,
    private readonly timers: Pick<Clock, 'setTimeout' | 'clearTimeout'> = systemClock
  ) {}

  get open(): boolean {
    return this.#open
  }

  update(inputs: PipInputs): void {
    this.#inputs = { ...inputs }
    // Back in the main window, or the call is over: the next absence may show it again.
    if (inputs.watched || !inputs.callActive) this.#dismissed = false
    this.#apply()
  }

  /** The user closed the window (its Close button, "Back to call", or the OS). */
  userClosed(): void {
    this.#dismissed = true
    this.#apply()
  }

  dispose(): void {
    this.#cancelTimer()
  }

  #apply(): void {
    if (!pipWanted(this.#inputs, this.#dismissed)) {
      this.#cancelTimer()
      this.#set(false)
      return
    }
    if (this.#open || this.#timer !== null) return
    this.#timer = this.timers.setTimeout(() => {
      this.#timer = null
      this.#set(true)
    }, this.delayMs)
  }

  #cancelTimer(): void {
    if (this.#timer === null) return
    this.timers.clearTimeout(this.#timer)
    this.#timer = null
  }

  #set(open: boolean): void {
    if (this.#open === open) return
    this.#open = open
    this.onChange(open)
  }
}

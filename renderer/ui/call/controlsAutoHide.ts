// When the call's controls fade away: in a quiet video call, a few seconds after the pointer
// last moved, so the picture is the other person and not a row of buttons. Never for someone
// on the keyboard (a Tab press keeps them for the call), never with reduced motion asked for
// (a screen reader user is likely among those; the page cannot tell a screen reader itself),
// never in an audio-only call (nothing to uncover), while the call reconnects (the trouble
// must stay in sight) or while a panel or dialog is open. Pure: the hook in CallScreen feeds
// it events and a clock.
import type { Clock, TimerHandle } from '../../calling/clock'

export const CONTROLS_HIDE_AFTER_MS = 3_000

export interface AutoHideConditions {
  /** The other side's video is on screen: there is a picture to uncover. */
  videoShown: boolean
  reconnecting: boolean
  /** A dialog or panel of the call is open. */
  panelOpen: boolean
  /** A key was pressed (Tab) or a control got keyboard focus during this call. */
  keyboardUsed: boolean
  reducedMotion: boolean
}

export function controlsMayHide(conditions: AutoHideConditions): boolean {
  return conditions.videoShown && !conditions.reconnecting && !conditions.panelOpen && !conditions.keyboardUsed && !conditions.reducedMotion
}

export interface ControlsAutoHide {
  /** The pointer moved (or the user did anything that asks for the controls): shown, the wait starts over. */
  activity(): void
  /** Whether hiding is allowed now (controlsMayHide); not allowed shows them at once. */
  setAllowed(allowed: boolean): void
  dispose(): void
}

/** Tells `onHidden` each change; starts shown. */
export function createControlsAutoHide(clock: Pick<Clock, 'setTimeout' | 'clearTimeout'>, onHidden: (hidden: boolean) => void, delayMs = CONTROLS_HIDE_AFTER_MS): ControlsAutoHide {
  let allowed = false
  let hidden = false
  let timer: TimerHandle | undefined
  const set = (next: boolean) => {
    if (next === hidden) return
    hidden = next
    onHidden(next)
  }
  const restart = () => {
    if (timer !== undefined) clock.clearTimeout(timer)
    timer = allowed ? clock.setTimeout(() => set(true), delayMs) : undefined
  }
  return {
    activity() {
      set(false)
      restart()
    },
    setAllowed(next) {
      if (next === allowed) return
      allowed = next
      if (!next) set(false)
      restart()
    },
    dispose() {
      if (timer !== undefined) clock.clearTimeout(timer)
      timer = undefined
    }
  }
}

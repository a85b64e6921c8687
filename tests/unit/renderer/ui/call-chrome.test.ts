import { describe, expect, it } from 'vitest'
import { CONTROLS_HIDE_AFTER_MS, controlsMayHide, createControlsAutoHide, type AutoHideConditions } from '../../../../renderer/ui/call/controlsAutoHide'
import { createMutedHint, MUTED_HINT_PAUSE_MS } from '../../../../renderer/ui/call/mutedHint'

/** A clock the test moves by hand. */
function manualClock() {
  let now = 0
  const timers = new Map<number, { at: number; callback: () => void }>()
  let next = 1
  return {
    setTimeout(callback: () => void, ms: number) {
      const id = next++
      timers.set(id, { at: now + ms, callback })
      return id
    },
    clearTimeout(handle: unknown) {
      timers.delete(handle as number)
    },
    advance(ms: number) {
      now += ms
      for (const [id, timer] of [...timers]) {
        if (timer.at > now) continue
        timers.delete(id)
        timer.callback()
      }
    }
  }
}

describe('call controls auto-hide', () => {
  const quietVideoCall: AutoHideConditions = { videoShown: true, reconnecting: false, panelOpen: false, keyboardUsed: false, reducedMotion: false }

  it('may hide only in a quiet video call with the pointer', () => {
    expect(controlsMayHide(quietVideoCall)).toBe(true)
    expect(controlsMayHide({ ...quietVideoCall, videoShown: false })).toBe(false)
    expect(controlsMayHide({ ...quietVideoCall, reconnecting: true })).toBe(false)
    expect(controlsMayHide({ ...quietVideoCall, panelOpen: true })).toBe(false)
    expect(controlsMayHide({ ...quietVideoCall, keyboardUsed: true })).toBe(false)
    expect(controlsMayHide({ ...quietVideoCall, reducedMotion: true })).toBe(false)
  })

  it('hides 3 s after the last pointer movement, comes back on the next, and each movement starts the wait over', () => {
    const clock = manualClock()
    const told: boolean[] = []
    const hide = createControlsAutoHide(clock, (hidden) => told.push(hidden))
    hide.setAllowed(true)
    clock.advance(CONTROLS_HIDE_AFTER_MS - 1)
    expect(told).toEqual([])
    hide.activity()
    clock.advance(CONTROLS_HIDE_AFTER_MS - 1)
    expect(told).toEqual([])
    clock.advance(1)
    expect(told).toEqual([true])
    hide.activity()
    expect(told).toEqual([true, false])
    clock.advance(CONTROLS_HIDE_AFTER_MS)
    expect(told).toEqual([true, false, true])
  })

  it('shows them at once when hiding stops being allowed (reconnecting, a panel, the keyboard), and never hides meanwhile', () => {
    const clock = manualClock()
    const told: boolean[] = []
    const hide = createControlsAutoHide(clock, (hidden) => told.push(hidden))
    hide.setAllowed(true)
    clock.advance(CONTROLS_HIDE_AFTER_MS)
    hide.setAllowed(false)
    expect(told).toEqual([true, false])
    clock.advance(60_000)
    expect(told).toEqual([true, false])
    hide.dispose()
  })
})

describe('the muted hint', () => {
  /** Levels every 100 ms from `from`, as useAudioLevel reads them. */
  function feed(hint: ReturnType<typeof createMutedHint>, from: number, levels: number[], muted = true): boolean[] {
    return levels.map((level, index) => hint.sample(level, muted, from + index * 100))
  }

  it('shows after about a second of speech while muted, with gaps between words, and not for a short noise', () => {
    const hint = createMutedHint()
    // A cough: 300 ms loud, then quiet.
    expect(feed(hint, 0, [0.5, 0.5, 0.5, 0, 0, 0, 0, 0, 0, 0]).some(Boolean)).toBe(false)
    // Words with short gaps: shows once a second has passed since the speech began.
    const shown = feed(hint, 2_000, [0.4, 0.4, 0.02, 0.4, 0.4, 0.4, 0.02, 0.4, 0.4, 0.4, 0.4, 0.4])
    expect(shown.indexOf(true)).toBe(10)
  })

  it('never shows while unmuted, and goes when the user unmutes', () => {
    const hint = createMutedHint()
    expect(feed(hint, 0, Array(20).fill(0.6), false).some(Boolean)).toBe(false)
    expect(feed(hint, 5_000, Array(11).fill(0.6)).at(-1)).toBe(true)
    expect(hint.sample(0.6, false, 6_200)).toBe(false)
  })

  it('dismissed, it stays away for 30 s of speech, then may come back', () => {
    const hint = createMutedHint()
    expect(feed(hint, 0, Array(11).fill(0.6)).at(-1)).toBe(true)
    hint.dismiss(1_000)
    expect(feed(hint, 1_100, Array(299).fill(0.6)).some(Boolean)).toBe(false)
    expect(hint.sample(0.6, true, 1_000 + MUTED_HINT_PAUSE_MS)).toBe(true)
  })
})

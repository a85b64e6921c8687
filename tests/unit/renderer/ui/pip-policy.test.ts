// When the picture-in-picture call window is open: every combination of call, attention,
// setting and the user's close, and the delay that keeps a quick Alt+Tab from flashing it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { CallPhase } from '../../../../renderer/calling/controller-types'
import { isPipPhase, PIP_OPEN_DELAY_MS, PipPolicy, pipWanted, type PipInputs } from '../../../../renderer/ui/pip/pipPolicy'

const away: PipInputs = { callActive: true, watched: false, enabled: true }

describe('isPipPhase', () => {
  it.each<[CallPhase['phase'], boolean]>([
    ['idle', false],
    ['preparing', true],
    ['ringing', true],
    ['connecting', true],
    ['in-call', true],
    ['ended', false]
  ])('%s → %s', (phase, expected) => {
    expect(isPipPhase(phase)).toBe(expected)
  })
})

describe('pipWanted', () => {
  const cases: Array<[PipInputs, boolean, boolean]> = []
  for (const callActive of [false, true])
    for (const watched of [false, true])
      for (const enabled of [false, true])
        for (const dismissed of [false, true]) cases.push([{ callActive, watched, enabled }, dismissed, callActive && !watched && enabled && !dismissed])

  it.each(cases)('%o, dismissed %s → %s', (inputs, dismissed, expected) => {
    expect(pipWanted(inputs, dismissed)).toBe(expected)
  })
})

describe('PipPolicy', () => {
  let changes: boolean[]
  let policy: PipPolicy

  beforeEach(() => {
    vi.useFakeTimers()
    changes = []
    policy = new PipPolicy((open) => changes.push(open))
  })

  afterEach(() => {
    policy.dispose()
    vi.useRealTimers()
  })

  it('opens once the main window has been out of sight for the delay', () => {
    policy.update(away)
    vi.advanceTimersByTime(PIP_OPEN_DELAY_MS - 1)
    expect(policy.open).toBe(false)
    vi.advanceTimersByTime(1)
    expect(policy.open).toBe(true)
    expect(changes).toEqual([true])
  })

  it('does not flash on a quick Alt+Tab away and back', () => {
    policy.update(away)
    vi.advanceTimersByTime(PIP_OPEN_DELAY_MS / 2)
    policy.update({ ...away, watched: true })
    vi.advanceTimersByTime(PIP_OPEN_DELAY_MS * 5)
    expect(changes).toEqual([])
  })

  it('does not restart the delay when an unrelated input repeats', () => {
    policy.update(away)
    vi.advanceTimersByTime(PIP_OPEN_DELAY_MS / 2)
    policy.update(away)
    vi.advanceTimersByTime(PIP_OPEN_DELAY_MS / 2)
    expect(policy.open).toBe(true)
  })

  it('closes at once when the main window is watched again', () => {
    policy.update(away)
    vi.advanceTimersByTime(PIP_OPEN_DELAY_MS)
    policy.update({ ...away, watched: true })
    expect(changes).toEqual([true, false])
  })

  it('closes at once when the call ends, and never opens without a call', () => {
    policy.update({ ...away, callActive: false })
    vi.advanceTimersByTime(PIP_OPEN_DELAY_MS * 5)
    expect(changes).toEqual([])
    policy.update(away)
    vi.advanceTimersByTime(PIP_OPEN_DELAY_MS)
    policy.update({ ...away, callActive: false })
    expect(changes).toEqual([true, false])
  })

  it('follows the setting: never opens while it is off, closes when it is turned off', () => {
    policy.update({ ...away, enabled: false })
    vi.advanceTimersByTime(PIP_OPEN_DELAY_MS * 5)
    expect(changes).toEqual([])
    policy.update(away)
    vi.advanceTimersByTime(PIP_OPEN_DELAY_MS)
    policy.update({ ...away, enabled: false })
    expect(changes).toEqual([true, false])
  })

  it('stays closed after the user closed it, until the main window has been watched again', () => {
    policy.update(away)
    vi.advanceTimersByTime(PIP_OPEN_DELAY_MS)
    policy.userClosed()
    expect(changes).toEqual([true, false])
    // Still away, the call still on (ringing turned into the call, say): it stays closed.
    policy.update(away)
    vi.advanceTimersByTime(PIP_OPEN_DELAY_MS * 5)
    expect(policy.open).toBe(false)

    // Back in the main window and away again: it may open again.
    policy.update({ ...away, watched: true })
    policy.update(away)
    vi.advanceTimersByTime(PIP_OPEN_DELAY_MS)
    expect(changes).toEqual([true, false, true])
  })

  it('forgets a close when the call ends: the next call may open it', () => {
    policy.update(away)
    vi.advanceTimersByTime(PIP_OPEN_DELAY_MS)
    policy.userClosed()
    policy.update({ ...away, callActive: false })
    policy.update(away)
    vi.advanceTimersByTime(PIP_OPEN_DELAY_MS)
    expect(policy.open).toBe(true)
  })

  it('a close during the delay (the window refused to open) cancels it', () => {
    policy.update(away)
    vi.advanceTimersByTime(PIP_OPEN_DELAY_MS / 2)
    policy.userClosed()
    vi.advanceTimersByTime(PIP_OPEN_DELAY_MS * 5)
    expect(changes).toEqual([])
  })

  it('dispose stops a pending open', () => {
    policy.update(away)
    policy.dispose()
    vi.advanceTimersByTime(PIP_OPEN_DELAY_MS * 5)
    expect(changes).toEqual([])
  })
})

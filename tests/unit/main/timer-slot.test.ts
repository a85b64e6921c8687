import { describe, expect, it } from 'vitest'
import { MAX_TIMER_DELAY_MS } from '../../../common/backoff'
import { TimerSlot } from '../../../common/timer-slot'
import { FakeClock } from '../../support/platform/fake-clock'

describe('TimerSlot', () => {
  it('keeps one timer: setting again replaces the pending one', async () => {
    const clock = new FakeClock()
    const slot = new TimerSlot(clock)
    const fired: string[] = []
    slot.set(1_000, () => fired.push('first'))
    slot.set(2_000, () => fired.push('second'))
    expect(clock.pendingTimers).toBe(1)
    await clock.advance(1_500)
    expect(fired).toEqual([])
    await clock.advance(500)
    expect(fired).toEqual(['second'])
    expect(clock.pendingTimers).toBe(0)
  })

  it('clear cancels what is pending, and a fired slot can be set again', async () => {
    const clock = new FakeClock()
    const slot = new TimerSlot(clock)
    let runs = 0
    slot.set(100, () => runs++)
    slot.clear()
    await clock.advance(1_000)
    expect(runs).toBe(0)
    slot.set(100, () => runs++)
    await clock.advance(100)
    slot.set(100, () => runs++)
    await clock.advance(100)
    expect(runs).toBe(2)
  })

  it('caps a delay longer than a JS timer can wait instead of firing at once', async () => {
    const clock = new FakeClock()
    const slot = new TimerSlot(clock)
    let fired = false
    slot.set(40 * 24 * 3_600_000, () => (fired = true))
    await clock.advance(MAX_TIMER_DELAY_MS - 1)
    expect(fired).toBe(false)
    await clock.advance(1)
    expect(fired).toBe(true)
  })
})

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { systemClock } from '../../../../renderer/calling/clock'
import { startRingLoop, type RingLoopApi } from '../../../../renderer/calling/ring-loop'

type Reply = { available: boolean } | Error

/** An API double that logs each request with the fake time it was made at. */
function fakeApi(replies: Reply[], missed: 'ok' | Error = 'ok', ringDelayMs = 0) {
  const log: string[] = []
  const start = Date.now()
  const at = () => Date.now() - start
  const api: RingLoopApi = {
    ring: async () => {
      log.push(`ring@${at()}`)
      const reply = replies.shift() ?? { available: true }
      if (ringDelayMs) await new Promise((resolve) => setTimeout(resolve, ringDelayMs))
      if (reply instanceof Error) throw reply
      return reply
    },
    reportMissed: async () => {
      log.push(`missed@${at()}`)
      if (missed instanceof Error) throw missed
    }
  }
  return { api, log }
}

describe('ring-and-retry loop', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  for (const answeredOn of [1, 2, 3]) {
    it(`stops ringing when the callee joins during attempt ${answeredOn}, with no missed report`, async () => {
      const { api, log } = fakeApi([])
      const attempts: number[] = []
      const loop = startRingLoop({ api, clock: systemClock, onAttempt: (n) => attempts.push(n) })
      await vi.advanceTimersByTimeAsync((answeredOn - 1) * 10_000 + 3_000)
      loop.answered()
      await vi.advanceTimersByTimeAsync(60_000)
      await expect(loop.result).resolves.toEqual({ kind: 'answered', attempts: answeredOn })
      expect(log).toEqual(['ring@0', 'ring@10000', 'ring@20000'].slice(0, answeredOn))
      expect(attempts).toEqual([1, 2, 3].slice(0, answeredOn))
    })
  }

  it('retries "not available" three times, then reports the call missed once when the window closes', async () => {
    const unavailable = { available: false }
    const { api, log } = fakeApi([unavailable, unavailable, unavailable])
    const loop = startRingLoop({ api, clock: systemClock })
    await vi.advanceTimersByTimeAsync(29_999)
    expect(log).toEqual(['ring@0', 'ring@10000', 'ring@20000'])
    await vi.advanceTimersByTimeAsync(1)
    const result = await loop.result
    expect(result).toEqual({ kind: 'no-answer', attempts: 3, missedReported: true })
    await vi.advanceTimersByTimeAsync(60_000)
    expect(log).toEqual(['ring@0', 'ring@10000', 'ring@20000', 'missed@30000'])
  })

  it('ends on another error at attempt 2 and reports the call missed at once', async () => {
    const failure = new Error('HTTP 500')
    const { api, log } = fakeApi([{ available: true }, failure])
    const loop = startRingLoop({ api, clock: systemClock })
    await vi.advanceTimersByTimeAsync(10_000)
    const result = await loop.result
    expect(result).toEqual({ kind: 'failed', attempts: 2, error: failure, missedReported: true })
    await vi.advanceTimersByTimeAsync(60_000)
    expect(log).toEqual(['ring@0', 'ring@10000', 'missed@10000'])
  })

  it('treats a synchronous throw from the API as a failed attempt', async () => {
    const log: string[] = []
    const api: RingLoopApi = {
      ring: () => {
        throw new Error('bridge gone')
      },
      reportMissed: async () => {
        log.push('missed')
      }
    }
    const loop = startRingLoop({ api, clock: systemClock })
    await vi.advanceTimersByTimeAsync(0)
    await expect(loop.result).resolves.toMatchObject({ kind: 'failed', attempts: 1, missedReported: true })
    expect(log).toEqual(['missed'])
  })

  it('ends on a rejection and still reports the attempt as missed', async () => {
    const { api, log } = fakeApi([])
    const loop = startRingLoop({ api, clock: systemClock })
    await vi.advanceTimersByTimeAsync(12_000)
    loop.rejected('rejected')
    await expect(loop.result).resolves.toEqual({ kind: 'rejected', attempts: 2, missedReported: true })
    await vi.advanceTimersByTimeAsync(60_000)
    expect(log).toEqual(['ring@0', 'ring@10000', 'missed@12000'])
  })

  it('ends on busy like a rejection', async () => {
    const { api, log } = fakeApi([])
    const loop = startRingLoop({ api, clock: systemClock })
    await vi.advanceTimersByTimeAsync(500)
    loop.rejected('busy')
    await expect(loop.result).resolves.toEqual({ kind: 'busy', attempts: 1, missedReported: true })
    await vi.advanceTimersByTimeAsync(60_000)
    expect(log).toEqual(['ring@0', 'missed@500'])
  })

  it('ends when cancelled while ringing, reporting the call missed exactly once', async () => {
    const { api, log } = fakeApi([])
    const loop = startRingLoop({ api, clock: systemClock })
    await vi.advanceTimersByTimeAsync(25_000)
    loop.cancel()
    loop.cancel()
    loop.rejected('rejected')
    await expect(loop.result).resolves.toEqual({ kind: 'cancelled', attempts: 3, missedReported: true })
    await vi.advanceTimersByTimeAsync(60_000)
    expect(log).toEqual(['ring@0', 'ring@10000', 'ring@20000', 'missed@25000'])
  })

  it('waits for a ring still in flight before reporting missed, so the missed report comes last', async () => {
    const { api, log } = fakeApi([], 'ok', 2_000)
    const loop = startRingLoop({ api, clock: systemClock })
    await vi.advanceTimersByTimeAsync(500)
    loop.cancel()
    await vi.advanceTimersByTimeAsync(1_000)
    expect(log).toEqual(['ring@0'])
    await vi.advanceTimersByTimeAsync(1_000)
    await expect(loop.result).resolves.toMatchObject({ kind: 'cancelled', missedReported: true })
    expect(log).toEqual(['ring@0', 'missed@2000'])
  })

  it('resolves even when the missed report fails, without retrying it', async () => {
    const missedFailure = new Error('network down')
    const { api, log } = fakeApi([], missedFailure)
    const loop = startRingLoop({ api, clock: systemClock })
    await vi.advanceTimersByTimeAsync(30_000)
    await expect(loop.result).resolves.toEqual({
      kind: 'no-answer',
      attempts: 3,
      missedReported: false,
      missedError: missedFailure
    })
    await vi.advanceTimersByTimeAsync(60_000)
    expect(log.filter((entry) => entry.startsWith('missed'))).toEqual(['missed@30000'])
  })

  it('resolves a failed missed report after a ring error too', async () => {
    const { api, log } = fakeApi([new Error('403')], new Error('still down'))
    const loop = startRingLoop({ api, clock: systemClock })
    await vi.advanceTimersByTimeAsync(0)
    await expect(loop.result).resolves.toMatchObject({ kind: 'failed', attempts: 1, missedReported: false })
    expect(log).toEqual(['ring@0', 'missed@0'])
  })

  it('honours a configured pause (Android-like 4 s) and never rings after the window', async () => {
    const { api, log } = fakeApi([])
    const loop = startRingLoop({ api, clock: systemClock, pauseMs: 4_000 })
    await vi.advanceTimersByTimeAsync(30_000)
    await expect(loop.result).resolves.toMatchObject({ kind: 'no-answer', attempts: 3 })
    expect(log).toEqual(['ring@0', 'ring@4000', 'ring@8000', 'missed@30000'])
  })

  it('does not start an attempt whose pause would fall outside the window', async () => {
    const { api, log } = fakeApi([])
    const loop = startRingLoop({ api, clock: systemClock, pauseMs: 15_000 })
    await vi.advanceTimersByTimeAsync(30_000)
    await expect(loop.result).resolves.toMatchObject({ kind: 'no-answer', attempts: 2 })
    expect(log).toEqual(['ring@0', 'ring@15000', 'missed@30000'])
  })

  it('an answer after the loop ended changes nothing', async () => {
    const { api, log } = fakeApi([])
    const loop = startRingLoop({ api, clock: systemClock })
    await vi.advanceTimersByTimeAsync(30_000)
    loop.answered()
    await expect(loop.result).resolves.toMatchObject({ kind: 'no-answer' })
    expect(log.filter((entry) => entry.startsWith('missed'))).toHaveLength(1)
  })
})

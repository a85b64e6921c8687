import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { backoffDelay, jitteredBackoffDelay, type RandomSource } from '../../../common/backoff'
import { RECONNECT_BACKOFF, RECONNECT_FLOOR_MS, superviseReconnects, type RestartablePusher } from '../../../common/pusher-reconnect'
import { seededRandom } from '../../support/seeded-random'

/** A pusher-js double that records when each restart (disconnect + connect) happened. */
function fakePusher(restarts: number[]): RestartablePusher & { drop(): void } {
  let listener: (states: { previous: string; current: string }) => void = () => undefined
  return {
    connection: { bind: (_event, callback) => void (listener = callback) },
    connect: () => void restarts.push(Date.now()),
    disconnect: () => undefined,
    drop: () => listener({ previous: 'connected', current: 'connecting' })
  }
}

describe('full-jitter backoff', () => {
  it('stays between the floor and the capped exponential delay, whatever the source returns', () => {
    const policy = { initialMs: 1_000, maxMs: 30_000 }
    for (let attempt = 1; attempt <= 40; attempt += 1) {
      const ceiling = backoffDelay(policy, attempt)
      for (const value of [0, 1e-9, 0.25, 0.5, 0.999_999, 1, -3, 7, Number.NaN]) {
        const delay = jitteredBackoffDelay(policy, attempt, () => value, 100)
        expect(delay, `attempt ${attempt}, random ${value}`).toBeGreaterThanOrEqual(100)
        expect(delay, `attempt ${attempt}, random ${value}`).toBeLessThanOrEqual(ceiling)
      }
      expect(jitteredBackoffDelay(policy, attempt, () => 0, 100)).toBe(100)
      expect(jitteredBackoffDelay(policy, attempt, () => 1, 100)).toBe(ceiling)
    }
    // A floor above the window is clamped to it rather than overshooting.
    expect(jitteredBackoffDelay({ initialMs: 50, maxMs: 50 }, 1, () => 0, 100)).toBe(50)
    // Without a floor, full jitter reaches down to 0.
    expect(jitteredBackoffDelay(policy, 3, () => 0)).toBe(0)
    expect(jitteredBackoffDelay(policy, 3, () => 0.5)).toBe(2_000)
  })
})

describe('realtime reconnects after one server restart', () => {
  const CLIENTS = 1_000
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  async function firstTwoRetries(random: (client: number) => RandomSource): Promise<Array<[number, number]>> {
    const restarts = Array.from({ length: CLIENTS }, () => [] as number[])
    const supervisors = restarts.map((times, client) => {
      const pusher = fakePusher(times)
      const supervisor = superviseReconnects(pusher, { setTimeout, clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout) }, { onState: () => undefined, random: random(client) })
      return { pusher, supervisor }
    })
    // The server restarts: every client loses its connection in the same instant.
    for (const { pusher } of supervisors) pusher.drop()
    await vi.advanceTimersByTimeAsync(RECONNECT_BACKOFF.initialMs * 3)
    for (const { supervisor } of supervisors) supervisor.stop()
    return restarts.map((times) => [times[0]!, times[1]!])
  }

  it('without jitter every client comes back in the same millisecond (the herd this prevents)', async () => {
    const retries = await firstTwoRetries(() => () => 1)
    expect(new Set(retries.map(([first]) => first))).toEqual(new Set([1_000]))
  })

  it('spreads the first retry across the whole first window, and the second across the next', async () => {
    const retries = await firstTwoRetries((client) => seededRandom(client + 1))
    const firsts = retries.map(([first]) => first)
    // Bounds: never before the floor, never after the window.
    expect(Math.min(...firsts)).toBeGreaterThanOrEqual(RECONNECT_FLOOR_MS)
    expect(Math.max(...firsts)).toBeLessThanOrEqual(RECONNECT_BACKOFF.initialMs)
    // Spread: each 100 ms slice of the 100–1000 ms window gets its share (1/9 ≈ 111 of 1,000), none a crowd.
    for (let slice = RECONNECT_FLOOR_MS; slice < RECONNECT_BACKOFF.initialMs; slice += 100) {
      const inSlice = firsts.filter((at) => at >= slice && at < slice + 100).length
      expect(inSlice, `${slice}–${slice + 100} ms`).toBeGreaterThan(60)
      expect(inSlice, `${slice}–${slice + 100} ms`).toBeLessThan(170)
    }
    const perMillisecond = new Map<number, number>()
    for (const at of firsts) perMillisecond.set(at, (perMillisecond.get(at) ?? 0) + 1)
    const busiestMillisecond = Math.max(...perMillisecond.values())
    expect(busiestMillisecond).toBeLessThanOrEqual(10)
    // The second retry comes within the doubled window after the first, also spread.
    const gaps = retries.map(([first, second]) => second - first)
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(RECONNECT_FLOOR_MS)
    expect(Math.max(...gaps)).toBeLessThanOrEqual(2 * RECONNECT_BACKOFF.initialMs)
    expect(gaps.filter((gap) => gap > RECONNECT_BACKOFF.initialMs).length).toBeGreaterThan(CLIENTS * 0.4)
  })
})

// mulberry32: a small seeded generator of numbers in [0, 1), so that a "random" spread (test
// jitter, a benchmark's choice of who watches whom) is the same on every run.
import type { RandomSource } from '../../common/backoff'

export function seededRandom(seed: number): RandomSource {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

// Capped exponential backoff for retries of network work (token refreshes, video_auth,
// realtime reconnects in main and in the call window), with or without jitter.
export interface BackoffPolicy {
  initialMs: number
  maxMs: number
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 2_000, maxMs: 5 * 60_000 }

/** Delay before retry number `attempt` (1-based): initial, 2×, 4×, … never above max. */
export function backoffDelay(policy: BackoffPolicy, attempt: number): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30)
  return Math.min(policy.maxMs, policy.initialMs * 2 ** exponent)
}

/** Uniform on [0, 1), like Math.random; tests inject their own to stay deterministic. */
export type RandomSource = () => number

/**
 * "Full jitter" (AWS Architecture Blog, "Exponential Backoff and Jitter"): a delay drawn
 * uniformly between `floorMs` and the capped exponential delay of `attempt`. After a server
 * restart every client loses its connection in the same instant; without jitter they would
 * all come back in the same instant too, attempt after attempt. The floor keeps a source
 * that returns 0 from retrying in a tight loop.
 */
export function jitteredBackoffDelay(policy: BackoffPolicy, attempt: number, random: RandomSource = () => Math.random(), floorMs = 0): number {
  const ceiling = backoffDelay(policy, attempt)
  const floor = Math.min(Math.max(floorMs, 0), ceiling)
  // Clamped: an injected source outside [0, 1) must not break the bounds (NaN: no jitter).
  const value = random()
  const draw = Number.isNaN(value) ? 1 : Math.min(Math.max(value, 0), 1)
  return Math.round(floor + draw * (ceiling - floor))
}

/** Longest delay a JS timer accepts (2^31 - 1 ms); longer ones fire at once. */
export const MAX_TIMER_DELAY_MS = 2_147_483_647

// Capped exponential backoff for retries of network work (token refreshes, video_auth,
// realtime reconnects in main and in the call window).
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

/** Longest delay a JS timer accepts (2^31 - 1 ms); longer ones fire at once. */
export const MAX_TIMER_DELAY_MS = 2_147_483_647

// Caps the missed-call notifications one caller can leave (docs/api.md §4.3): each is stored
// and pops up on the callee's desktop, so an unbounded sender could flood someone. Two
// counters, as the sign-in throttle keeps them (memory, or PostgreSQL shared by instances):
// per caller and callee, and per caller whoever the callees are.
import { consume, makeLimiter, Throttled, MAX_WINDOW_SECONDS } from '../auth/loginThrottle'
import type { RateLimiterStore } from '../storage/sql'

export { Throttled }

export interface MissedCallLimits {
  /** Missed calls one caller may leave one callee within `windowSeconds`… */
  perPair: number
  /** …and all callees together. */
  perCaller: number
  windowSeconds: number
}

// A real caller leaves one per unanswered call; ten calls to one person in an hour is
// already persistent, sixty calls in an hour is a call centre.
export const DEFAULT_MISSED_CALL_LIMITS: MissedCallLimits = { perPair: 10, perCaller: 60, windowSeconds: 3600 }

export { MAX_WINDOW_SECONDS }

export interface MissedCallThrottle {
  /** Counts one missed call; throws Throttled (the longer wait) past either allowance. */
  record(callerId: string, calleeId: string): Promise<void>
}

export async function createMissedCallThrottle(store: RateLimiterStore, limits: MissedCallLimits = DEFAULT_MISSED_CALL_LIMITS): Promise<MissedCallThrottle> {
  const byPair = await makeLimiter(store, { keyPrefix: 'missed_call_pair', points: limits.perPair, duration: limits.windowSeconds, blockDuration: 0 })
  const byCaller = await makeLimiter(store, { keyPrefix: 'missed_call_caller', points: limits.perCaller, duration: limits.windowSeconds, blockDuration: 0 })
  return {
    // One after the other: a missed call refused for the pair leaves the caller's allowance
    // alone, and one refused for the caller gives the pair's point back.
    async record(callerId, calleeId) {
      const pair = `${callerId}|${calleeId}`
      await consume(byPair, pair)
      try {
        await consume(byCaller, callerId)
      } catch (error) {
        await byPair.reward(pair).catch(() => undefined)
        throw error
      }
    }
  }
}

// Slows down password guessing: after `maxFailures` failed logins for one account name (or
// from one address) within `windowSeconds`, further attempts get 429 until the window ends.
export interface ThrottleSettings {
  maxFailures: number
  windowSeconds: number
}

export const DEFAULT_LOGIN_THROTTLE: ThrottleSettings = { maxFailures: 5, windowSeconds: 300 }

interface Bucket {
  failures: number
  windowEndsAt: number
}

export class LoginThrottle {
  private readonly buckets = new Map<string, Bucket>()

  constructor(
    private readonly settings: ThrottleSettings,
    private readonly now: () => number
  ) {}

  /** Seconds the caller must wait, or 0 when the attempt may proceed. */
  retryAfter(keys: string[]): number {
    const now = this.now()
    let wait = 0
    for (const key of keys) {
      const bucket = this.buckets.get(key)
      if (!bucket) continue
      if (bucket.windowEndsAt <= now) {
        this.buckets.delete(key)
      } else if (bucket.failures >= this.settings.maxFailures) {
        wait = Math.max(wait, Math.ceil(bucket.windowEndsAt - now))
      }
    }
    return wait
  }

  recordFailure(keys: string[]): void {
    const now = this.now()
    for (const key of keys) {
      const bucket = this.buckets.get(key)
      if (!bucket || bucket.windowEndsAt <= now) {
        this.buckets.set(key, { failures: 1, windowEndsAt: now + this.settings.windowSeconds })
      } else {
        bucket.failures++
      }
    }
    if (this.buckets.size > 100_000) this.sweep(now)
  }

  recordSuccess(keys: string[]): void {
    for (const key of keys) this.buckets.delete(key)
  }

  private sweep(now: number): void {
    for (const [key, bucket] of this.buckets) if (bucket.windowEndsAt <= now) this.buckets.delete(key)
  }
}

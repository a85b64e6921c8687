// The last event of each cache channel (cache-*, private-cache-*, ...), kept as the frame
// that was sent, so a new subscriber gets exactly what the others got.

/** Pusher keeps a cache channel's last event for 30 minutes. */
export const CACHE_TTL_MS = 30 * 60 * 1000
/** Cached channels kept at most; the oldest written goes first. */
const MAX_CACHED_CHANNELS = 10_000

export class EventCache {
  private readonly frames = new Map<string, { frame: string; expiresAt: number }>()

  constructor(
    private readonly now: () => number = Date.now,
    private readonly ttlMs = CACHE_TTL_MS
  ) {}

  remember(channel: string, frame: string): void {
    this.frames.delete(channel)
    this.frames.set(channel, { frame, expiresAt: this.now() + this.ttlMs })
    if (this.frames.size > MAX_CACHED_CHANNELS) this.frames.delete(this.frames.keys().next().value!)
  }

  lastFrame(channel: string): string | undefined {
    const entry = this.frames.get(channel)
    if (!entry) return undefined
    if (entry.expiresAt <= this.now()) {
      this.frames.delete(channel)
      return undefined
    }
    return entry.frame
  }
}

// Outgoing ICE candidates of one peer link. Pusher rate-limits client events to 10 per
// second, so candidates leave at most once per interval: the first one at once (holding it
// back to wait for company delayed every call's connection by the whole interval), those
// gathered within the interval after a send together at its end.
import type { Clock, TimerHandle } from './clock'
import type { Signal } from './p2p-messages'

export type Candidate = NonNullable<Signal['candidates']>[number]

export const CANDIDATE_INTERVAL_MS = 100

export class CandidateSender {
  private pending: Candidate[] = []
  private timer: TimerHandle | undefined
  private lastSentAt = Number.NEGATIVE_INFINITY
  private closed = false

  constructor(
    private readonly send: (candidates: Candidate[]) => void,
    private readonly clock: Clock,
    private readonly intervalMs = CANDIDATE_INTERVAL_MS
  ) {}

  add(candidate: RTCIceCandidateInit): void {
    if (this.closed) return
    this.pending.push({ ...candidate, candidate: candidate.candidate ?? '' })
    if (this.timer !== undefined) return
    const wait = this.lastSentAt + this.intervalMs - this.clock.now()
    if (wait <= 0) return this.flush()
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined
      this.flush()
    }, wait)
  }

  close(): void {
    this.closed = true
    this.pending = []
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer)
    this.timer = undefined
  }

  private flush(): void {
    const candidates = this.pending
    this.pending = []
    if (this.closed || candidates.length === 0) return
    this.lastSentAt = this.clock.now()
    this.send(candidates)
  }
}

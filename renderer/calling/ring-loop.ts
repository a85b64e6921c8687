// The caller's ring-and-retry loop (docs/api.md §6): up to N attempts of `video_call` within a
// window, "not available" ignored and retried after a pause, and exactly one
// `missed: true` report when the call ends without an answer. Pure: the API and the clock
// are injected, so every branch runs under fake timers.
import type { RejectReason } from '../../common/api'
import { CALL_WINDOW_SECONDS, DEFAULT_RETRY_PAUSE_SECONDS, MAX_CALL_ATTEMPTS } from '../../common/calls'
import type { Clock, TimerHandle } from './clock'

export interface RingLoopApi {
  /** POST video_call {identity, room}; resolves with the server's availability, rejects on any error. */
  ring(): Promise<{ available: boolean }>
  /** POST video_call {identity, missed: true}. */
  reportMissed(): Promise<void>
}

export interface RingLoopOptions {
  api: RingLoopApi
  clock: Clock
  maxAttempts?: number
  windowMs?: number
  pauseMs?: number
  /** Called as each attempt starts (1-based), for the "ringing, attempt n of N" view. */
  onAttempt?: (attempt: number) => void
  /** Called with the server's answer to each attempt: false when the callee was not online (nobody was rung). */
  onAvailability?: (available: boolean) => void
}

export type RingResult =
  | { kind: 'answered'; attempts: number }
  | {
      kind: 'no-answer' | 'rejected' | 'busy' | 'cancelled' | 'failed'
      attempts: number
      /** For failed: what went wrong with the ring request. */
      error?: unknown
      /** Whether the single `missed: true` report reached the server. */
      missedReported: boolean
      missedError?: unknown
    }

export interface RingLoop {
  readonly result: Promise<RingResult>
  /** The callee joined the room. */
  answered(): void
  /** `video_call_rejected` arrived for this room. */
  rejected(reason: RejectReason): void
  /** The caller hung up before an answer. */
  cancel(): void
}

type Unanswered = Exclude<RingResult['kind'], 'answered'>

export function startRingLoop(options: RingLoopOptions): RingLoop {
  const { api, clock, onAttempt, onAvailability } = options
  const maxAttempts = options.maxAttempts ?? MAX_CALL_ATTEMPTS
  const windowMs = options.windowMs ?? CALL_WINDOW_SECONDS * 1000
  const pauseMs = options.pauseMs ?? DEFAULT_RETRY_PAUSE_SECONDS * 1000
  const startedAt = clock.now()

  let attempts = 0
  let settled = false
  let nextAttemptTimer: TimerHandle | undefined
  let inFlight: Promise<unknown> | undefined
  let resolveResult: (result: RingResult) => void = () => undefined
  const result = new Promise<RingResult>((resolve) => {
    resolveResult = resolve
  })

  const windowTimer = clock.setTimeout(() => void finishUnanswered('no-answer'), windowMs)

  function stopTimers(): void {
    clock.clearTimeout(windowTimer)
    if (nextAttemptTimer !== undefined) clock.clearTimeout(nextAttemptTimer)
    nextAttemptTimer = undefined
  }

  async function finishUnanswered(kind: Unanswered, error?: unknown): Promise<void> {
    if (settled) return
    settled = true
    stopTimers()
    // A ring still on its way must not reach the callee after the missed report, or their
    // phone would ring for a call that is over.
    if (inFlight) await inFlight.catch(() => undefined)
    let missedReported = false
    let missedError: unknown
    try {
      await api.reportMissed()
      missedReported = true
    } catch (caught) {
      missedError = caught
    }
    resolveResult({
      kind,
      attempts,
      ...(error === undefined ? {} : { error }),
      missedReported,
      ...(missedError === undefined ? {} : { missedError })
    })
  }

  function attempt(): void {
    if (settled) return
    nextAttemptTimer = undefined
    attempts += 1
    const attemptStartedAt = clock.now()
    onAttempt?.(attempts)
    // A synchronous throw from the API counts as a failed request, not a crash of the loop.
    const request = new Promise<{ available: boolean }>((resolve) => resolve(api.ring()))
    inFlight = request
    request.then(
      ({ available }) => {
        inFlight = undefined
        if (!settled) onAvailability?.(available)
        // Available or not, the callee may not have picked up yet: ring again after the
        // pause (the callee's side rings a room once, however often it is re-sent).
        scheduleNext(attemptStartedAt)
      },
      (error: unknown) => {
        inFlight = undefined
        void finishUnanswered('failed', error)
      }
    )
  }

  function scheduleNext(attemptStartedAt: number): void {
    if (settled || attempts >= maxAttempts) return
    const dueAt = attemptStartedAt + pauseMs
    if (dueAt - startedAt >= windowMs) return
    nextAttemptTimer = clock.setTimeout(attempt, Math.max(0, dueAt - clock.now()))
  }

  attempt()

  return {
    result,
    answered() {
      if (settled) return
      settled = true
      stopTimers()
      resolveResult({ kind: 'answered', attempts })
    },
    rejected(reason) {
      void finishUnanswered(reason === 'busy' ? 'busy' : 'rejected')
    },
    cancel() {
      void finishUnanswered('cancelled')
    }
  }
}

// One AbortSignal per call: aborted the moment the call ends (hang-up, failure, the other
// side leaving). A step the call awaits goes through whileOn, so that code after an await
// never runs for a call that is over, and whatever the step delivers too late is let go.

/** The call ended while a step of it was still running. */
export class CallOver extends Error {
  constructor() {
    super('The call is over.')
    this.name = 'CallOver'
  }
}

/**
 * Resolves as `step` does while the call is on; rejects with CallOver as soon as the call
 * ends. A value `step` delivers after that goes to `release` (a track to stop, a room to leave).
 */
export function whileOn<T>(signal: AbortSignal, step: Promise<T>, release?: (late: T) => void): Promise<T> {
  if (signal.aborted) {
    void step.then((late) => release?.(late), () => undefined)
    return Promise.reject(new CallOver())
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new CallOver())
    signal.addEventListener('abort', onAbort, { once: true })
    step.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        if (signal.aborted) release?.(value)
        else resolve(value)
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(error)
      }
    )
  })
}

/** Runs `cleanup` when the call ends, or now if it already has. */
export function whenOver(signal: AbortSignal, cleanup: () => void): void {
  if (signal.aborted) cleanup()
  else signal.addEventListener('abort', cleanup, { once: true })
}

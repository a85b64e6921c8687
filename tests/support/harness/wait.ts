// Waiting in the harness: a plain pause, and polling until something is there.
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** Polls `probe` every `intervalMs` until it gives something; throws `what` after `timeoutMs`. */
export async function waitFor<T>(probe: () => T | null | undefined | false, what: string, timeoutMs: number, intervalMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const found = probe()
    if (found !== null && found !== undefined && found !== false) return found
    if (Date.now() > deadline) throw new Error(what)
    await sleep(intervalMs)
  }
}

// The Twilio part of the device check: twilio-video's runPreflight connects to Twilio with
// the video token, sends and receives media for a few seconds and reports round-trip time
// and packet loss. Only run when the server's provider is Twilio; the SDK is loaded on
// demand, like a call's engine, so the check costs the first screen nothing.

/** The slice of twilio-video's PreflightTest the check uses. */
export interface PreflightTestLike {
  on(event: 'completed', listener: (report: PreflightReportLike) => void): unknown
  on(event: 'failed', listener: (error: Error & { code?: number }) => void): unknown
  stop(): void
}
export interface PreflightReportLike {
  stats: { rtt: { average: number } | null; packetLoss: { average: number } | null }
}
export type RunPreflight = (token: string, options?: { duration?: number }) => PreflightTestLike

export type PreflightOutcome =
  | { kind: 'passed'; rttMs?: number; packetLossPercent?: number }
  /** Connected, but calls would stutter: round trips over POOR_RTT_MS or loss over POOR_LOSS_PERCENT. */
  | { kind: 'poor'; rttMs?: number; packetLossPercent?: number }
  | { kind: 'failed'; code?: number }

export const POOR_RTT_MS = 400
export const POOR_LOSS_PERCENT = 5
/** The SDK's default is 10 s; five seconds of media says enough before a call. */
export const PREFLIGHT_DURATION_MS = 5_000
/** The SDK gives up by itself, but a hung signalling connection must not keep the check open. */
export const PREFLIGHT_TIMEOUT_MS = 30_000

export function preflightOutcomeOf(report: PreflightReportLike): PreflightOutcome {
  const rttMs = report.stats.rtt ? Math.round(report.stats.rtt.average) : undefined
  // twilio-video reports packet loss in percent.
  const packetLossPercent = report.stats.packetLoss ? Math.round(report.stats.packetLoss.average * 10) / 10 : undefined
  const measured = { ...(rttMs === undefined ? {} : { rttMs }), ...(packetLossPercent === undefined ? {} : { packetLossPercent }) }
  const poor = (rttMs ?? 0) > POOR_RTT_MS || (packetLossPercent ?? 0) > POOR_LOSS_PERCENT
  return { kind: poor ? 'poor' : 'passed', ...measured }
}

export function runTwilioPreflight(run: RunPreflight, token: string, timeoutMs = PREFLIGHT_TIMEOUT_MS): Promise<PreflightOutcome> {
  return new Promise((resolve) => {
    let test: PreflightTestLike
    try {
      test = run(token, { duration: PREFLIGHT_DURATION_MS })
    } catch {
      resolve({ kind: 'failed' })
      return
    }
    const timer = setTimeout(() => {
      test.stop()
      resolve({ kind: 'failed' })
    }, timeoutMs)
    test.on('completed', (report) => {
      clearTimeout(timer)
      resolve(preflightOutcomeOf(report))
    })
    test.on('failed', (error) => {
      clearTimeout(timer)
      resolve(typeof error.code === 'number' ? { kind: 'failed', code: error.code } : { kind: 'failed' })
    })
  })
}

/** twilio-video's runPreflight, fetched when first needed (its own chunk). */
export async function loadTwilioPreflight(): Promise<RunPreflight> {
  const { runPreflight } = await import('twilio-video')
  return runPreflight as unknown as RunPreflight
}

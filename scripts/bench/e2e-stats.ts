// Small summaries for benchmark samples (milliseconds, counts), and the milestones of a
// call's setup that the end-to-end benchmarks print.
import type { ProbeSnapshot } from '../../tests/support/harness/media-probe'

export interface Summary {
  count: number
  median: number
  p10: number
  p90: number
  min: number
  max: number
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN
  const position = (sorted.length - 1) * q
  const below = Math.floor(position)
  const above = Math.ceil(position)
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below)
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b)
  return {
    count: sorted.length,
    median: quantile(sorted, 0.5),
    p10: quantile(sorted, 0.1),
    p90: quantile(sorted, 0.9),
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN
  }
}

export function formatSummary(label: string, summary: Summary, unit = 'ms'): string {
  const f = (value: number) => (Number.isFinite(value) ? value.toFixed(0).padStart(6) : '     -')
  return `${label.padEnd(44)} n=${String(summary.count).padStart(3)}  median ${f(summary.median)} ${unit}  p10 ${f(summary.p10)}  p90 ${f(summary.p90)}  min ${f(summary.min)}  max ${f(summary.max)}`
}

/** What the media probe saw on one side, as milestones (ms after the click) named for `side`. */
export function probeMilestones(side: string, probe: ProbeSnapshot, clickedAt: number): Record<string, number | undefined> {
  const after = (at: number | null) => (at === null ? undefined : at - clickedAt)
  return {
    [`${side} creates its peer connection`]: after(probe.firstConnectionAt),
    [`${side}: remote video track arrives`]: after(probe.firstRemoteVideoTrackAt),
    [`${side}: peer connection connected`]: after(probe.firstConnectedAt),
    ...Object.fromEntries(Object.entries(probe.marks).map(([what, at]) => [`${side}: ${what}`, after(at)]))
  }
}

/** Adds one call's milestones to the samples per milestone (those that did not happen are left out). */
export function addMilestones(samples: Map<string, number[]>, milestones: Record<string, number | undefined>): void {
  for (const [label, at] of Object.entries(milestones)) if (at !== undefined) samples.set(label, [...(samples.get(label) ?? []), at])
}

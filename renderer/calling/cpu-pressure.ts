// The CPU's Compute Pressure state (W3C Compute Pressure, Chromium's PressureObserver),
// read by the p2p video adaptation: it tells of a short CPU before the encoder starts
// dropping frames. Where the runtime has no PressureObserver (or refuses it, as a page
// without the permission policy does), the state stays null and the adaptation relies on
// the encoder's own qualityLimitationReason.
import type { CpuPressure } from './video-adaptation'

interface PressureRecordLike {
  state: string
}

interface PressureObserverLike {
  observe(source: 'cpu', options?: { sampleInterval?: number }): Promise<void>
  disconnect(): void
}

type PressureObserverConstructor = new (callback: (records: PressureRecordLike[]) => void) => PressureObserverLike

const STATES: ReadonlySet<string> = new Set<CpuPressure>(['nominal', 'fair', 'serious', 'critical'])

export interface CpuPressureWatch {
  /** The latest state, or null where none is known. */
  current(): CpuPressure | null
  stop(): void
}

export function watchCpuPressure(scope: { PressureObserver?: unknown } = globalThis as { PressureObserver?: unknown }, sampleIntervalMs = 2_000): CpuPressureWatch {
  let state: CpuPressure | null = null
  const Observer = scope.PressureObserver as PressureObserverConstructor | undefined
  if (typeof Observer !== 'function') return { current: () => null, stop: () => undefined }
  let observer: PressureObserverLike | undefined
  try {
    observer = new Observer((records) => {
      const latest = records.at(-1)?.state
      if (latest && STATES.has(latest)) state = latest as CpuPressure
    })
    observer.observe('cpu', { sampleInterval: sampleIntervalMs }).catch(() => {
      state = null
    })
  } catch {
    observer = undefined
  }
  return {
    current: () => state,
    stop: () => observer?.disconnect()
  }
}

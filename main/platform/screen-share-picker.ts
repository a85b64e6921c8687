// Main's half of screen sharing, the part free of Electron: one pending getDisplayMedia
// request at a time, offered to the renderer's picker (`screen:pick`) and settled by its
// answer (`screen:choose`), a cancel, a newer request, or a timeout. Kept apart from the
// Electron adapter (screen-share.ts) so it runs under plain Node in tests.
import type { ScreenSource } from '../../common/ipc'
import type { Clock } from '../services/core/platform'

export interface ScreenSharePickerOptions {
  /** Shows the picker: main sends `screen:pick` to the app's windows. */
  offer(sources: ScreenSource[]): void
  clock: Pick<Clock, 'setTimeout' | 'clearTimeout'>
  /** A picker nobody answers must not hold the renderer's getDisplayMedia forever. */
  timeoutMs?: number
}

interface Pending {
  sources: ScreenSource[]
  settle(sourceId: string | null): void
}

const DEFAULT_TIMEOUT_MS = 120_000

export class ScreenSharePicker {
  #pending: Pending | undefined

  constructor(private readonly options: ScreenSharePickerOptions) {}

  /** Offers the sources and resolves with the chosen one's id, or null when cancelled. */
  pick(sources: ScreenSource[]): Promise<string | null> {
    // A newer request replaces an unanswered one: the older getDisplayMedia is refused.
    this.#pending?.settle(null)
    return new Promise((resolve) => {
      const timer = this.options.clock.setTimeout(() => pending.settle(null), this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS)
      const pending: Pending = {
        sources,
        settle: (sourceId) => {
          if (this.#pending !== pending) return
          this.#pending = undefined
          this.options.clock.clearTimeout(timer)
          resolve(sourceId)
        }
      }
      this.#pending = pending
      this.options.offer(sources)
    })
  }

  /** What the picker offers now (for a picker view that opens after the event). */
  sources(): ScreenSource[] {
    return this.#pending?.sources ?? []
  }

  /** The renderer's answer. An id that was not offered counts as a cancel. */
  choose(sourceId: string | null): void {
    const pending = this.#pending
    if (!pending) return
    pending.settle(sourceId !== null && pending.sources.some((source) => source.id === sourceId) ? sourceId : null)
  }

  dispose(): void {
    this.#pending?.settle(null)
  }
}

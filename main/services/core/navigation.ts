// Navigation and notices for the main window, from deep links, notifications, the tray and
// answered rings, held until its renderer says it is ready (app:ready).
import type { Navigate, Notice } from '../../../common/ipc'

export type Outgoing = { channel: 'navigate'; payload: Navigate } | { channel: 'notice'; payload: Notice }

/**
 * Holds navigation and notices for the main window until its renderer is ready, then
 * delivers them in order. A window that closes is not ready any more.
 */
export class NavigationQueue {
  readonly #pending: Outgoing[] = []
  #ready = false

  constructor(
    private readonly deliver: (message: Outgoing) => void,
    private readonly limit = 20
  ) {}

  navigate(target: Navigate): void {
    this.#push({ channel: 'navigate', payload: target })
  }

  notice(notice: Notice): void {
    this.#push({ channel: 'notice', payload: notice })
  }

  setReady(ready: boolean): void {
    this.#ready = ready
    if (!ready) return
    for (const message of this.#pending.splice(0)) this.deliver(message)
  }

  pendingCount(): number {
    return this.#pending.length
  }

  #push(message: Outgoing): void {
    if (this.#ready) return this.deliver(message)
    this.#pending.push(message)
    // A flood of links while the window is away must not grow without bound: keep the newest.
    if (this.#pending.length > this.limit) this.#pending.splice(0, this.#pending.length - this.limit)
  }
}

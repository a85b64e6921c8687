// Safe self-updates. Rules:
// - check at start (after a short delay, so start-up is not slowed) and every few hours;
// - download in the background as soon as a newer version is found, but never start a
//   check or a download while a call is placed, on or ringing: it would compete with the
//   call for bandwidth. What came due meanwhile runs when the call ends;
// - announce "ready" (IPC update:stateChanged, the tray) and wait for the user: install only
//   when they agree and no call is on. If they agree during a call, install when it ends;
//   if they defer (or do not answer), remind them later. An update that was never installed this way is
//   installed when the app quits (the backend's job: electron-updater's autoInstallOnAppQuit);
// - a failed check or download is retried sooner than the regular cycle.
// Updates never restart the app on their own, and never during a call.
import type { UpdateState } from '../../../common/ipc'
import { Emitter, type Unsubscribe } from '../core/emitter'
import type { IncomingCallCoordinator } from '../calls/ring-coordinator'
import type { Clock, Logger } from '../core/platform'
import { TimerSlot } from '../../../common/timer-slot'
import type { UpdateBackend } from './backend'

export const DEFAULT_START_DELAY_MS = 10_000
export const DEFAULT_CHECK_INTERVAL_MS = 4 * 60 * 60_000
export const DEFAULT_RETRY_AFTER_ERROR_MS = 30 * 60_000
export const DEFAULT_REMIND_AFTER_MS = 24 * 60 * 60_000

/** Whether a call is placed, on or ringing, as the coordinator knows it. */
export interface CallGate {
  isBusy(): boolean
  /** Called whenever isBusy() may have changed. */
  onChange(listener: () => void): Unsubscribe
}

/** Busy while the renderer places or holds a call, and while someone rings (even silently). */
export function callGateFrom(coordinator: Pick<IncomingCallCoordinator, 'activity' | 'isRinging' | 'on'>): CallGate {
  return {
    isBusy: () => coordinator.activity() !== 'idle' || coordinator.isRinging(),
    onChange(listener) {
      const unsubscribers = [
        coordinator.on('activityChanged', () => listener()),
        coordinator.on('ringStarted', () => listener()),
        coordinator.on('ringEnded', () => listener())
      ]
      return () => unsubscribers.forEach((unsubscribe) => unsubscribe())
    }
  }
}

export interface UpdateServiceEvents {
  stateChanged: UpdateState
  /** The user deferred a ready update and the reminder came due (outside a call). */
  reminder: UpdateState
  /** The user agreed during a call: the restart waits for the call to end. */
  installAfterCall: UpdateState
}

export type InstallOutcome = 'installing' | 'after-call' | 'nothing-to-install'

export interface UpdateServiceOptions {
  /** Absent where the platform has no updater (tests, the end-to-end harness). */
  backend: UpdateBackend | undefined
  calls: CallGate
  clock: Clock
  logger: Logger
  startDelayMs?: number
  checkIntervalMs?: number
  retryAfterErrorMs?: number
  remindAfterMs?: number
}

export class UpdateService {
  readonly events = new Emitter<UpdateServiceEvents>()
  readonly #backend: UpdateBackend | undefined
  readonly #calls: CallGate
  readonly #logger: Logger
  readonly #startDelayMs: number
  readonly #checkIntervalMs: number
  readonly #retryAfterErrorMs: number
  readonly #remindAfterMs: number

  #state: UpdateState = { state: 'idle' }
  readonly #checkTimer: TimerSlot
  readonly #reminderTimer: TimerSlot
  #unsubscribeCalls: Unsubscribe | null = null
  #busyWorking = false
  /** Work that came due during a call, run when it ends. */
  #checkDue = false
  #downloadDue: string | null = null
  #reminderDue = false
  #installAfterCall = false
  #disposed = false

  constructor(options: UpdateServiceOptions) {
    this.#backend = options.backend
    this.#calls = options.calls
    this.#logger = options.logger
    this.#startDelayMs = options.startDelayMs ?? DEFAULT_START_DELAY_MS
    this.#checkIntervalMs = options.checkIntervalMs ?? DEFAULT_CHECK_INTERVAL_MS
    this.#retryAfterErrorMs = options.retryAfterErrorMs ?? DEFAULT_RETRY_AFTER_ERROR_MS
    this.#remindAfterMs = options.remindAfterMs ?? DEFAULT_REMIND_AFTER_MS
    this.#checkTimer = new TimerSlot(options.clock)
    this.#reminderTimer = new TimerSlot(options.clock)
  }

  state(): UpdateState {
    return { ...this.#state }
  }

  /** True when this build can update itself at all. */
  get enabled(): boolean {
    return this.#backend !== undefined && this.#backend.disabledReason === undefined
  }

  start(): void {
    if (this.#disposed || this.#unsubscribeCalls !== null) return
    if (!this.enabled) {
      this.#logger.info('updates: off', { reason: this.#backend?.disabledReason ?? 'no updater on this platform' })
      return
    }
    this.#unsubscribeCalls = this.#calls.onChange(() => this.#onCallsChanged())
    this.#scheduleCheck(this.#startDelayMs)
  }

  /** A check the user asked for (tray). Does nothing while a call is on or an update is under way. */
  async checkNow(): Promise<UpdateState> {
    if (this.enabled && !this.#disposed) {
      if (this.#calls.isBusy()) this.#checkDue = true
      else await this.#check()
    }
    return this.state()
  }

  /** The user agreed to restart now. */
  installNow(): InstallOutcome {
    if (this.#state.state !== 'ready') return 'nothing-to-install'
    this.#reminderTimer.clear()
    if (this.#calls.isBusy()) {
      this.#installAfterCall = true
      this.#logger.info('updates: install agreed during a call; waiting for it to end', { version: this.#state.version })
      this.events.emit('installAfterCall', this.state())
      return 'after-call'
    }
    this.#install()
    return 'installing'
  }

  /** The user said "later": no restart now; remind them after a while (it still installs on quit). */
  defer(): void {
    if (this.#state.state !== 'ready') return
    this.#installAfterCall = false
    this.#scheduleReminder()
    this.#logger.info('updates: deferred by the user', { version: this.#state.version })
  }

  dispose(): void {
    this.#disposed = true
    this.#checkTimer.clear()
    this.#reminderTimer.clear()
    this.#unsubscribeCalls?.()
    this.#unsubscribeCalls = null
    this.events.clear()
  }

  // ---- the cycle ------------------------------------------------------------------------------

  #scheduleCheck(delayMs: number): void {
    this.#checkTimer.clear()
    if (this.#disposed) return
    this.#checkTimer.set(delayMs, () => {
      if (this.#calls.isBusy()) this.#checkDue = true
      else void this.#check()
    })
  }

  async #check(): Promise<void> {
    const backend = this.#backend
    // Once downloading or ready there is nothing newer to look for until the app restarts.
    if (!backend || this.#busyWorking || this.#state.state === 'downloading' || this.#state.state === 'ready') return
    this.#busyWorking = true
    this.#checkDue = false
    this.#checkTimer.clear()
    this.#setState({ state: 'checking' })
    try {
      const found = await backend.check()
      if (this.#disposed) return
      if (found === null) {
        this.#setState({ state: 'idle' })
        this.#scheduleCheck(this.#checkIntervalMs)
        return
      }
      this.#logger.info('updates: a newer version is available', { version: found.version })
      if (this.#calls.isBusy()) {
        // A call started while the feed answered: download when it ends.
        this.#downloadDue = found.version
        this.#setState({ state: 'idle' })
        return
      }
      await this.#download(backend, found.version)
    } catch (error) {
      this.#fail('check', error)
    } finally {
      this.#busyWorking = false
    }
  }

  async #download(backend: UpdateBackend, version: string): Promise<void> {
    this.#downloadDue = null
    this.#setState({ state: 'downloading', version })
    try {
      await backend.download()
    } catch (error) {
      this.#fail('download', error)
      return
    }
    if (this.#disposed) return
    this.#setState({ state: 'ready', version })
    // Announcing "ready" is the first prompt; an unanswered one is repeated like a deferral.
    this.#scheduleReminder()
  }

  #fail(step: 'check' | 'download', error: unknown): void {
    if (this.#disposed) return
    const message = describeUpdateError(error)
    this.#logger.warn(`updates: ${step} failed`, { error: message })
    this.#setState({ state: 'error', error: message })
    this.#scheduleCheck(this.#retryAfterErrorMs)
  }

  #onCallsChanged(): void {
    if (this.#disposed || this.#calls.isBusy()) return
    if (this.#installAfterCall && this.#state.state === 'ready') {
      this.#install()
      return
    }
    if (this.#reminderDue) {
      this.#reminderDue = false
      this.#remind()
    }
    const backend = this.#backend
    if (this.#downloadDue !== null && backend && !this.#busyWorking) {
      const version = this.#downloadDue
      this.#busyWorking = true
      void this.#download(backend, version).finally(() => {
        this.#busyWorking = false
      })
      return
    }
    if (this.#checkDue) void this.#check()
  }

  #install(): void {
    // The last line of defence: whatever path led here, a call is never cut by a restart.
    if (this.#calls.isBusy() || !this.#backend) return
    this.#installAfterCall = false
    this.#logger.info('updates: restarting to install', { version: this.#state.version })
    this.#backend.quitAndInstall()
  }

  #scheduleReminder(): void {
    this.#reminderDue = false
    this.#reminderTimer.set(this.#remindAfterMs, () => {
      if (this.#calls.isBusy()) this.#reminderDue = true
      else this.#remind()
    })
  }

  #remind(): void {
    if (this.#state.state !== 'ready') return
    this.events.emit('reminder', this.state())
    this.#scheduleReminder()
  }

  #setState(next: UpdateState): void {
    this.#state = next
    this.events.emit('stateChanged', this.state())
  }
}

/**
 * One short line for the user and the log. Updater errors can carry whole HTTP replies and
 * signed download URLs (whose query strings are credentials): keep the first line, drop URLs.
 */
export function describeUpdateError(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error)
  const firstLine = raw.split(/\r?\n/, 1)[0] ?? ''
  const withoutUrls = firstLine.replace(/\bhttps?:\/\/[^\s"'<>]+/gi, (url) => {
    try {
      return new URL(url).host
    } catch {
      return '<url>'
    }
  })
  const trimmed = withoutUrls.trim()
  if (trimmed === '') return 'The update failed.'
  return trimmed.length > 200 ? `${trimmed.slice(0, 199)}…` : trimmed
}

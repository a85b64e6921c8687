// When a window's renderer dies or hangs: what to log, what to tell the user, and whether
// the call it was running is over. Electron-free (renderer-crash-electron.ts listens to
// Electron and shows the dialog). A call lives in the main window's renderer: when that
// renderer is gone, so is the call, and main must not keep answering "busy", keep the quit
// guard up or lose the call from the history because nobody reported its end.
import type { Profile } from '../../common/api'
import type { CallActivity, CallDirection, CallRecord } from '../../common/calls'
import type { Ring } from '../../common/ipc'
import type { Clock, Logger } from '../services/core/platform'

export type AppWindowKind = 'main' | 'ring' | 'other'

export type RendererProblem =
  /** webContents 'render-process-gone': crashed, killed, out of memory… (Electron's reason). */
  | { type: 'gone'; reason: string; exitCode?: number }
  /** The page has not answered for a while; it may still recover. */
  | { type: 'unresponsive' }
  | { type: 'responsive' }

export interface UserPrompt {
  message: string
  detail: string
  /** The first button reloads the window; the second leaves things as they are. */
  buttons: [string, string]
}

export interface RendererProblemDecision {
  level: 'info' | 'warn' | 'error'
  /** Main ends the call state now (history, busy, quit guard), as a hang-up would. */
  endCall: boolean
  /** Ask the user; undefined: nothing to ask. */
  prompt?: UserPrompt
  /** The ring window is rebuilt (and shown again if a ring is on) without asking. */
  rebuildRingWindow: boolean
}

/** Reasons that mean the renderer went away on purpose, not a failure. */
const EXPECTED_EXITS = new Set(['clean-exit'])

export function decideOnRendererProblem(window: AppWindowKind, problem: RendererProblem, activity: CallActivity): RendererProblemDecision {
  const inCall = activity !== 'idle'
  const none: RendererProblemDecision = { level: 'info', endCall: false, rebuildRingWindow: false }
  if (problem.type === 'responsive') return none
  if (window === 'ring') {
    // A ring can still be answered from the tray and the notification; the window is rebuilt.
    if (problem.type === 'gone') return { level: 'error', endCall: false, rebuildRingWindow: true }
    return { ...none, level: 'warn' }
  }
  if (window !== 'main') return { ...none, level: problem.type === 'gone' ? 'error' : 'warn' }
  if (problem.type === 'unresponsive') {
    return {
      level: 'warn',
      endCall: false,
      rebuildRingWindow: false,
      prompt: {
        message: 'Shoutit is not responding.',
        detail: inCall
          ? 'You can wait for it, or reload the window. Reloading ends the call.'
          : 'You can wait for it, or reload the window.',
        buttons: ['Reload', 'Wait']
      }
    }
  }
  if (EXPECTED_EXITS.has(problem.reason)) return { ...none, endCall: inCall }
  return {
    level: 'error',
    endCall: inCall,
    rebuildRingWindow: false,
    prompt: {
      message: 'Shoutit’s window stopped working.',
      detail: `${inCall ? 'The call ended. ' : ''}Reload the window to go on. (${problem.reason}${problem.exitCode === undefined ? '' : `, code ${problem.exitCode}`})`,
      buttons: ['Reload', 'Close']
    }
  }
}

interface CallState {
  direction: CallDirection
  peer?: Profile
  room?: string
  startedAt: number
  connectedAt?: number
}

export interface CallCoordinatorView {
  activity(): CallActivity
  setActivity(activity: CallActivity): void
  on(event: 'answered', listener: (ring: Ring) => void): () => void
  on(event: 'activityChanged', listener: (change: { activity: CallActivity; room?: string; peer?: Profile }) => void): () => void
}

/**
 * Follows the call the renderer reports (call:activity) closely enough to end it in its
 * place: the history record the renderer would have sent with call:finished, and the
 * activity back to idle, which stops answering busy and releases the quit guard.
 */
export class InterruptedCalls {
  #call: CallState | undefined
  readonly #answeredRooms = new Set<string>()
  readonly #unsubscribe: Array<() => void>

  constructor(
    private readonly deps: {
      coordinator: CallCoordinatorView
      history: { add(record: Omit<CallRecord, 'id'>): unknown }
      clock: Pick<Clock, 'now'>
      logger: Logger
    }
  ) {
    this.#unsubscribe = [
      // Accepting sets the activity first and says 'answered' after: either order is handled.
      deps.coordinator.on('answered', (ring) => {
        this.#answeredRooms.clear()
        this.#answeredRooms.add(ring.room)
        if (this.#call?.room === ring.room) this.#call.direction = 'incoming'
      }),
      deps.coordinator.on('activityChanged', ({ activity, room, peer }) => this.#follow(activity, room, peer))
    ]
  }

  #follow(activity: CallActivity, room: string | undefined, peer: Profile | undefined): void {
    const now = this.deps.clock.now()
    if (activity === 'idle') {
      this.#call = undefined
      return
    }
    const previous = this.#call
    const knownRoom = room ?? previous?.room
    const direction: CallDirection = knownRoom !== undefined && this.#answeredRooms.has(knownRoom) ? 'incoming' : (previous?.direction ?? 'outgoing')
    const knownPeer = peer ?? previous?.peer
    this.#call = {
      direction,
      startedAt: previous?.startedAt ?? now,
      ...(knownPeer ? { peer: knownPeer } : {}),
      ...(knownRoom !== undefined ? { room: knownRoom } : {}),
      ...(activity === 'in-call' ? { connectedAt: previous?.connectedAt ?? now } : {})
    }
  }

  /** Ends the call the dead renderer was running, if any; returns whether there was one. */
  end(detail: string): boolean {
    const call = this.#call
    if (this.deps.coordinator.activity() === 'idle') return false
    this.deps.coordinator.setActivity('idle')
    this.#call = undefined
    if (!call?.peer) {
      this.deps.logger.warn('call: ended by a renderer failure; no peer known, not recorded')
      return true
    }
    const now = this.deps.clock.now()
    const answered = call.connectedAt !== undefined
    this.deps.history.add({
      direction: call.direction,
      peer: call.peer,
      ...(call.room !== undefined ? { room: call.room } : {}),
      startedAt: call.startedAt,
      outcome: answered ? 'answered' : 'failed',
      ...(answered ? { durationSeconds: Math.max(0, Math.round((now - (call.connectedAt ?? now)) / 1000)) } : {}),
      detail
    })
    this.deps.logger.info('call: ended by a renderer failure', { room: call.room, outcome: answered ? 'answered' : 'failed' })
    return true
  }

  dispose(): void {
    for (const unsubscribe of this.#unsubscribe.splice(0)) unsubscribe()
  }
}

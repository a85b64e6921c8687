// The call state main keeps for the renderer that runs the call, ended in its place when
// that renderer goes away without reporting the end (its window closed, crashed or was
// reloaded): otherwise main would keep answering "busy", keep the quit guard up and lose
// the call from the history. Plain Node: the app and the end-to-end harness share it.
import type { CallKind, Profile } from '../../../common/api'
import type { CallActivity, CallDirection, CallRecord } from '../../../common/calls'
import type { Ring } from '../../../common/ipc'
import type { Clock, Logger } from '../core/platform'

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
      /** The kind main heard for a room (main/services/core/room-kinds.ts), kept in the record. */
      kindOf?: (room: string | undefined) => CallKind | undefined
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

  /** Ends the call the gone renderer was running, if any; returns whether there was one. */
  end(detail: string): boolean {
    const call = this.#call
    if (this.deps.coordinator.activity() === 'idle') return false
    this.deps.coordinator.setActivity('idle')
    this.#call = undefined
    if (!call?.peer) {
      this.deps.logger.warn('call: ended because its window went away; no peer known, not recorded')
      return true
    }
    const now = this.deps.clock.now()
    const answered = call.connectedAt !== undefined
    const kind = this.deps.kindOf?.(call.room)
    this.deps.history.add({
      direction: call.direction,
      peer: call.peer,
      ...(call.room !== undefined ? { room: call.room } : {}),
      startedAt: call.startedAt,
      outcome: answered ? 'answered' : 'failed',
      ...(answered ? { durationSeconds: Math.max(0, Math.round((now - (call.connectedAt ?? now)) / 1000)) } : {}),
      detail,
      ...(kind ? { kind } : {})
    })
    this.deps.logger.info('call: ended because its window went away', { room: call.room, outcome: answered ? 'answered' : 'failed' })
    return true
  }

  dispose(): void {
    for (const unsubscribe of this.#unsubscribe.splice(0)) unsubscribe()
  }
}

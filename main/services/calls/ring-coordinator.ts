// The incoming-call coordinator: turns incoming_video_call pushes into at most one ring
// and decides how each ring ends. Rules (docs/api.md §6):
// - the same room rings once, however often the caller's loop re-sends it; once the user has
//   been in that room's call and left it, a ring into it is a new invitation (group calls:
//   someone in the call rings them back in) and rings again;
// - while a call is on (or another caller is ringing), a new caller is answered `busy`
//   through video_reject without ringing;
// - a ring stops on Accept, Decline, a missed_video_call from that caller, or a timeout;
// - under do-not-disturb the ring is silent (no window, no sound) but still ends, and is
//   recorded, like any other;
// - a ring into a group call carries who else is in it (participants), recorded with it.
// Every incoming ring that was not accepted is written to the call history here; accepted
// calls are written when the renderer reports how they ended (call:finished).
import { DEFAULT_CALL_KIND, type CallKind, type CallParticipant, type IncomingVideoCall, type Profile, type RejectReason } from '../../../common/api'
import { participantOf } from '../../../common/call-participants'
import type { CallActivity } from '../../../common/calls'
import type { Ring } from '../../../common/ipc'
import { TimerSlot } from '../../../common/timer-slot'
import type { NewCallRecord } from './history'
import { Emitter, type Unsubscribe } from '../core/emitter'
import { InvalidRequestError } from '../core/errors'
import type { Clock, Logger } from '../core/platform'

/** The caller's loop lasts at most 30 s (docs/api.md §6); the rest is network slack. */
export const DEFAULT_RING_TIMEOUT_MS = 45_000
/** How long a room is remembered for deduplication: well past any re-send of the caller's loop. */
const SEEN_ROOM_TTL_MS = 10 * 60_000
const SEEN_ROOM_LIMIT = 500
/**
 * After Accept, main counts the user as in a call until the renderer reports otherwise; if
 * no report comes (the window failed to load), stop answering everyone busy after this long.
 */
const ACCEPT_CONFIRM_MS = 60_000

export type RingEndReason = 'accepted' | 'declined' | 'missed' | 'timeout' | 'cancelled'
export type IncomingDecision = 'ringing' | 'silent' | 'duplicate' | 'busy'

export interface VideoRejectPort {
  videoReject(request: { identity: string; room: string; reason: RejectReason }): Promise<unknown>
}

/** How the user chose to answer: with the camera, or with audio only. */
export interface AnswerMedia {
  video: boolean
}

export type AnsweredRing = Ring & AnswerMedia

export interface IncomingCallEvents {
  /** A ring began; `silent` under do-not-disturb (record it, but show and play nothing). */
  ringStarted: { ring: Ring; silent: boolean }
  ringEnded: { ring: Ring; reason: RingEndReason; silent: boolean }
  /** The user accepted: the main window must open in this call, with the camera on or not. */
  answered: AnsweredRing
  activityChanged: { activity: CallActivity; room?: string; peer?: Profile }
  /** Who is in the call with the user changed (someone joined or left a group call); empty when not in a call. */
  inCallWithChanged: { people: readonly CallParticipant[] }
}

export interface IncomingCallCoordinatorOptions {
  clock: Clock
  api: VideoRejectPort
  history: { add(record: NewCallRecord): unknown }
  doNotDisturb: () => boolean
  logger: Logger
  ringTimeoutMs?: number
}

interface ActiveRing {
  ring: Ring
  silent: boolean
  startedAt: number
}

export class IncomingCallCoordinator {
  readonly #events = new Emitter<IncomingCallEvents>()
  readonly #seenRooms = new Map<string, number>()
  /** The kind of each caller's latest ring, for wording their missed-call notice after the ring is over. */
  readonly #latestKinds = new Map<string, { kind: CallKind; at: number }>()
  readonly #timeoutMs: number
  #ringing: ActiveRing | null = null
  #activity: CallActivity = 'idle'
  /** The room of the call the user is in (activity 'in-call'), as the renderer reported it. */
  #activityRoom: string | undefined
  /** Everyone in the call with the user now, as the renderer last reported it. */
  #inCallWith: readonly CallParticipant[] = []
  /** Ends the running ring as unanswered. */
  readonly #ringTimer: TimerSlot
  /** After Accept: stops counting the user as in a call if the window never reports. */
  readonly #acceptWatchdog: TimerSlot

  constructor(private readonly options: IncomingCallCoordinatorOptions) {
    this.#timeoutMs = options.ringTimeoutMs ?? DEFAULT_RING_TIMEOUT_MS
    this.#ringTimer = new TimerSlot(options.clock)
    this.#acceptWatchdog = new TimerSlot(options.clock)
  }

  on<K extends keyof IncomingCallEvents>(event: K, listener: (payload: IncomingCallEvents[K]) => void): Unsubscribe {
    return this.#events.on(event, listener)
  }

  /** The ring the user can see and answer (null while nothing rings, or while a silent ring runs). */
  current(): Ring | null {
    return this.#ringing && !this.#ringing.silent ? { ...this.#ringing.ring } : null
  }

  /** True while any ring runs, shown or silent. */
  isRinging(): boolean {
    return this.#ringing !== null
  }

  activity(): CallActivity {
    return this.#activity
  }

  /** Everyone in the call with the user now (the peer alone in a 1:1 call); empty when not in a call. */
  inCallWith(): readonly CallParticipant[] {
    return this.#inCallWith
  }

  /** A ring as the realtime service has already validated it (core/realtime.ts). */
  handleIncoming(incoming: IncomingVideoCall): IncomingDecision {
    const { video_call: call, ...caller } = incoming
    const now = this.options.clock.now()
    this.#forgetOldRooms(now)
    if (this.#seenRooms.has(call.room)) return 'duplicate'
    this.#seenRooms.set(call.room, now)
    const ring: Ring = { room: call.room, callerIdentity: call.identity, caller, kind: call.kind ?? DEFAULT_CALL_KIND }
    // A group call: who else is in it, for "Alice is calling you with Bob" and the history.
    if (call.participants && call.participants.length > 0) ring.participants = call.participants.map((person) => ({ ...person }))
    this.#rememberKind(caller.id, ring.kind, now)

    const current = this.#ringing
    if (current && current.ring.caller.id === caller.id) {
      // The caller gave up and dialled again before their missed notice reached us.
      this.#end('missed')
    } else if (this.#activity !== 'idle' || current) {
      this.options.logger.info('ring: answered busy', { room: call.room })
      this.#record(ring, now, 'busy')
      this.#reject(ring, 'busy')
      return 'busy'
    }

    const silent = this.options.doNotDisturb()
    this.#ringing = { ring, silent, startedAt: now }
    this.#ringTimer.set(this.#timeoutMs, () => this.#end('timeout'))
    this.options.logger.info('ring: started', { room: call.room, silent })
    this.#events.emit('ringStarted', { ring: { ...ring }, silent })
    return silent ? 'silent' : 'ringing'
  }

  /** Accepts the ringing call; throws InvalidRequestError when that room no longer rings. */
  accept(room: string, media: AnswerMedia = { video: true }): Ring {
    const active = this.#requireVisibleRing(room)
    this.#stop()
    this.#setActivity('in-call', room, active.ring.caller)
    this.#acceptWatchdog.set(ACCEPT_CONFIRM_MS, () => {
      this.options.logger.warn('ring: the window never reported the accepted call; no longer busy', { room })
      this.#setActivity('idle')
    })
    this.options.logger.info('ring: accepted', { room })
    this.#events.emit('ringEnded', { ring: active.ring, reason: 'accepted', silent: false })
    this.#events.emit('answered', { ...active.ring, video: media.video })
    return { ...active.ring }
  }

  /** Declines the ringing call: ends the ring now, tells the caller `rejected`. */
  async decline(room: string): Promise<void> {
    const active = this.#requireVisibleRing(room)
    this.#end('declined')
    await this.#reject(active.ring, 'rejected')
  }

  /** A missed_video_call from this caller arrived: their loop is over, stop ringing for them. */
  handleMissedCallFrom(callerProfileId: string): boolean {
    if (this.#ringing?.ring.caller.id !== callerProfileId) return false
    this.#end('missed')
    return true
  }

  /** The kind of this caller's latest ring since `sinceMs`, if one came. */
  latestKindFrom(callerProfileId: string, sinceMs: number): CallKind | undefined {
    const latest = this.#latestKinds.get(callerProfileId)
    return latest && latest.at >= sinceMs ? latest.kind : undefined
  }

  /**
   * What the renderer's call flow reports (call:activity). `inCallWith`: everyone in the call
   * now; without it, the peer alone.
   */
  setActivity(activity: CallActivity, room?: string, peer?: Profile, inCallWith?: readonly CallParticipant[]): void {
    this.#acceptWatchdog.clear()
    this.#setActivity(activity, room, peer, inCallWith)
  }

  /** Ends any ring without recording it (sign-out, shutdown). */
  cancel(): void {
    if (!this.#ringing) return
    const { ring, silent } = this.#ringing
    this.#stop()
    this.#events.emit('ringEnded', { ring, reason: 'cancelled', silent })
  }

  dispose(): void {
    this.#acceptWatchdog.clear()
    this.cancel()
    this.#events.clear()
  }

  #requireVisibleRing(room: string): ActiveRing {
    const active = this.#ringing
    if (!active || active.ring.room !== room || active.silent) {
      throw new InvalidRequestError('This call is no longer ringing.')
    }
    return active
  }

  #end(reason: 'declined' | 'missed' | 'timeout'): void {
    const active = this.#ringing
    if (!active) return
    this.#stop()
    this.#record(active.ring, active.startedAt, reason === 'declined' ? 'declined' : 'missed')
    this.options.logger.info('ring: ended', { room: active.ring.room, reason })
    this.#events.emit('ringEnded', { ring: active.ring, reason, silent: active.silent })
  }

  #stop(): void {
    this.#ringTimer.clear()
    this.#ringing = null
  }

  #setActivity(activity: CallActivity, room?: string, peer?: Profile, inCallWith?: readonly CallParticipant[]): void {
    const changed = activity !== this.#activity
    // Left a call: its caller's loop stopped when the user answered, so anything for that
    // room from now on is somebody ringing them back into it.
    if (this.#activity === 'in-call' && activity !== 'in-call' && this.#activityRoom) this.#seenRooms.delete(this.#activityRoom)
    if (activity === 'in-call') this.#activityRoom = room ?? this.#activityRoom
    else this.#activityRoom = undefined
    this.#activity = activity
    if (changed) this.#events.emit('activityChanged', { activity, room, peer })
    const people = activity !== 'in-call' ? [] : (inCallWith ?? (peer ? [participantOf(peer)] : this.#inCallWith))
    if (!samePeople(people, this.#inCallWith)) {
      this.#inCallWith = people
      this.#events.emit('inCallWithChanged', { people })
    }
  }

  #record(ring: Ring, startedAt: number, outcome: 'missed' | 'declined' | 'busy'): void {
    try {
      const participants = ring.participants ? { participants: ring.participants } : {}
      this.options.history.add({ direction: 'incoming', peer: ring.caller, room: ring.room, startedAt, outcome, kind: ring.kind, ...participants })
    } catch (error) {
      this.options.logger.error('ring: could not record the call', { error: String(error) })
    }
  }

  async #reject(ring: Ring, reason: RejectReason): Promise<void> {
    try {
      await this.options.api.videoReject({ identity: ring.callerIdentity, room: ring.room, reason })
    } catch (error) {
      // The caller's loop still ends on its own within 30 s; nothing more to do here.
      this.options.logger.warn('ring: video_reject failed', { reason, error: error instanceof Error ? error.message : String(error) })
    }
  }

  #rememberKind(callerProfileId: string, kind: CallKind, now: number): void {
    this.#latestKinds.delete(callerProfileId) // re-inserted last: the map stays in time order
    this.#latestKinds.set(callerProfileId, { kind, at: now })
    for (const [caller, { at }] of this.#latestKinds) {
      if (now - at > SEEN_ROOM_TTL_MS || this.#latestKinds.size > SEEN_ROOM_LIMIT) this.#latestKinds.delete(caller)
      else break
    }
  }

  #forgetOldRooms(now: number): void {
    for (const [room, seenAt] of this.#seenRooms) {
      if (now - seenAt > SEEN_ROOM_TTL_MS || this.#seenRooms.size > SEEN_ROOM_LIMIT) this.#seenRooms.delete(room)
      else break // insertion order is time order
    }
  }
}

function samePeople(a: readonly CallParticipant[], b: readonly CallParticipant[]): boolean {
  return a.length === b.length && a.every((person, index) => person.id === b[index]?.id && person.name === b[index]?.name)
}

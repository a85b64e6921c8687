// Ringing more people into a call that is already on (docs/api.md §6): each invited person
// gets their own ring-and-retry loop into the call's room, and their own answer (joined,
// declined, busy, no answer, failed), so the screen can say who is ringing and who said no
// while the call goes on. Pure: the API and the clock are injected.
import type { CallKind, Profile, RejectReason } from '../../common/api'
import type { Clock } from './clock'
import { startRingLoop, type RingLoop, type RingResult } from './ring-loop'

export type InvitationState = 'looking-up' | 'ringing' | 'joined' | 'declined' | 'busy' | 'no-answer' | 'cancelled' | 'failed'

export interface Invitation {
  profile: Profile
  state: InvitationState
  /** For failed: what went wrong, as the API said it. */
  error?: unknown
}

export interface InvitationsApi {
  /** GET video_identity for this username. */
  identityOf(username: string): Promise<string>
  /** POST video_call {identity, room, kind}. */
  ring(identity: string, room: string, kind: CallKind): Promise<{ available: boolean }>
  /** POST video_call {identity, missed: true}. */
  reportMissed(identity: string): Promise<void>
}

export interface InvitationsOptions {
  api: InvitationsApi
  clock: Clock
  room: string
  kind: CallKind
  pauseMs: number
  /** Any invitation changed state. */
  onChange: () => void
}

interface Entry {
  invitation: Invitation
  identity?: string
  loop?: RingLoop
}

const ANSWERED: ReadonlySet<InvitationState> = new Set(['looking-up', 'ringing', 'joined'])

const STATE_OF_UNANSWERED: Record<Exclude<RingResult['kind'], 'answered'>, InvitationState> = {
  'no-answer': 'no-answer',
  rejected: 'declined',
  busy: 'busy',
  cancelled: 'cancelled',
  failed: 'failed'
}

export class Invitations {
  readonly #entries = new Map<string, Entry>()
  #closed = false

  constructor(private readonly options: InvitationsOptions) {}

  /** Everyone invited in this call, in the order they were invited. */
  list(): Invitation[] {
    return [...this.#entries.values()].map((entry) => entry.invitation)
  }

  /**
   * Rings this person into the room. Someone still being rung or already in the call is not
   * rung twice; someone who declined, was busy or did not answer may be invited again.
   */
  invite(profile: Profile): void {
    if (this.#closed) return
    const existing = this.#entries.get(profile.id)
    if (existing && ANSWERED.has(existing.invitation.state)) return
    const entry: Entry = { invitation: { profile, state: 'looking-up' } }
    this.#entries.set(profile.id, entry)
    this.#changed()
    void this.#ring(entry)
  }

  /**
   * A participant joined the room: if we rang them, their ringing is over. Engines name
   * participants by their video identity (Twilio, Janus) or by their profile id (the p2p
   * room channel's members), so either matches.
   */
  participantJoined(identity: string): void {
    for (const entry of this.#entries.values()) {
      if ((entry.identity === identity || entry.invitation.profile.id === identity) && entry.invitation.state === 'ringing') {
        entry.loop?.answered()
        this.#set(entry, { state: 'joined' })
      }
    }
  }

  /**
   * Stops ringing this person (each ring loop sends its one missed report). Someone whose
   * identity is still being looked up is never rung; an answered invitation stays as it is.
   */
  cancel(username: string): void {
    for (const entry of this.#entries.values()) {
      if (entry.invitation.profile.username !== username) continue
      if (entry.invitation.state === 'looking-up') this.#set(entry, { state: 'cancelled' })
      else if (entry.invitation.state === 'ringing') entry.loop?.cancel()
    }
  }

  /** `video_call_rejected` for this call's room, from the person who said no. */
  rejected(profileId: string, reason: RejectReason): void {
    this.#entries.get(profileId)?.loop?.rejected(reason)
  }

  /** The call is over: stop ringing everyone still being rung (each gets its missed report). */
  close(): void {
    this.#closed = true
    for (const entry of this.#entries.values()) entry.loop?.cancel()
  }

  async #ring(entry: Entry): Promise<void> {
    const { api, clock, room, kind, pauseMs } = this.options
    let identity: string
    try {
      identity = await api.identityOf(entry.invitation.profile.username)
    } catch (error) {
      this.#set(entry, { state: 'failed', error })
      return
    }
    // Invited again, or cancelled, while the lookup ran: this lookup is not needed any more.
    if (this.#entries.get(entry.invitation.profile.id) !== entry || entry.invitation.state === 'cancelled') return
    if (this.#closed) {
      this.#set(entry, { state: 'cancelled' })
      return
    }
    entry.identity = identity
    this.#set(entry, { state: 'ringing' })
    const loop = startRingLoop({
      clock,
      pauseMs,
      api: {
        ring: () => api.ring(identity, room, kind),
        reportMissed: () => api.reportMissed(identity)
      }
    })
    entry.loop = loop
    const result = await loop.result
    if (result.kind === 'answered') return
    this.#set(entry, { state: STATE_OF_UNANSWERED[result.kind], ...(result.error === undefined ? {} : { error: result.error }) })
  }

  #set(entry: Entry, next: Omit<Invitation, 'profile'>): void {
    entry.invitation = { profile: entry.invitation.profile, ...next }
    this.#changed()
  }

  #changed(): void {
    this.options.onChange()
  }
}

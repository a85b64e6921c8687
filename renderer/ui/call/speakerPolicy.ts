// Who a group call puts first: the big tile of the speaker view and the small call window.
// Pure, so the rule is tested without a screen.
import type { CallParticipant } from '../../calling/controller-types'

/**
 * The participant to show large: the one the user picked (while they are still in the call),
 * else the one speaking now, else whoever spoke last (silence between sentences should not
 * flip the picture), else the first to join. Null for a call with nobody else in it.
 */
export function featuredParticipant(
  participants: readonly CallParticipant[],
  { pinned, lastSpeaker }: { pinned?: string | null; lastSpeaker?: string | null } = {}
): CallParticipant | null {
  const present = (identity: string | null | undefined) =>
    identity === null || identity === undefined ? undefined : participants.find((participant) => participant.identity === identity)
  return present(pinned) ?? participants.find((participant) => participant.speaking) ?? present(lastSpeaker) ?? participants[0] ?? null
}

/** More than one other person: the call is a group call and gets the grid. */
export function isGroupCall(participants: readonly CallParticipant[]): boolean {
  return participants.length >= 2
}

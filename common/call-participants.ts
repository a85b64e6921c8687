// How a group call names the others in it, for the ring window, the missed-call notification
// and anything else that says "Alice is calling you with Bob" (docs/api.md §5 `participants`).
import type { TFunction } from 'i18next'
import type { CallParticipant } from './api'
import { displayName } from './display-name'

/** The part of a profile a call names a person by (history, ring, tray). */
export function participantOf(person: Pick<CallParticipant, 'id' | 'username' | 'name'>): CallParticipant {
  return { id: person.id, username: person.username, name: person.name }
}

/** Named one by one up to this many; beyond, the first and a count ("Bob and 2 others"). */
const NAMED_OTHERS = 2

/**
 * "Bob", "Bob and Carol", "Bob and 2 others" (joined by Intl.ListFormat in the current
 * language); undefined when nobody else is in the call (a 1:1 call).
 */
export function othersInCall(t: TFunction, participants: readonly Pick<CallParticipant, 'name' | 'username'>[] | undefined): string | undefined {
  if (!participants || participants.length === 0) return undefined
  const names = participants.map((person) => displayName(person))
  if (names.length <= NAMED_OTHERS) return t('ring.othersList', { names })
  return t('ring.othersList', { names: [names[0]!, t('ring.moreOthers', { count: names.length - 1 })] })
}

/** "Alice is calling you with Bob"; undefined for a 1:1 ring. */
export function callingYouWith(t: TFunction, caller: Pick<CallParticipant, 'name' | 'username'>, participants: readonly Pick<CallParticipant, 'name' | 'username'>[] | undefined): string | undefined {
  const others = othersInCall(t, participants)
  return others === undefined ? undefined : t('ring.callingYouWith', { name: displayName(caller), others })
}

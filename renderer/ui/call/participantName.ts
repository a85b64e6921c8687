import type { TFunction } from 'i18next'
import type { Profile } from '../../../common/api'
import { displayName } from '../../../common/display-name'
import type { CallParticipant } from '../../calling/controller-types'

/**
 * The name on a participant's tile. The engine knows people by identity only; the controller
 * names them when it knows who they are. Until then the first to join is the call's peer (as
 * on the 1:1 screen), and anyone else is numbered in the order they joined.
 */
export function participantName(participant: CallParticipant, index: number, peer: Profile, t: TFunction): string {
  if (participant.name) return participant.name
  if (index === 0) return displayName(peer)
  return t('group.participantNumber', { number: index + 1 })
}

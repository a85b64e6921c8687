import { useId } from 'react'
import type { Profile } from '../../../common/api'
import { displayName } from '../../../common/display-name'
import type { CallController, CallPhase, Invitation, InvitationState } from '../../calling/controller-types'
import { Avatar } from '../components/Avatar'
import { Dialog } from '../components/Dialog'
import { useWords } from '../i18n/LanguageProvider'
import { PeopleSearch } from '../screens/PeopleSearch'
import { participantName } from './participantName'

type InCall = Extract<CallPhase, { phase: 'in-call' }>

/** Still on its way: asked for, not answered. Cancel stops it. */
const PENDING: ReadonlySet<InvitationState> = new Set(['looking-up', 'ringing'])

interface AddPeopleDialogProps {
  phase: InCall
  controller: CallController
  presenceKnown: boolean
  onClose: () => void
}

/**
 * Ringing more people into the call that is on: the people search with Ring beside each
 * person, who has been rung and what they answered (Cancel while it rings), and who is in the
 * call. The native dialog closes on Escape and gives the focus back to Add people.
 */
export function AddPeopleDialog({ phase, controller, presenceKnown, onClose }: AddPeopleDialogProps) {
  const { t } = useWords()
  const invitedId = useId()
  const inCallId = useId()
  const byId = new Map(phase.invitations.map((invitation) => [invitation.profile.id, invitation]))
  // The engine knows participants by identity; the name the controller gives them is what ties
  // them to a profile here (the peer and anyone who joined from here are known by profile).
  const namesInCall = new Set(phase.participants.flatMap((participant) => (participant.name ? [participant.name] : [])))
  const ringAction = (person: Profile) => {
    const invitation = byId.get(person.id)
    if (person.id === phase.peer.id || invitation?.state === 'joined' || namesInCall.has(displayName(person))) return <span className="invite-note">{t('group.alreadyIn')}</span>
    if (invitation && PENDING.has(invitation.state)) return <span className="invite-note">{t(`group.state.${invitation.state}`)}</span>
    return (
      <button type="button" className="call-button" aria-label={t('group.ringName', { name: displayName(person) })} onClick={() => controller.invite(person)}>
        {t('group.ring')}
      </button>
    )
  }
  const inCallNames = [...phase.participants.map((participant, index) => participantName(participant, index, phase.peer, t)), t('call.you')]
  return (
    <Dialog title={t('group.addPeopleTitle')} onCancel={onClose} className="add-people-dialog">
      <PeopleSearch canCall presenceKnown={presenceKnown} initialSearch="" onCall={(person) => controller.invite(person)} actions={ringAction} />
      {phase.invitations.length > 0 && (
        // Polite: each answer (declined, joined…) is read out as it comes.
        <section aria-labelledby={invitedId} aria-live="polite" className="invitations">
          <h3 id={invitedId}>{t('group.invited')}</h3>
          <ul className="person-list">
            {phase.invitations.map((invitation) => (
              <InvitationRow key={invitation.profile.id} invitation={invitation} onCancel={() => controller.cancelInvitation(invitation.profile.username)} />
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby={inCallId} className="in-call-list">
        <h3 id={inCallId}>{t('group.inTheCall', { count: inCallNames.length })}</h3>
        <ul className="name-list">
          {inCallNames.map((name, index) => (
            <li key={index} title={name}>
              {name}
            </li>
          ))}
        </ul>
      </section>
      <div className="button-row">
        <button type="button" onClick={onClose}>
          {t('common.done')}
        </button>
      </div>
    </Dialog>
  )
}

function InvitationRow({ invitation, onCancel }: { invitation: Invitation; onCancel: () => void }) {
  const { t } = useWords()
  const name = displayName(invitation.profile)
  return (
    <li className="person" data-state={invitation.state}>
      <Avatar profile={invitation.profile} />
      <div className="person-text">
        <span className="person-name" title={name}>
          {name}
        </span>
        <span className={`person-detail invitation-state ${invitation.state}`}>{t(`group.state.${invitation.state}`)}</span>
      </div>
      {PENDING.has(invitation.state) && (
        <button type="button" aria-label={t('group.cancelRingName', { name })} onClick={onCancel}>
          {t('common.cancel')}
        </button>
      )}
    </li>
  )
}

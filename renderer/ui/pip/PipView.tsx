import { useCallback, useSyncExternalStore } from 'react'
import { displayName } from '../../../common/display-name'
import type { CallController, CallPhase } from '../../calling/controller-types'
import { CallIcon } from '../call/CallIcons'
import { MediaView } from '../call/MediaView'
import { Avatar } from '../components/Avatar'
import { formatDuration, spokenDuration } from '../format'
import { useElapsedSeconds } from '../hooks/useElapsedSeconds'
import { useWords } from '../i18n/LanguageProvider'
import type { TFunction } from 'i18next'
import { participantName } from '../call/participantName'
import { isGroupCall } from '../call/speakerPolicy'
import { useFeaturedParticipant } from '../call/useFeaturedParticipant'
import { MutedBadge } from '../call/TileBadges'

type ActivePhase = Exclude<CallPhase, { phase: 'idle' } | { phase: 'ended' }>
type InCall = Extract<CallPhase, { phase: 'in-call' }>

const NOBODY: InCall['participants'] = []

interface PipViewProps {
  controller: CallController
  phase: ActivePhase
  onBackToCall: () => void
  onClose: () => void
}

/**
 * The small call window's content: the other side's video (or their picture and name when
 * there is none, as on the call screen), who and how long, and the few controls that matter
 * from another app: mute, hang up, back to the call. It runs in its own React root inside the
 * child window, so it gets everything as props and reads no context but the words
 * (PipWindow provides the app's i18next instance).
 */
export function PipView({ controller, phase, onBackToCall, onClose }: PipViewProps) {
  const { t } = useWords()
  const subscribe = useCallback((listener: () => void) => controller.subscribe(listener), [controller])
  const firstStream = useSyncExternalStore(subscribe, () => controller.getMedia().remoteStream)
  const remoteStreams = useSyncExternalStore(subscribe, () => controller.getMedia().remoteStreams)
  const inCall = phase.phase === 'in-call' ? phase : null
  const participants = inCall?.participants ?? NOBODY
  // A group call shows whoever speaks (or spoke last), with their own name, media and state.
  const featured = useFeaturedParticipant(participants)
  const group = isGroupCall(participants) && featured !== null
  const featuredIndex = featured ? participants.indexOf(featured) : -1
  const name = group ? participantName(featured, featuredIndex, phase.peer, t) : displayName(phase.peer)
  const remote = group ? featured.remote : inCall?.remote
  const remoteStream = group ? (remoteStreams[featured.identity] ?? null) : firstStream
  const videoShown = remote !== undefined && !remote.videoOff && (remoteStream?.getVideoTracks().length ?? 0) > 0
  const avatar = group ? { name, username: name, image: null } : phase.peer
  const label = group ? t('group.withNames', { names: participants.map((participant, index) => participantName(participant, index, phase.peer, t)) }) : t('call.withName', { name })
  return (
    <main className="pip" aria-label={label}>
      {videoShown ? (
        // Muted: the main window's call screen already plays their voice.
        <MediaView stream={remoteStream} label={t('call.videoOf', { name })} muted className="pip-video" />
      ) : (
        <div className="pip-placeholder">
          <Avatar profile={avatar} size="medium" />
          {remote && <span className="pip-note">{remote.videoOff ? t('call.cameraIsOff') : t('call.noVideo')}</span>}
        </div>
      )}
      <div className="pip-topbar">
        <span className="pip-peer" title={name}>
          {name}
        </span>
        {group && <span className="pip-others">{t('group.andOthers', { count: participants.length - 1 })}</span>}
        {remote?.audioMuted && <MutedBadge />}
        {phase.phase === 'in-call' ? <PipStatus phase={phase} /> : <span className="pip-status">{outgoingStatus(phase, t)}</span>}
        <button type="button" className="pip-close" aria-label={t('common.close')} title={t('pip.closeHint')} onClick={onClose}>
          ×
        </button>
      </div>
      <div className="pip-controls" role="toolbar" aria-label={t('call.controls')}>
        {inCall && (
          <button type="button" className={`call-toggle${inCall.muted ? ' off' : ''}`} aria-pressed={inCall.muted} onClick={() => controller.setMuted(!inCall.muted)}>
            <CallIcon name={inCall.muted ? 'mic-off' : 'mic'} />
            {t('call.mute')}
          </button>
        )}
        <button type="button" className="danger" onClick={() => controller.hangUp()}>
          <CallIcon name="hang-up" />
          {inCall ? t('call.hangUp') : t('common.cancel')}
        </button>
        <button type="button" className="pip-back" onClick={onBackToCall}>
          {t('pip.backToCall')}
        </button>
      </div>
    </main>
  )
}

/** Duration, or reconnecting in words; its own component so only it redraws every second. */
function PipStatus({ phase }: { phase: InCall }) {
  const { t, language } = useWords()
  const elapsed = useElapsedSeconds(phase.startedAt)
  if (phase.reconnecting) return <span className="pip-status">{t('pip.reconnecting')}</span>
  return (
    <time className="pip-status call-duration" aria-label={t('call.duration', { duration: spokenDuration(elapsed, language) })}>
      {formatDuration(elapsed)}
    </time>
  )
}

function outgoingStatus(phase: Exclude<ActivePhase, InCall>, t: TFunction): string {
  switch (phase.phase) {
    case 'ringing':
      return t('pip.ringing')
    case 'connecting':
      return t('pip.joining')
    case 'preparing':
      return t('call.calling')
  }
}

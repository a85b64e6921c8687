import { useCallback } from 'react'
import './pip.css'
import { displayName } from '../../../common/display-name'
import type { CallController, CallPhase } from '../../calling/controller-types'
import { request, useBridge } from '../bridge'
import { useWindowVisible, useWindowWatched } from '../hooks/useWindowWatched'
import { isPipPhase } from './pipPolicy'
import { PipView } from './PipView'
import { PipWindow } from './PipWindow'
import { usePipOpen } from './usePipOpen'
import { useRemoteVideoShown } from './useRemoteVideoShown'
import { useWords } from '../i18n/LanguageProvider'

interface CallPipProps {
  controller: CallController
  phase: CallPhase
  /** The setting "Show a small call window when Shoutit is in the background". */
  enabled: boolean
}

/**
 * The picture-in-picture call window: open while a call is on and the main window is out of
 * sight (hidden, minimised, or behind another app), after a short delay; closed when the main
 * window is watched again, when the call ends, or by the user. Loaded with the call, never before.
 */
export default function CallPip({ controller, phase, enabled }: CallPipProps) {
  const bridge = useBridge()
  const { t } = useWords()
  const watched = useWindowWatched()
  const windowVisible = useWindowVisible()
  const { open, userClosed } = usePipOpen({ callActive: isPipPhase(phase.phase), watched, enabled })
  useRemoteVideoShown(controller, { windowVisible, pipOpen: open })
  const backToCall = useCallback(() => {
    // Closed at once and kept closed until the main window has been seen: if the OS refuses
    // to bring it forward, the user can still find it without this window in the way.
    userClosed()
    request(bridge, 'app:showMain', {}).catch(() => window.focus())
  }, [bridge, userClosed])
  if (!open || phase.phase === 'idle' || phase.phase === 'ended') return null
  return (
    <PipWindow title={t('pip.title', { name: displayName(phase.peer) })} onClosedByUser={userClosed}>
      <PipView controller={controller} phase={phase} onBackToCall={backToCall} onClose={userClosed} />
    </PipWindow>
  )
}

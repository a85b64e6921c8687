import { useRef, useState } from 'react'
import type { RealtimeState, UpdateState, VideoTokenState } from '../../../common/ipc'
import type { TFunction } from 'i18next'
import { formatTime } from '../../../common/i18n/durations'
import type { Language } from '../../../common/i18n/languages'
import { request, useBridge } from '../bridge'
import { useWords } from '../i18n/LanguageProvider'

interface StatusBannersProps {
  realtime: RealtimeState | null
  token: VideoTokenState | null
  update: UpdateState | null
  /** Updates never interrupt a call: their prompt waits until it is over. */
  inCall: boolean
  /**
   * Both sides are in the call: its own screen says when its connection is in trouble
   * (dimmed video, "Reconnecting…"), so the app's Offline banner would only repeat it, and
   * take room from the video.
   */
  callConnected?: boolean
  /** Guests have no video token and are never rung: token and ring problems don't concern them. */
  isGuest: boolean
  /** Why the sign-in will not survive a restart (no keyring), when that is so. */
  storageWarning?: string
}

/** One live region for what is wrong (or pending) with the connection, video access and updates. */
export function StatusBanners({ realtime, token, update, inCall, callConnected = false, isGuest, storageWarning }: StatusBannersProps) {
  const bridge = useBridge()
  const { t, language } = useWords()
  const wasConnected = useRef(false)
  const [updateDismissed, setUpdateDismissed] = useState<string | null>(null)
  const [storageDismissed, setStorageDismissed] = useState(false)
  if (realtime?.state === 'connected') wasConnected.current = true

  const realtimeMessage = isGuest || callConnected ? null : realtimeText(realtime, wasConnected.current, t)
  const tokenMessage = isGuest ? null : tokenText(token, t, language)
  const updateReady = update?.state === 'ready' && !inCall && updateDismissed !== (update.version ?? '')

  return (
    <div className="status-banners" role="status">
      {realtimeMessage && <p className="banner warning">{realtimeMessage}</p>}
      {tokenMessage && <p className={`banner ${token?.state === 'failed' ? 'error' : 'warning'}`}>{tokenMessage}</p>}
      {storageWarning && !storageDismissed && !inCall && (
        <div className="banner warning with-actions">
          <p>{storageWarning}</p>
          <button type="button" onClick={() => setStorageDismissed(true)}>
            {t('banners.gotIt')}
          </button>
        </div>
      )}
      {updateReady && (
        <div className="banner info">
          <p>{update.version ? t('banners.updateReadyVersion', { version: update.version }) : t('banners.updateReady')}</p>
          <button type="button" onClick={() => void request(bridge, 'update:installNow', {}).catch(() => undefined)}>
            {t('banners.restartNow')}
          </button>
          <button type="button" onClick={() => setUpdateDismissed(update.version ?? '')}>
            {t('banners.later')}
          </button>
        </div>
      )}
    </div>
  )
}

/** The states the Offline and server-unreachable banners stand for: nothing live is heard then. */
export function realtimeLost(realtime: RealtimeState | null): boolean {
  const state = realtime?.state
  return state === 'disconnected' || state === 'unavailable' || state === 'failed'
}

function realtimeText(realtime: RealtimeState | null, wasConnected: boolean, t: TFunction): string | null {
  switch (realtime?.state) {
    case undefined:
    case 'connected':
      return null
    case 'connecting':
      return wasConnected ? t('banners.reconnecting') : null
    case 'disconnected':
    case 'unavailable':
      return t('banners.offline')
    case 'failed':
      return t('banners.serverUnreachable')
  }
}

function tokenText(token: VideoTokenState | null, t: TFunction, language: Language): string | null {
  if (!token) return null
  const error = token.error
  if (token.state === 'failed') return error ? t('banners.videoUnavailableBecause', { error }) : t('banners.videoUnavailable')
  if (token.state === 'retrying') {
    const trouble = error ? t('banners.videoTroubleBecause', { error }) : t('banners.videoTrouble')
    return token.nextAttemptAt ? `${trouble} ${t('banners.tryingAgainAt', { time: formatTime(token.nextAttemptAt, language) })}` : trouble
  }
  return null
}

import { useRef, useState } from 'react'
import type { RealtimeState, UpdateState, VideoTokenState } from '../../../common/ipc'
import { request, useBridge } from '../bridge'

interface StatusBannersProps {
  realtime: RealtimeState | null
  token: VideoTokenState | null
  update: UpdateState | null
  /** Updates never interrupt a call: their prompt waits until it is over. */
  inCall: boolean
  /** Guests have no video token and are never rung: token and ring problems don't concern them. */
  isGuest: boolean
  /** Why the sign-in will not survive a restart (no keyring), when that is so. */
  storageWarning?: string
}

/** One live region for what is wrong (or pending) with the connection, video access and updates. */
export function StatusBanners({ realtime, token, update, inCall, isGuest, storageWarning }: StatusBannersProps) {
  const bridge = useBridge()
  const wasConnected = useRef(false)
  const [updateDismissed, setUpdateDismissed] = useState<string | null>(null)
  const [storageDismissed, setStorageDismissed] = useState(false)
  if (realtime?.state === 'connected') wasConnected.current = true

  const realtimeMessage = isGuest ? null : realtimeText(realtime, wasConnected.current)
  const tokenMessage = isGuest ? null : tokenText(token)
  const updateReady = update?.state === 'ready' && !inCall && updateDismissed !== (update.version ?? '')

  return (
    <div className="status-banners" role="status">
      {realtimeMessage && <p className="banner warning">{realtimeMessage}</p>}
      {tokenMessage && <p className={`banner ${token?.state === 'failed' ? 'error' : 'warning'}`}>{tokenMessage}</p>}
      {storageWarning && !storageDismissed && !inCall && (
        <div className="banner warning with-actions">
          <p>{storageWarning}</p>
          <button type="button" onClick={() => setStorageDismissed(true)}>
            Got it
          </button>
        </div>
      )}
      {updateReady && (
        <div className="banner info">
          <p>
            {update.version ? `Shoutit ${update.version} is ready.` : 'An update is ready.'} Restart when it suits you.
          </p>
          <button type="button" onClick={() => void request(bridge, 'update:installNow', {}).catch(() => undefined)}>
            Restart now
          </button>
          <button type="button" onClick={() => setUpdateDismissed(update.version ?? '')}>
            Later
          </button>
        </div>
      )}
    </div>
  )
}

function realtimeText(realtime: RealtimeState | null, wasConnected: boolean): string | null {
  switch (realtime?.state) {
    case undefined:
    case 'connected':
      return null
    case 'connecting':
      return wasConnected ? 'Reconnecting… calls to you may not ring until the connection is back.' : null
    case 'disconnected':
    case 'unavailable':
      return 'Offline: calls to you will not ring until the connection is back.'
    case 'failed':
      return 'Cannot reach the Shoutit server: calls to you will not ring.'
  }
}

function tokenText(token: VideoTokenState | null): string | null {
  if (!token) return null
  const detail = token.error ? ` (${token.error})` : ''
  if (token.state === 'failed') return `Video calls are unavailable: Shoutit could not get video access${detail}.`
  if (token.state === 'retrying') {
    const when = token.nextAttemptAt ? ` Trying again at ${new Date(token.nextAttemptAt).toLocaleTimeString()}.` : ''
    return `Having trouble getting video access${detail}.${when}`
  }
  return null
}

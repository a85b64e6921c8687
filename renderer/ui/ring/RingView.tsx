import { useCallback, useEffect, useState } from 'react'
import type { Ring } from '../../../common/ipc'
import { callingYouWith } from '../../../common/call-participants'
import { messageOf, request, useBridge } from '../bridge'
import { Avatar } from '../components/Avatar'
import { useBridgeEvent } from '../hooks/useBridgeEvent'
import { LanguageProvider, useWords } from '../i18n/LanguageProvider'
import { ringActionForKey, type RingAction } from './ringKeys'
import { startRingtone } from './ringtone'
import { useRingtoneChoice } from './useRingtoneChoice'
import { displayName } from '../../../common/display-name'

/** What the window says once the ring is over, as a key: it is translated when shown. */
type OverText = 'ring.answered' | 'ring.declined' | 'ring.missed' | 'ring.callerHungUp' | 'ring.noCall'
/** `missed`: the ring the user missed, which the window keeps showing a while with Call back. */
type RingViewState = { state: 'loading' } | { state: 'ringing'; ring: Ring } | { state: 'over'; text: OverText; missed?: Ring }

const ENDED_TEXT = {
  accepted: 'ring.answered',
  declined: 'ring.declined',
  missed: 'ring.missed',
  timeout: 'ring.missed',
  cancelled: 'ring.callerHungUp'
} as const satisfies Record<string, OverText>
/** Rings that ended without an answer or a decline here: main keeps the window open a while for them. */
const MISSED_REASONS: ReadonlySet<string> = new Set(['missed', 'timeout', 'cancelled'])

/**
 * The ring window (`?view=ring`): who is calling and whether with video or voice, Accept,
 * Audio only (video calls), Decline, and a ringtone while it rings. Accepting a voice call
 * answers with audio only, as the caller called.
 */
export function RingView() {
  return (
    <LanguageProvider titleKey="app.ringWindowTitle">
      <RingWindow />
    </LanguageProvider>
  )
}

function RingWindow() {
  const bridge = useBridge()
  const { t } = useWords()
  const [view, setView] = useState<RingViewState>({ state: 'loading' })
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const ring = view.state === 'ringing' ? view.ring : null

  useEffect(() => {
    request(bridge, 'ring:current', {})
      .then((current) => setView((previous) => (previous.state === 'loading' ? (current ? { state: 'ringing', ring: current } : { state: 'over', text: 'ring.noCall' }) : previous)))
      .catch((thrown: unknown) => setError(messageOf(thrown)))
  }, [bridge])

  // The window may be reused for the next caller.
  useBridgeEvent('ring:incoming', (incoming) => {
    setBusy(false)
    setView({ state: 'ringing', ring: incoming })
  })
  useBridgeEvent('ring:ended', (ended) => {
    setView((previous) =>
      previous.state === 'ringing' && previous.ring.room === ended.room
        ? { state: 'over', text: ENDED_TEXT[ended.reason], ...(MISSED_REASONS.has(ended.reason) ? { missed: previous.ring } : {}) }
        : previous
    )
  })

  const ringtone = useRingtoneChoice()
  useEffect(() => {
    if (!ring || !ringtone) return
    const tone = startRingtone(ringtone)
    return () => tone.stop()
  }, [ring, ringtone])

  const act = useCallback(
    (action: RingAction) => {
      if (!ring || busy) return
      setBusy(true)
      setError(null)
      const audioOnly = action === 'accept-audio' || ring.kind === 'voice'
      const sent =
        action === 'decline'
          ? request(bridge, 'ring:decline', { room: ring.room })
          : request(bridge, 'ring:accept', audioOnly ? { room: ring.room, video: false } : { room: ring.room })
      sent
        .then(() => setView({ state: 'over', text: action === 'decline' ? 'ring.declined' : 'ring.answered' }))
        .catch((thrown: unknown) => {
          setBusy(false)
          setError(messageOf(thrown))
        })
    },
    [bridge, ring, busy]
  )

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target instanceof Element ? event.target : null
      const action = ringActionForKey(event, Boolean(target?.closest('button, a, input, select, textarea')))
      if (!action) return
      event.preventDefault()
      act(action)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [act])

  return (
    <main className="ring-view" aria-live="polite">
      {view.state === 'loading' && <p role="status">{t('ring.incoming')}</p>}
      {view.state === 'over' && !view.missed && <h1 className="ring-over">{t(view.text)}</h1>}
      {view.state === 'over' && view.missed && <MissedRing ring={view.missed} hungUp={view.text === 'ring.callerHungUp'} />}
      {ring && (
        <>
          <div className="ring-caller">
            <Avatar profile={ring.caller} size="medium" />
            <div>
              <h1>{displayName(ring.caller)}</h1>
              <p className="ring-subtitle">
                {callingYouWith(t, ring.caller, ring.participants) ?? t(ring.kind === 'voice' ? 'ring.incomingVoice' : 'ring.incomingVideo', { username: ring.caller.username })}
              </p>
            </div>
          </div>
          <div className="button-row ring-actions">
            <button type="button" className="accept" disabled={busy} aria-keyshortcuts="Enter A" onClick={() => act('accept')}>
              {t('ring.accept')}
            </button>
            {ring.kind !== 'voice' && (
              <button
                type="button"
                className="accept-audio"
                disabled={busy}
                aria-label={t('ring.answerAudioOnly')}
                title={t('ring.answerAudioOnlyHint')}
                aria-keyshortcuts="V"
                onClick={() => act('accept-audio')}
              >
                {t('ring.audioOnly')}
              </button>
            )}
            <button type="button" className="danger" disabled={busy} aria-keyshortcuts="Escape D" onClick={() => act('decline')}>
              {t('ring.decline')}
            </button>
          </div>
          <div className="ring-footer">
            <p className="hint ring-hint">{t('ring.keys')}</p>
            {/* The ring window has no menu: a small secondary button opens the device check in the main window. */}
            <button
              type="button"
              className="ring-test"
              title={t('ring.testHint')}
              onClick={() => {
                setError(null)
                request(bridge, 'app:openDeviceCheck', {}).catch((thrown: unknown) => setError(messageOf(thrown)))
              }}
            >
              {t('ring.test')}
            </button>
          </div>
        </>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </main>
  )
}

/** A ring the user missed: who it was, which kind, and Call back with that kind (main closes the window after a while). */
function MissedRing({ ring, hungUp }: { ring: Ring; hungUp: boolean }) {
  const bridge = useBridge()
  const { t } = useWords()
  const [error, setError] = useState<string | null>(null)
  const voice = ring.kind === 'voice'
  const name = displayName(ring.caller)
  const subtitle = hungUp ? t(voice ? 'ring.hungUpVoice' : 'ring.hungUpVideo') : t(voice ? 'ring.missedVoice' : 'ring.missedVideo', { username: ring.caller.username })
  const send = (sent: Promise<unknown>) => sent.catch((thrown: unknown) => setError(messageOf(thrown)))
  return (
    <>
      <div className="ring-caller">
        <Avatar profile={ring.caller} size="medium" />
        <div>
          <h1>{name}</h1>
          <p className="ring-subtitle ring-missed">{subtitle}</p>
        </div>
      </div>
      <div className="button-row ring-actions">
        <button
          type="button"
          className="primary"
          aria-label={t('ring.callBackName', { name })}
          onClick={() => void send(request(bridge, 'ring:callBack', { username: ring.caller.username, video: !voice }))}
        >
          {t('ring.callBack')}
        </button>
        <button type="button" onClick={() => void send(request(bridge, 'ring:dismiss', {}))}>
          {t('ring.close')}
        </button>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </>
  )
}

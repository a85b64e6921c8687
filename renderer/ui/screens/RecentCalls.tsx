import { useEffect, useRef, useState, type RefObject } from 'react'
import { Phone, Video } from 'lucide-react'
import type { Profile } from '../../../common/api'
import type { CallOptions } from '../../calling/controller-types'
import type { CallRecord } from '../../../common/calls'
import { messageOf, request, useBridge } from '../bridge'
import { Avatar } from '../components/Avatar'
import { describeRecord, relativeTime } from '../format'
import { useNotify } from '../hooks/useNotices'
import { useWindowWatched } from '../hooks/useWindowWatched'
import { useWords } from '../i18n/LanguageProvider'
import { displayName } from '../../../common/display-name'

/** How long Undo is offered after Clear call history, while nobody points at it or focuses it. */
export const UNDO_CLEAR_MS = 8_000

interface RecentCallsProps {
  canCall: boolean
  history: CallRecord[] | null
  missedCount: number
  /** `options.video` false: a voice call, as Call back and Call again are after a voice call. */
  onCall: (peer: Profile, options?: CallOptions) => void
}

/**
 * Call history, newest first as main keeps it, with outcomes, the missed count, and a button
 * on each call: Call back for incoming calls, Call again for outgoing ones. Missed calls count as seen once they are listed in a window the user is watching.
 */
export function RecentCalls({ canCall, history, missedCount, onCall }: RecentCallsProps) {
  const bridge = useBridge()
  const { t, language } = useWords()
  const watched = useWindowWatched()
  const listed = history !== null
  useEffect(() => {
    if (watched && listed && missedCount > 0) void request(bridge, 'missed:markSeen', {}).catch(() => undefined)
  }, [bridge, watched, listed, missedCount])
  const now = Date.now()
  const headingRef = useRef<HTMLHeadingElement>(null)
  const undo = useUndoClear(headingRef)
  return (
    <section className="recent-calls" aria-labelledby="recent-heading">
      <div className="section-heading">
        <h2 id="recent-heading" ref={headingRef} tabIndex={-1}>{t('recent.heading')}</h2>
        {missedCount > 0 && <span className="badge">{t('recent.missed', { count: missedCount })}</span>}
      </div>
      {history === null ? (
        <p className="hint">{t('recent.loading')}</p>
      ) : history.length === 0 ? (
        <p className="hint">{t('recent.empty')}</p>
      ) : (
        <ul className="call-list" aria-label={t('recent.list')}>
          {history.map((record) => {
            const outgoing = record.direction === 'outgoing'
            const missed = !outgoing && record.outcome !== 'answered'
            const voice = record.kind === 'voice'
            const KindIcon = voice ? Phone : Video
            return (
              <li key={record.id} className={`call-record${missed ? ' missed' : ''}`}>
                <Avatar profile={record.peer} />
                <div className="person-text">
                  <span className="person-name" title={displayName(record.peer)}>
                    {displayName(record.peer)}
                  </span>
                  {/* Each part brings its own "·" before it, hidden where a part starts a line (styles.css, .detail-parts). */}
                  <span className="person-detail detail-line">
                    <span className="detail-parts">
                      <span>
                        <span className="direction" aria-hidden="true">
                          {record.direction === 'incoming' ? '↙' : '↗'}
                        </span>{' '}
                        {describeRecord(record, t, language)}
                      </span>
                      <span className="call-kind">
                        <KindIcon className="kind-icon" size={14} strokeWidth={2} aria-hidden focusable={false} />
                        {t(voice ? 'recent.voice' : 'recent.video')}
                      </span>
                      <time dateTime={new Date(record.startedAt).toISOString()}>{relativeTime(record.startedAt, now, t, language)}</time>
                    </span>
                  </span>
                </div>
                {canCall && (
                  // Calling back answers someone who called; after one's own call it is calling again.
                  <button
                    type="button"
                    className="call-button"
                    aria-label={t(outgoing ? 'recent.callAgainName' : 'recent.callBackName', { name: displayName(record.peer) })}
                    onClick={() => onCall(record.peer, voice ? { video: false } : undefined)}
                  >
                    {t(outgoing ? 'recent.callAgain' : 'recent.callBack')}
                  </button>
                )}
              </li>
            )
          })}
        </ul>
      )}
      {history && history.length > 0 && !undo.offered && (
        <button type="button" className="link-button" onClick={undo.clear}>
          {t('recent.clear')}
        </button>
      )}
      {/* The live region exists before the bar does, so its sentence is announced. */}
      <div role="status" className="undo-region">
        {undo.offered && (
          <div
            className="undo-bar"
            onPointerEnter={() => undo.hold('pointer', true)}
            onPointerLeave={() => undo.hold('pointer', false)}
            onFocus={() => undo.hold('focus', true)}
            onBlur={() => undo.hold('focus', false)}
          >
            <p>{t('recent.cleared')}</p>
            <button type="button" ref={undo.buttonRef} onClick={undo.restore}>
              {t('recent.undo')}
            </button>
          </div>
        )}
      </div>
    </section>
  )
}

/**
 * Clear call history with a way back: main keeps what it cleared, and Undo (offered for
 * UNDO_CLEAR_MS, longer while pointed at or focused) asks for it again. The Clear button
 * goes away with the list, so focus moves to Undo rather than falling to the page, and from
 * Undo to the heading.
 */
function useUndoClear(afterUndo: RefObject<HTMLElement | null>) {
  const bridge = useBridge()
  const notify = useNotify()
  const { t } = useWords()
  const [offered, setOffered] = useState(false)
  const [held, setHeld] = useState({ pointer: false, focus: false })
  const buttonRef = useRef<HTMLButtonElement>(null)
  const holding = held.pointer || held.focus

  useEffect(() => {
    if (offered) buttonRef.current?.focus()
  }, [offered])
  useEffect(() => {
    if (!offered || holding) return
    const timer = setTimeout(() => setOffered(false), UNDO_CLEAR_MS)
    return () => clearTimeout(timer)
  }, [offered, holding])

  const close = () => {
    setOffered(false)
    setHeld({ pointer: false, focus: false })
  }
  const clear = () => {
    request(bridge, 'history:clear', {})
      .then(() => setOffered(true))
      .catch((thrown: unknown) => notify({ level: 'error', message: t('recent.clearFailed', { error: messageOf(thrown) }) }))
  }
  const restore = () => {
    close()
    // Undo leaves with its bar: focus goes to the list's heading, where the calls come back.
    afterUndo.current?.focus()
    request(bridge, 'history:restoreCleared', {}).catch((thrown: unknown) =>
      notify({ level: 'error', message: t('recent.undoFailed', { error: messageOf(thrown) }) })
    )
  }
  const hold = (why: 'pointer' | 'focus', on: boolean) => setHeld((previous) => ({ ...previous, [why]: on }))
  return { offered, clear, restore, hold, buttonRef }
}

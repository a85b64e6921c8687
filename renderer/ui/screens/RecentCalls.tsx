import { useEffect } from 'react'
import type { Profile } from '../../../common/api'
import type { CallRecord } from '../../../common/calls'
import { request, useBridge } from '../bridge'
import { Avatar } from '../components/Avatar'
import { describeRecord, relativeTime } from '../format'
import { useWindowWatched } from '../hooks/useWindowWatched'
import { useWords } from '../i18n/LanguageProvider'
import { displayName } from '../../../common/display-name'

interface RecentCallsProps {
  canCall: boolean
  history: CallRecord[] | null
  missedCount: number
  onCall: (peer: Profile) => void
}

/**
 * Call history, newest first as main keeps it, with outcomes, the missed count and call-back
 * buttons. Missed calls count as seen once they are listed in a window the user is watching.
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
  return (
    <section className="recent-calls" aria-labelledby="recent-heading">
      <div className="section-heading">
        <h2 id="recent-heading">{t('recent.heading')}</h2>
        {missedCount > 0 && <span className="badge">{t('recent.missed', { count: missedCount })}</span>}
      </div>
      {history === null ? (
        <p className="hint">{t('recent.loading')}</p>
      ) : history.length === 0 ? (
        <p className="hint">{t('recent.empty')}</p>
      ) : (
        <ul className="call-list" aria-label={t('recent.list')}>
          {history.map((record) => {
            const missed = record.direction === 'incoming' && record.outcome !== 'answered'
            return (
              <li key={record.id} className={`call-record${missed ? ' missed' : ''}`}>
                <Avatar profile={record.peer} />
                <div className="person-text">
                  <span className="person-name" title={displayName(record.peer)}>
                    {displayName(record.peer)}
                  </span>
                  <span className="person-detail">
                    <span className="direction" aria-hidden="true">
                      {record.direction === 'incoming' ? '↙' : '↗'}
                    </span>{' '}
                    {describeRecord(record, t, language)} ·{' '}
                    <time dateTime={new Date(record.startedAt).toISOString()}>{relativeTime(record.startedAt, now, t, language)}</time>
                  </span>
                </div>
                {canCall && (
                  <button
                    type="button"
                    className="call-button"
                    aria-label={t('recent.callBackName', { name: displayName(record.peer) })}
                    onClick={() => onCall(record.peer)}
                  >
                    {t('recent.callBack')}
                  </button>
                )}
              </li>
            )
          })}
        </ul>
      )}
      {history && history.length > 0 && (
        <button type="button" className="link-button" onClick={() => void request(bridge, 'history:clear', {}).catch(() => undefined)}>
          {t('recent.clear')}
        </button>
      )}
    </section>
  )
}

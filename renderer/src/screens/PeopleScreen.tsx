import { useEffect, useId, useState } from 'react'
import type { Profile, ProfilePage } from '../../../common/api'
import type { CallRecord } from '../../../common/calls'
import { messageOf, request, useBridge } from '../bridge'
import { Avatar } from '../components/Avatar'
import { FocusHeading } from '../components/FocusHeading'
import { describeRecord, displayName, relativeTime } from '../format'
import { useDebouncedValue } from '../hooks/useDebouncedValue'

const SEARCH_PAUSE_MS = 250

interface PeopleScreenProps {
  /** Guests see people but cannot call them. */
  canCall: boolean
  history: CallRecord[] | null
  missedCount: number
  initialSearch?: string
  onCall: (peer: Profile) => void
  onCreateAccount: () => void
}

export function PeopleScreen({ canCall, history, missedCount, initialSearch = '', onCall, onCreateAccount }: PeopleScreenProps) {
  return (
    <main className="screen people-screen">
      <FocusHeading>People</FocusHeading>
      {!canCall && (
        <div className="callout" role="note">
          <p>
            <strong>Video calls need an account.</strong> As a guest you can look around, but you can't call anyone or be
            called.
          </p>
          <button type="button" onClick={onCreateAccount}>
            Create an account
          </button>
        </div>
      )}
      <div className="people-columns">
        <PeopleSearch canCall={canCall} initialSearch={initialSearch} onCall={onCall} />
        <RecentCalls canCall={canCall} history={history} missedCount={missedCount} onCall={onCall} />
      </div>
    </main>
  )
}

function PeopleSearch({ canCall, initialSearch, onCall }: { canCall: boolean; initialSearch: string; onCall: (peer: Profile) => void }) {
  const bridge = useBridge()
  const searchId = useId()
  const [text, setText] = useState(initialSearch)
  const search = useDebouncedValue(text.trim(), SEARCH_PAUSE_MS)
  const [pages, setPages] = useState<{ search: string; people: Profile[]; next: boolean; page: number } | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [loadingMore, setLoadingMore] = useState(false)

  useEffect(() => {
    let current = true
    setError(null)
    request(bridge, 'people:search', { search, page: 1 })
      .then((page) => {
        if (current) setPages({ search, people: page.results, next: page.next !== null, page: 1 })
      })
      .catch((thrown: unknown) => {
        if (current) setError(messageOf(thrown))
      })
    return () => {
      current = false
    }
  }, [bridge, search])

  const loadMore = () => {
    if (!pages) return
    setLoadingMore(true)
    const nextPage = pages.page + 1
    request(bridge, 'people:search', { search: pages.search, page: nextPage })
      .then((page: ProfilePage) =>
        setPages((previous) =>
          previous && previous.search === pages.search
            ? { ...previous, people: [...previous.people, ...page.results], next: page.next !== null, page: nextPage }
            : previous
        )
      )
      .catch((thrown: unknown) => setError(messageOf(thrown)))
      .finally(() => setLoadingMore(false))
  }

  const settled = pages !== null && pages.search === search
  return (
    <section className="people-search" aria-labelledby="people-search-heading">
      <h2 id="people-search-heading">Find someone to call</h2>
      <div className="field">
        <label htmlFor={searchId}>Search people</label>
        <input
          id={searchId}
          type="search"
          autoComplete="off"
          spellCheck={false}
          maxLength={100}
          placeholder="Name or username"
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
      </div>
      <p role="status" className="hint">
        {error ? '' : !settled ? 'Searching…' : pages.people.length === 0 ? 'Nobody found.' : `${pages.people.length} ${pages.people.length === 1 ? 'person' : 'people'}${pages.next ? ' so far' : ''}`}
      </p>
      {error && (
        <p role="alert" className="error">
          Could not search: {error}
        </p>
      )}
      {pages && pages.people.length > 0 && (
        <ul className="person-list" aria-label="People">
          {pages.people.map((person) => (
            <li key={person.id} className="person">
              <Avatar profile={person} />
              <div className="person-text">
                <span className="person-name">{displayName(person)}</span>
                <span className="person-detail">
                  @{person.username}
                  {person.is_online !== undefined && (
                    <span className={`presence ${person.is_online ? 'online' : 'offline'}`}>
                      {person.is_online ? 'Online' : 'Offline'}
                    </span>
                  )}
                </span>
              </div>
              {canCall && (
                <button type="button" className="call-button" aria-label={`Call ${displayName(person)}`} onClick={() => onCall(person)}>
                  Call
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {pages?.next && settled && (
        <button type="button" onClick={loadMore} disabled={loadingMore}>
          {loadingMore ? 'Loading…' : 'Show more people'}
        </button>
      )}
    </section>
  )
}

interface RecentCallsProps {
  canCall: boolean
  history: CallRecord[] | null
  missedCount: number
  onCall: (peer: Profile) => void
}

function RecentCalls({ canCall, history, missedCount, onCall }: RecentCallsProps) {
  const bridge = useBridge()
  const now = Date.now()
  const records = history ? [...history].sort((a, b) => b.startedAt - a.startedAt) : null
  return (
    <section className="recent-calls" aria-labelledby="recent-heading">
      <div className="section-heading">
        <h2 id="recent-heading">Recent calls</h2>
        {missedCount > 0 && (
          <>
            <span className="badge">{missedCount === 1 ? '1 missed call' : `${missedCount} missed calls`}</span>
            <button type="button" className="link-button" onClick={() => void request(bridge, 'missed:markSeen', {}).catch(() => undefined)}>
              Mark as seen
            </button>
          </>
        )}
      </div>
      {records === null ? (
        <p className="hint">Loading your calls…</p>
      ) : records.length === 0 ? (
        <p className="hint">No calls yet.</p>
      ) : (
        <ul className="call-list" aria-label="Recent calls">
          {records.map((record) => {
            const missed = record.direction === 'incoming' && record.outcome !== 'answered'
            return (
              <li key={record.id} className={`call-record${missed ? ' missed' : ''}`}>
                <Avatar profile={record.peer} />
                <div className="person-text">
                  <span className="person-name">{displayName(record.peer)}</span>
                  <span className="person-detail">
                    <span className="direction" aria-hidden="true">
                      {record.direction === 'incoming' ? '↙' : '↗'}
                    </span>{' '}
                    {describeRecord(record)} · <time dateTime={new Date(record.startedAt).toISOString()}>{relativeTime(record.startedAt, now)}</time>
                  </span>
                </div>
                {canCall && (
                  <button
                    type="button"
                    className="call-button"
                    aria-label={`Call back ${displayName(record.peer)}`}
                    onClick={() => onCall(record.peer)}
                  >
                    Call back
                  </button>
                )}
              </li>
            )
          })}
        </ul>
      )}
      {records && records.length > 0 && (
        <button type="button" className="link-button" onClick={() => void request(bridge, 'history:clear', {}).catch(() => undefined)}>
          Clear call history
        </button>
      )}
    </section>
  )
}

import { useEffect, useId, useState, type ReactNode } from 'react'
import { Phone, Video } from 'lucide-react'
import type { Profile, ProfilePage } from '../../../common/api'
import { messageOf, request, useBridge } from '../bridge'
import type { CallOptions } from '../../calling/controller-types'
import { Avatar } from '../components/Avatar'
import { useBridgeEvent } from '../hooks/useBridgeEvent'
import { useDebouncedValue } from '../hooks/useDebouncedValue'
import { usePresence } from '../hooks/usePresence'
import { useWords } from '../i18n/LanguageProvider'
import type { TFunction } from 'i18next'
import { displayName } from '../../../common/display-name'

const SEARCH_PAUSE_MS = 250
const NOBODY: Profile[] = []

interface PeopleSearchProps {
  canCall: boolean
  /** False while the app cannot reach the server: what it last heard about anyone may be stale. */
  presenceKnown: boolean
  initialSearch: string
  /** `options.video` false: a voice call. */
  onCall: (peer: Profile, options?: CallOptions) => void
  /** What each person offers instead of Call and Voice (adding them to a call that is on). */
  actions?: (person: Profile) => ReactNode
  /** The section's heading, when it is not "Find someone to call". */
  heading?: string
}

/** The people a user can call, searched as they type (one request per pause), page by page. */
export function PeopleSearch({ canCall, presenceKnown, initialSearch, onCall, actions, heading }: PeopleSearchProps) {
  const bridge = useBridge()
  const { t } = useWords()
  const searchId = useId()
  const headingId = useId()
  const [text, setText] = useState(initialSearch)
  const search = useDebouncedValue(text.trim(), SEARCH_PAUSE_MS)
  const [pages, setPages] = useState<{ search: string; people: Profile[]; next: boolean; page: number } | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [loadingMore, setLoadingMore] = useState(false)
  // Bumped to run a failed search again: by the user, or when the realtime connection comes
  // back (the server is reachable again), so an outage does not leave the list empty.
  const [attempt, setAttempt] = useState(0)
  const retry = () => setAttempt((previous) => previous + 1)
  const isOnline = usePresence(pages?.people ?? NOBODY)
  useBridgeEvent('realtime:stateChanged', ({ state }) => {
    if (state === 'connected' && error !== null) retry()
  })

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
  }, [bridge, search, attempt])

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
    <section className="people-search" aria-labelledby={headingId}>
      <h2 id={headingId}>{heading ?? t('people.searchHeading')}</h2>
      <div className="field">
        <label htmlFor={searchId}>{t('people.searchLabel')}</label>
        <input
          id={searchId}
          type="search"
          autoComplete="off"
          spellCheck={false}
          maxLength={100}
          placeholder={t('people.searchPlaceholder')}
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
      </div>
      <p role="status" className="hint">
        {error ? '' : !settled ? t('people.searching') : resultsSummary(pages.people.length, pages.next, t)}
      </p>
      {error && (
        <div role="alert" className="error">
          <p>{t('people.searchFailed', { error })}</p>
          <button type="button" onClick={retry}>
            {t('common.tryAgain')}
          </button>
        </div>
      )}
      {pages && pages.people.length > 0 && (
        <ul className="person-list" aria-label={t('people.list')}>
          {pages.people.map((person) => (
            <li key={person.id} className="person">
              <Avatar profile={person} />
              <div className="person-text">
                <span className="person-name" title={displayName(person)}>
                  {displayName(person)}
                </span>
                <span className="person-detail">
                  <span>@{person.username}</span>
                  {presenceKnown ? <PresenceLabel online={isOnline(person)} /> : <PresenceUnknown />}
                </span>
              </div>
              {actions ? (
                <span className="call-buttons">{actions(person)}</span>
              ) : canCall && (
                // A video call is the primary action; a voice call sits beside it, quieter.
                <span className="call-buttons">
                  <button
                    type="button"
                    className="primary call-button with-icon"
                    aria-label={t('people.callName', { name: displayName(person) })}
                    onClick={() => onCall(person)}
                  >
                    <Video className="button-icon" size={18} strokeWidth={2} aria-hidden focusable={false} />
                    {t('people.call')}
                  </button>
                  <button
                    type="button"
                    className="voice-call-button with-icon"
                    aria-label={t('people.voiceCallName', { name: displayName(person) })}
                    onClick={() => onCall(person, { video: false })}
                  >
                    <Phone className="button-icon" size={18} strokeWidth={2} aria-hidden focusable={false} />
                    {t('people.voice')}
                  </button>
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {pages?.next && settled && (
        <button type="button" onClick={loadMore} disabled={loadingMore}>
          {loadingMore ? t('common.loading') : t('people.showMore')}
        </button>
      )}
    </section>
  )
}


function resultsSummary(count: number, more: boolean, t: TFunction): string {
  if (count === 0) return t('people.nobodyFound')
  return more ? t('people.foundSoFar', { count }) : t('people.found', { count })
}

/** Online or Offline; nothing when neither the server nor live presence says. */
function PresenceLabel({ online }: { online: boolean | undefined }) {
  const { t } = useWords()
  if (online === undefined) return null
  return <span className={`presence ${online ? 'online' : 'offline'}`}>{online ? t('people.online') : t('people.offline')}</span>
}

/** Offline, nobody's presence is heard: saying "Online" from before the outage would mislead. */
function PresenceUnknown() {
  const { t } = useWords()
  return <span className="presence unknown">{t('people.presenceUnknown')}</span>
}

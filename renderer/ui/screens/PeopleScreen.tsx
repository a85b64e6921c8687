import { Trans } from 'react-i18next'
import type { Profile } from '../../../common/api'
import type { CallOptions } from '../../calling/controller-types'
import type { CallRecord } from '../../../common/calls'
import { FocusHeading } from '../components/FocusHeading'
import { useWords } from '../i18n/LanguageProvider'
import { PeopleSearch } from './PeopleSearch'
import { RecentCalls } from './RecentCalls'

interface PeopleScreenProps {
  /** Guests see people but cannot call them. */
  canCall: boolean
  /** False while the app cannot reach the server (the Offline banner): presence is not shown. */
  presenceKnown: boolean
  history: CallRecord[] | null
  missedCount: number
  initialSearch?: string
  onCall: (peer: Profile, options?: CallOptions) => void
  onCreateAccount: () => void
}

export function PeopleScreen({ canCall, presenceKnown, history, missedCount, initialSearch = '', onCall, onCreateAccount }: PeopleScreenProps) {
  const { t } = useWords()
  return (
    <main className="screen people-screen">
      <FocusHeading>{t('people.heading')}</FocusHeading>
      {!canCall && (
        <div className="callout" role="note">
          <p>
            <Trans i18nKey="people.guestCallout" components={{ strong: <strong /> }} />
          </p>
          <button type="button" onClick={onCreateAccount}>
            {t('people.createAccount')}
          </button>
        </div>
      )}
      <div className="people-columns">
        <PeopleSearch canCall={canCall} presenceKnown={presenceKnown} initialSearch={initialSearch} onCall={onCall} />
        <RecentCalls canCall={canCall} history={history} missedCount={missedCount} onCall={onCall} />
      </div>
    </main>
  )
}


import type { Profile } from '../../../common/api'
import type { CallRecord } from '../../../common/calls'
import { FocusHeading } from '../components/FocusHeading'
import { PeopleSearch } from './PeopleSearch'
import { RecentCalls } from './RecentCalls'

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


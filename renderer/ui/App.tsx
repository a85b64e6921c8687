import { useState } from 'react'
import type { ShoutitBridge } from '../../common/ipc'
import { BridgeContext, messageOf, request, useBridge } from './bridge'
import type { LoadCallController } from './call/types'
import { Toasts } from './components/Toasts'
import { useMainState } from './hooks/useMainState'
import { NoticeContext, useNoticeList } from './hooks/useNotices'
import { SignInScreen } from './screens/SignInScreen'
import { Shell } from './Shell'

interface AppProps {
  bridge: ShoutitBridge
  loadCallController: LoadCallController
}

export function App({ bridge, loadCallController }: AppProps) {
  return (
    <BridgeContext.Provider value={bridge}>
      <SessionGate loadCallController={loadCallController} />
    </BridgeContext.Provider>
  )
}

/** Signed out → sign-in; signed in (member or guest) → the app. */
function SessionGate({ loadCallController }: { loadCallController: LoadCallController }) {
  const bridge = useBridge()
  const notices = useNoticeList()
  const [session, setSession, sessionRead] = useMainState('session:get', 'session:changed')
  const [signUpNext, setSignUpNext] = useState(false)

  return (
    <NoticeContext.Provider value={notices.notify}>
      {session === null ? (
        <main className="screen loading-screen">
          <h1>Shoutit</h1>
          {sessionRead.error ? (
            <>
              <p role="alert" className="error">
                Shoutit could not start: {sessionRead.error}
              </p>
              <button type="button" onClick={sessionRead.retry}>
                Try again
              </button>
            </>
          ) : (
            <p role="status">Starting…</p>
          )}
        </main>
      ) : session.state === 'signed-out' ? (
        <SignInScreen session={session} onSession={setSession} initialMode={signUpNext ? 'sign-up' : 'sign-in'} />
      ) : (
        <Shell
          key={session.profile.id}
          session={session}
          onSession={setSession}
          loadCallController={loadCallController}
          onCreateAccount={() => {
            // A guest becomes a member by signing up: leave the guest session, open the sign-up form.
            setSignUpNext(true)
            request(bridge, 'session:signOut', {})
              .then(setSession)
              .catch((thrown: unknown) => notices.notify({ level: 'error', message: messageOf(thrown) }))
          }}
        />
      )}
      <Toasts notices={notices.shown} onDismiss={notices.dismiss} />
    </NoticeContext.Provider>
  )
}

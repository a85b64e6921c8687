import { useState } from 'react'
import type { ShoutitBridge } from '../../common/ipc'
import { BridgeContext, messageOf, request, useBridge } from './bridge'
import type { LoadCallController } from './call/types'
import { Toasts } from './components/Toasts'
import { LanguageProvider, useWords } from './i18n/LanguageProvider'
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
      <LanguageProvider titleKey="app.title">
        <SessionGate loadCallController={loadCallController} />
      </LanguageProvider>
    </BridgeContext.Provider>
  )
}

/** Signed out → sign-in; signed in (member or guest) → the app. */
function SessionGate({ loadCallController }: { loadCallController: LoadCallController }) {
  const bridge = useBridge()
  const { t } = useWords()
  const notices = useNoticeList()
  const [session, setSession, sessionRead] = useMainState('session:get', 'session:changed')
  const [signUpNext, setSignUpNext] = useState(false)

  return (
    <NoticeContext.Provider value={notices.notify}>
      {session === null ? (
        <main className="screen loading-screen">
          <h1>{t('app.title')}</h1>
          {sessionRead.error ? (
            <>
              <p role="alert" className="error">
                {t('app.couldNotStart', { error: sessionRead.error })}
              </p>
              <button type="button" onClick={sessionRead.retry}>
                {t('common.tryAgain')}
              </button>
            </>
          ) : (
            <p role="status">{t('app.starting')}</p>
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

import { useId, useState, type FormEvent } from 'react'
import type { SessionView } from '../../../common/ipc'
import { messageOf, request, useBridge } from '../bridge'
import { FocusHeading } from '../components/FocusHeading'
import { ServerPicker } from './ServerPicker'

type SignedOut = Extract<SessionView, { state: 'signed-out' }>
type Mode = 'sign-in' | 'sign-up'

interface SignInScreenProps {
  session: SignedOut
  onSession: (session: SessionView) => void
  initialMode?: Mode
}

export function SignInScreen({ session, onSession, initialMode = 'sign-in' }: SignInScreenProps) {
  const bridge = useBridge()
  const [mode, setMode] = useState<Mode>(initialMode)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [name, setName] = useState('')
  const [login, setLogin] = useState('')
  const [password, setPassword] = useState('')
  const ids = { name: useId(), login: useId(), password: useId(), passwordHint: useId() }

  const run = (action: () => Promise<SessionView>) => {
    setBusy(true)
    setError(null)
    action()
      .then(onSession)
      .catch((thrown: unknown) => setError(messageOf(thrown)))
      .finally(() => setBusy(false))
  }

  const submit = (event: FormEvent) => {
    event.preventDefault()
    run(() =>
      mode === 'sign-in'
        ? request(bridge, 'session:signIn', { login: login.trim(), password })
        : request(bridge, 'session:signUp', { name: name.trim(), email: login.trim(), password })
    )
  }

  return (
    <main className="screen sign-in-screen">
      <FocusHeading>{mode === 'sign-in' ? 'Sign in to Shoutit' : 'Create your Shoutit account'}</FocusHeading>
      {session.reason && (
        <p role="alert" className="warning">
          {session.reason}
        </p>
      )}
      {session.storage.warning && <p className="warning">{session.storage.warning}</p>}
      <ServerPicker disabled={busy} />
      <div className="mode-switch" role="group" aria-label="Account">
        <button type="button" aria-pressed={mode === 'sign-in'} onClick={() => setMode('sign-in')}>
          I have an account
        </button>
        <button type="button" aria-pressed={mode === 'sign-up'} onClick={() => setMode('sign-up')}>
          I'm new here
        </button>
      </div>
      <form className="stack" onSubmit={submit} aria-busy={busy}>
        {mode === 'sign-up' && (
          <div className="field">
            <label htmlFor={ids.name}>Your name</label>
            <input id={ids.name} autoComplete="name" required maxLength={100} value={name} onChange={(event) => setName(event.target.value)} />
          </div>
        )}
        <div className="field">
          <label htmlFor={ids.login}>{mode === 'sign-in' ? 'E-mail or username' : 'E-mail'}</label>
          <input
            id={ids.login}
            type={mode === 'sign-in' ? 'text' : 'email'}
            autoComplete={mode === 'sign-in' ? 'username' : 'email'}
            required
            maxLength={254}
            value={login}
            onChange={(event) => setLogin(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.password}>Password</label>
          <input
            id={ids.password}
            type="password"
            autoComplete={mode === 'sign-in' ? 'current-password' : 'new-password'}
            required
            minLength={mode === 'sign-up' ? 6 : 1}
            maxLength={mode === 'sign-up' ? 30 : 128}
            aria-describedby={mode === 'sign-up' ? ids.passwordHint : undefined}
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
          {mode === 'sign-up' && (
            <span id={ids.passwordHint} className="hint">
              6 to 30 characters
            </span>
          )}
        </div>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {mode === 'sign-in' ? 'Sign in' : 'Create account'}
        </button>
      </form>
      <section className="guest" aria-labelledby="guest-heading">
        <h2 id="guest-heading">Just looking?</h2>
        <p>Guests can look around, but video calls need an account.</p>
        <button type="button" disabled={busy} onClick={() => run(() => request(bridge, 'session:continueAsGuest', {}))}>
          Continue as guest
        </button>
      </section>
    </main>
  )
}

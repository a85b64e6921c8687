import { useId, useRef, useState, type FormEvent } from 'react'
import type { SessionView } from '../../../common/ipc'
import { ACCOUNT_LIMITS } from '../../../common/limits'
import { request, useBridge } from '../bridge'
import { FocusHeading } from '../components/FocusHeading'
import { useWords } from '../i18n/LanguageProvider'
import { describeAccountError, type AccountAction, type AccountError, type AccountField, type AccountMode } from './accountErrors'
import { ServerPicker } from './ServerPicker'

type SignedOut = Extract<SessionView, { state: 'signed-out' }>

interface SignInScreenProps {
  session: SignedOut
  onSession: (session: SessionView) => void
  initialMode?: AccountMode
}

export function SignInScreen({ session, onSession, initialMode = 'sign-in' }: SignInScreenProps) {
  const bridge = useBridge()
  const { t } = useWords()
  const [mode, setMode] = useState<AccountMode>(initialMode)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<AccountError | null>(null)
  const [name, setName] = useState('')
  // Each form keeps its own account field: a username typed to sign in is not an e-mail address.
  const [login, setLogin] = useState('')
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const lastAction = useRef<{ kind: AccountAction; action: () => Promise<SessionView> } | null>(null)
  const ids = { name: useId(), nameHint: useId(), login: useId(), password: useId(), passwordHint: useId(), error: useId() }

  const run = (kind: AccountAction, action: () => Promise<SessionView>) => {
    lastAction.current = { kind, action }
    setBusy(true)
    setError(null)
    action()
      .then(onSession)
      .catch((thrown: unknown) => setError(describeAccountError(kind, thrown, t)))
      .finally(() => setBusy(false))
  }

  const retry = () => {
    const last = lastAction.current
    if (last) run(last.kind, last.action)
  }

  const switchMode = (next: AccountMode) => {
    if (next === mode) return
    setMode(next)
    // The old form's complaint and password do not carry over; an e-mail address does.
    setError(null)
    setPassword('')
    if (next === 'sign-up' && !email && login.includes('@')) setEmail(login)
    if (next === 'sign-in' && !login && email) setLogin(email)
  }

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (mode === 'sign-in') {
      const fields = { login: login.trim(), password }
      run('sign-in', () => request(bridge, 'session:signIn', fields))
    } else {
      const fields = { name: name.trim(), email: email.trim(), password }
      run('sign-up', () => request(bridge, 'session:signUp', fields))
    }
  }

  /** Marks a field the error is about and points its description at the explanation. */
  const fieldError = (field: AccountField) =>
    error?.field === field ? { 'aria-invalid': true, 'aria-describedby': ids.error } : { 'aria-invalid': undefined, 'aria-describedby': undefined }
  // A form that failed for a passing reason (the server unreachable) is sent again by its own
  // button, then named Try again: one button, not a Try again beside a Sign in that does the same.
  const retryBySubmit = Boolean(error?.retry) && lastAction.current?.kind === mode
  const errorText = (field: AccountField | undefined) =>
    error && error.field === field ? (
      <div id={ids.error} role="alert" className="error">
        <p>{error.message}</p>
        {error.retry && !retryBySubmit && (
          <button type="button" onClick={retry} disabled={busy}>
            {t('common.tryAgain')}
          </button>
        )}
      </div>
    ) : null
  const passwordLimits = mode === 'sign-up' ? ACCOUNT_LIMITS.password : { min: 1, max: ACCOUNT_LIMITS.signInPassword.max }
  const passwordDescription = [fieldError('password')['aria-describedby'], mode === 'sign-up' ? ids.passwordHint : undefined].filter(Boolean).join(' ')

  return (
    <main className="screen sign-in-screen">
      <FocusHeading>{mode === 'sign-in' ? t('signIn.headingSignIn') : t('signIn.headingSignUp')}</FocusHeading>
      {session.reason && (
        <p role="alert" className="warning">
          {session.reason}
        </p>
      )}
      {session.storage.warning && <p className="warning">{session.storage.warning}</p>}
      <div className="mode-switch" role="group" aria-label={t('signIn.modes')}>
        <button type="button" aria-pressed={mode === 'sign-in'} onClick={() => switchMode('sign-in')}>
          {t('signIn.haveAccount')}
        </button>
        <button type="button" aria-pressed={mode === 'sign-up'} onClick={() => switchMode('sign-up')}>
          {t('signIn.newHere')}
        </button>
      </div>
      <form className="stack" onSubmit={submit} aria-busy={busy}>
        {mode === 'sign-up' && (
          <div className="field">
            <label htmlFor={ids.name}>{t('signIn.name')}</label>
            <input
              id={ids.name}
              autoComplete="name"
              required
              minLength={ACCOUNT_LIMITS.name.min}
              maxLength={ACCOUNT_LIMITS.name.max}
              aria-invalid={fieldError('name')['aria-invalid']}
              aria-describedby={[fieldError('name')['aria-describedby'], ids.nameHint].filter(Boolean).join(' ')}
              value={name}
              onChange={(event) => setName(event.target.value)}
            />
            <span id={ids.nameHint} className="hint">
              {t('signIn.nameHint', { max: ACCOUNT_LIMITS.name.max })}
            </span>
            {errorText('name')}
          </div>
        )}
        <div className="field">
          <label htmlFor={ids.login}>{mode === 'sign-in' ? t('signIn.login') : t('signIn.email')}</label>
          <input
            // A different field per form, so neither the browser nor React carries one's value into the other.
            key={mode}
            id={ids.login}
            type={mode === 'sign-in' ? 'text' : 'email'}
            autoComplete={mode === 'sign-in' ? 'username' : 'email'}
            required
            maxLength={mode === 'sign-in' ? ACCOUNT_LIMITS.login.max : ACCOUNT_LIMITS.email.max}
            {...fieldError('login')}
            value={mode === 'sign-in' ? login : email}
            onChange={(event) => (mode === 'sign-in' ? setLogin : setEmail)(event.target.value)}
          />
          {errorText('login')}
        </div>
        <div className="field">
          <label htmlFor={ids.password}>{t('signIn.password')}</label>
          <input
            id={ids.password}
            type="password"
            autoComplete={mode === 'sign-in' ? 'current-password' : 'new-password'}
            required
            minLength={passwordLimits.min}
            maxLength={passwordLimits.max}
            aria-invalid={fieldError('password')['aria-invalid']}
            aria-describedby={passwordDescription || undefined}
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
          {mode === 'sign-up' && (
            <span id={ids.passwordHint} className="hint">
              {t('signIn.passwordHint', { min: ACCOUNT_LIMITS.password.min, max: ACCOUNT_LIMITS.password.max })}
            </span>
          )}
          {errorText('password')}
        </div>
        {errorText(undefined)}
        <button type="submit" className="primary" disabled={busy}>
          {retryBySubmit ? t('common.tryAgain') : mode === 'sign-in' ? t('signIn.signIn') : t('signIn.createAccount')}
        </button>
      </form>
      {/* Most people keep the default server: their account comes first, the server after it. */}
      <ServerPicker disabled={busy} />
      <section className="guest" aria-labelledby="guest-heading">
        <h2 id="guest-heading">{t('signIn.guestHeading')}</h2>
        <p>{t('signIn.guestText')}</p>
        <button type="button" disabled={busy} onClick={() => run('guest', () => request(bridge, 'session:continueAsGuest', {}))}>
          {t('signIn.continueAsGuest')}
        </button>
      </section>
    </main>
  )
}

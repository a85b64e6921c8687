// The sign-in form's words for what main or the server refused, and the one set of limits
// the form, main's contract and the server share.
import { describe, expect, it } from 'vitest'
import { invokeChannels, type IpcError } from '../../../../common/ipc'
import { ACCOUNT_LIMITS } from '../../../../common/limits'
import { BridgeError } from '../../../../renderer/ui/bridge'
import { describeAccountError, fieldRule, signInRefused } from '../../../../renderer/ui/screens/accountErrors'
import { englishT, germanT } from '../../../support/i18n'

const refused = (channel: 'session:signIn' | 'session:signUp', error: IpcError) => new BridgeError(channel, error)
const apiError = (location: string, message: string, reason = 'invalid'): IpcError => ({ code: 'api_error', status: 400, reason, location, message })

describe('describeAccountError', () => {
  it("replaces the server's schema text with the field's rule in words", () => {
    const error = refused('session:signUp', apiError('name', 'name: Too big: expected string to have <=60 characters'))
    expect(describeAccountError('sign-up', error, englishT)).toEqual({ field: 'name', message: `Enter your name, up to ${ACCOUNT_LIMITS.name.max} characters.` })
    expect(describeAccountError('sign-up', refused('session:signUp', apiError('email', 'This field is required: email', 'required')), englishT)).toEqual({
      field: 'login',
      message: fieldRule('sign-up', 'login', englishT)
    })
    expect(describeAccountError('sign-up', refused('session:signUp', apiError('password', 'password: The password must be 6 to 30 characters')), englishT)).toEqual({
      field: 'password',
      message: 'Choose a password of 6 to 30 characters.'
    })
  })

  it("keeps the server's own sentence, on its field", () => {
    expect(describeAccountError('sign-up', refused('session:signUp', apiError('email', 'An account with this e-mail already exists')), englishT)).toEqual({
      field: 'login',
      message: 'An account with this e-mail already exists.'
    })
  })

  it('says the same for an unknown account and a wrong password', () => {
    const unknown = describeAccountError('sign-in', refused('session:signIn', apiError('email', 'No account with this e-mail or username')), englishT)
    const wrong = describeAccountError('sign-in', refused('session:signIn', apiError('password', 'Wrong password')), englishT)
    const unauthorised = describeAccountError('sign-in', refused('session:signIn', { code: 'api_error', status: 401, reason: 'not_authenticated', message: 'Bad credentials' }), englishT)
    expect(unknown).toEqual({ message: signInRefused(englishT) })
    expect(wrong).toEqual(unknown)
    expect(unauthorised).toEqual(unknown)
  })

  it('keeps a throttling answer, which says how long to wait', () => {
    const throttled: IpcError = { code: 'api_error', status: 429, reason: 'throttled', location: 'email', message: 'Too many failed attempts; try again in 30 seconds' }
    expect(describeAccountError('sign-in', refused('session:signIn', throttled), englishT)).toEqual({ message: throttled.message })
  })

  it('offers to try again when the server cannot be reached', () => {
    const message = "Can't reach the Shoutit server at 127.0.0.1:8787. Check your connection, or that the server is running."
    expect(describeAccountError('sign-in', refused('session:signIn', { code: 'network', message }), englishT)).toEqual({ message, retry: true })
    expect(describeAccountError('guest', refused('session:signIn', { code: 'network', message }), englishT)).toEqual({ message, retry: true })
  })

  it("points main's contract refusal at its field, or at the form", () => {
    const named = refused('session:signUp', { code: 'invalid_request', message: 'Invalid request for session:signUp: ✖ Too big: expected string to have <=60 characters\n  → at name' })
    expect(describeAccountError('sign-up', named, englishT)).toEqual({ field: 'name', message: fieldRule('sign-up', 'name', englishT) })
    const unnamed = describeAccountError('sign-up', refused('session:signUp', { code: 'invalid_request', message: 'Invalid request for session:signUp: ✖ odd' }), englishT)
    expect(unnamed.field).toBeUndefined()
    expect(unnamed.message).not.toMatch(/✖|Invalid request/)
  })

  it("words the field's rule in German, with the same limits", () => {
    const error = refused('session:signUp', apiError('password', 'password: The password must be 6 to 30 characters'))
    expect(describeAccountError('sign-up', error, germanT)).toEqual({
      field: 'password',
      message: `Wähle ein Passwort mit ${ACCOUNT_LIMITS.password.min} bis ${ACCOUNT_LIMITS.password.max} Zeichen.`
    })
    expect(describeAccountError('sign-in', refused('session:signIn', apiError('password', 'Wrong password')), germanT).message).toBe(signInRefused(germanT))
    expect(signInRefused(germanT)).not.toBe(signInRefused(englishT))
  })

  it('does not treat a guest refusal as a sign-in one', () => {
    const error = refused('session:signIn', { code: 'api_error', status: 403, reason: 'forbidden', message: 'Guests are switched off on this server.' })
    expect(describeAccountError('guest', error, englishT)).toEqual({ message: 'Guests are switched off on this server.' })
  })
})

describe('ACCOUNT_LIMITS in main’s contract', () => {
  const signUp = invokeChannels['session:signUp'].request
  const signIn = invokeChannels['session:signIn'].request
  const valid = { name: 'Ada', email: 'ada@example.com', password: '123456' }

  it('accepts exactly what the form allows', () => {
    expect(signUp.safeParse({ ...valid, name: 'n'.repeat(ACCOUNT_LIMITS.name.max) }).success).toBe(true)
    expect(signUp.safeParse({ ...valid, name: 'n'.repeat(ACCOUNT_LIMITS.name.max + 1) }).success).toBe(false)
    expect(signUp.safeParse({ ...valid, password: 'p'.repeat(ACCOUNT_LIMITS.password.min - 1) }).success).toBe(false)
    expect(signUp.safeParse({ ...valid, password: 'p'.repeat(ACCOUNT_LIMITS.password.max) }).success).toBe(true)
    expect(signUp.safeParse({ ...valid, password: 'p'.repeat(ACCOUNT_LIMITS.password.max + 1) }).success).toBe(false)
    expect(signIn.safeParse({ login: 'l'.repeat(ACCOUNT_LIMITS.login.max + 1), password: 'x' }).success).toBe(false)
    expect(signIn.safeParse({ login: 'ada', password: 'p'.repeat(ACCOUNT_LIMITS.signInPassword.max) }).success).toBe(true)
  })
})

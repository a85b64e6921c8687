// What the sign-in and sign-up form says when main or the server refuses it: a sentence a
// person understands, pinned to the field it is about. Schema text ("name: Too big: expected
// string to have <=60 characters") never reaches the screen; the field's rule does instead,
// in the app's language (`t`), with the limits from common/limits.ts.
import type { TFunction } from 'i18next'
import { ACCOUNT_LIMITS } from '../../../common/limits'
import { BridgeError } from '../bridge'

export type AccountField = 'name' | 'login' | 'password'
export type AccountMode = 'sign-in' | 'sign-up'
/** What the screen asked main to do. */
export type AccountAction = AccountMode | 'guest'

export interface AccountError {
  message: string
  /** The field to mark and explain under; absent for a problem with the whole form. */
  field?: AccountField
  /** The server could not be reached: the same request may well work in a moment. */
  retry?: boolean
}

const { name, email, password } = ACCOUNT_LIMITS

/** A field's rule in words, shown when its value was refused for breaking it. */
export function fieldRule(mode: AccountMode, field: AccountField, t: TFunction): string {
  if (mode === 'sign-in') {
    // Sign-in has no name field.
    if (field === 'name') return ''
    return field === 'login' ? t('accountErrors.signInLogin') : t('accountErrors.signInPassword')
  }
  if (field === 'name') return t('accountErrors.signUpName', { max: name.max })
  if (field === 'login') return t('accountErrors.signUpLogin', { max: email.max })
  return t('accountErrors.signUpPassword', { min: password.min, max: password.max })
}

/**
 * One sentence for "no such account" and "wrong password" alike: telling them apart would
 * tell anyone which e-mail addresses have an account.
 */
export function signInRefused(t: TFunction): string {
  return t('accountErrors.signInRefused')
}

/** The server's and main's names for the form's fields. */
const FIELD_OF: Record<string, AccountField> = { name: 'name', email: 'login', login: 'login', password: 'password' }

/** Messages from main and the server pass through as they are (they are not in the app's resources). */
export function describeAccountError(action: AccountAction, thrown: unknown, t: TFunction): AccountError {
  if (!(thrown instanceof BridgeError)) {
    return { message: thrown instanceof Error && thrown.message ? thrown.message : t('common.somethingWentWrong') }
  }
  if (thrown.code === 'network') return { message: thrown.message, retry: true }
  if (action === 'guest') return { message: thrown.message }
  const mode = action
  if (thrown.code === 'invalid_request') {
    // Main's contract check names the field in its report ("→ at name"); the form's own
    // limits make this rare, as they are the same limits.
    const field = FIELD_OF[/→ at (\w+)/.exec(thrown.message)?.[1] ?? '']
    return field ? { field, message: fieldRule(mode, field, t) } : { message: t('accountErrors.formRefused') }
  }
  if (thrown.code !== 'api_error') return { message: thrown.message }
  if (thrown.status === 429) return { message: thrown.message }
  if (mode === 'sign-in' && thrown.status !== undefined && thrown.status >= 400 && thrown.status < 500) {
    return { message: signInRefused(t) }
  }
  const field = FIELD_OF[thrown.location ?? '']
  if (!field) return { message: thrown.message }
  // The server's schema messages start with the field's name; its own sentences do not.
  const schemaText = thrown.reason === 'required' || thrown.message.startsWith(`${thrown.location}:`)
  return { field, message: schemaText ? fieldRule(mode, field, t) : withFullStop(thrown.message) }
}

function withFullStop(sentence: string): string {
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`
}

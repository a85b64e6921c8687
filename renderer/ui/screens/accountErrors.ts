// What the sign-in and sign-up form says when main or the server refuses it: a sentence a
// person understands, pinned to the field it is about. Schema text ("name: Too big: expected
// string to have <=60 characters") never reaches the screen; the field's rule does instead.
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

/** Each field's rule in words, shown when its value was refused for breaking it. */
export const FIELD_RULES: Record<AccountMode, Record<AccountField, string>> = {
  'sign-in': {
    name: '',
    login: 'Enter your e-mail address or username.',
    password: 'Enter your password.'
  },
  'sign-up': {
    name: `Enter your name, up to ${name.max} characters.`,
    login: `Enter an e-mail address such as name@example.com, up to ${email.max} characters.`,
    password: `Choose a password of ${password.min} to ${password.max} characters.`
  }
}

/**
 * One sentence for "no such account" and "wrong password" alike: telling them apart would
 * tell anyone which e-mail addresses have an account.
 */
export const SIGN_IN_REFUSED = "That e-mail or username and password don't match an account. Check them and try again."

/** The server's and main's names for the form's fields. */
const FIELD_OF: Record<string, AccountField> = { name: 'name', email: 'login', login: 'login', password: 'password' }

export function describeAccountError(action: AccountAction, thrown: unknown): AccountError {
  if (!(thrown instanceof BridgeError)) {
    return { message: thrown instanceof Error && thrown.message ? thrown.message : 'Something went wrong. Please try again.' }
  }
  if (thrown.code === 'network') return { message: thrown.message, retry: true }
  if (action === 'guest') return { message: thrown.message }
  const mode = action
  if (thrown.code === 'invalid_request') {
    // Main's contract check names the field in its report ("→ at name"); the form's own
    // limits make this rare, as they are the same limits.
    const field = FIELD_OF[/→ at (\w+)/.exec(thrown.message)?.[1] ?? '']
    return field ? { field, message: FIELD_RULES[mode][field] } : { message: 'Something in the form is not accepted. Check each field and try again.' }
  }
  if (thrown.code !== 'api_error') return { message: thrown.message }
  if (thrown.status === 429) return { message: thrown.message }
  if (mode === 'sign-in' && thrown.status !== undefined && thrown.status >= 400 && thrown.status < 500) {
    return { message: SIGN_IN_REFUSED }
  }
  const field = FIELD_OF[thrown.location ?? '']
  if (!field) return { message: thrown.message }
  // The server's schema messages start with the field's name; its own sentences do not.
  const schemaText = thrown.reason === 'required' || thrown.message.startsWith(`${thrown.location}:`)
  return { field, message: schemaText ? FIELD_RULES[mode][field] : withFullStop(thrown.message) }
}

function withFullStop(sentence: string): string {
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`
}

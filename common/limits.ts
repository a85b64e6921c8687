// How long what a person types may be: the server's schemas, main's IPC contract and the
// sign-in form's fields all read these, so the form never accepts what the server refuses.
// Plain numbers without zod: the renderer's first load imports this file.
export const ACCOUNT_LIMITS = {
  /** The display name chosen at sign-up. */
  name: { min: 1, max: 60 },
  /** An e-mail address (RFC 5321's path limit). */
  email: { max: 254 },
  /** What sign-in accepts as the account: an e-mail address or a username. */
  login: { max: 254 },
  /** A new password. */
  password: { min: 6, max: 30 },
  /** A password typed to sign in: generous, as older accounts may have had other rules. */
  signInPassword: { max: 128 }
} as const

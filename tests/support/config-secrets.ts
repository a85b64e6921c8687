// Recognisable secret values for the --print-config tests (the parser's, in-process, and the
// real CLI process's): each must be absent from whatever the server prints.
export const CONFIG_SECRETS = {
  PUSHER_SECRET: 'pusher-secret-value-4471',
  SHOUTIT_P2P_SECRET: 'p2p-secret-value-0123456789abcdef-8812',
  SHOUTIT_OAUTH_CLIENT_SECRET: 'oauth-secret-value-3390',
  SHOUTIT_TURN_SECRET: 'turn-secret-value-5127'
} as const

/** The password in the DATABASE_URL those tests give. */
export const DATABASE_PASSWORD = 'db-password-value-9034'

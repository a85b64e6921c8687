// The few API calls the server's own tools, benchmark and tests make as a desktop client
// would: sign in with the desktop's OAuth client, and listen with pusher-js, its channels
// authorised by /v3/pusher/auth with the access token.
import Pusher from 'pusher-js'
import { DEFAULT_OAUTH_CLIENT, PusherAuthReplySchema, TokenResponseSchema, type PusherConfig, type TokenResponse } from '../../common/api'
import { pusherClientOptions } from '../../common/pusher-options'
import { DEMO_ACCOUNTS } from '../src/demoAccounts'

export interface OAuthClient {
  clientId: string
  clientSecret: string
}

/** Signs an account in by e-mail or username; a demo account needs no password. */
export async function signIn(
  baseUrl: string,
  login: string,
  password?: string,
  client: OAuthClient = DEFAULT_OAUTH_CLIENT
): Promise<TokenResponse> {
  const account = DEMO_ACCOUNTS.find((candidate) => candidate.username === login || candidate.email === login)
  const response = await fetch(`${baseUrl}/v3/oauth2/access_token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      client_id: client.clientId,
      client_secret: client.clientSecret,
      grant_type: 'shoutit_login',
      email: login,
      password: password ?? account?.password
    })
  })
  if (!response.ok) throw new Error(`sign-in of ${login} failed: ${response.status} ${await response.text()}`)
  return TokenResponseSchema.parse(await response.json())
}

export interface RealtimeClientOptions {
  /** Told the status of every /v3/pusher/auth reply: pusher-js does not report it for a custom authoriser. */
  onAuthStatus?(channelName: string, status: number): void
}

/** A pusher-js client on the server's realtime endpoint, acting for the holder of `accessToken`. */
export function realtimeClient(baseUrl: string, config: PusherConfig, accessToken: string, options: RealtimeClientOptions = {}): Pusher {
  return new Pusher(
    config.key,
    pusherClientOptions(config, async (socketId, channelName) => {
      const response = await fetch(`${baseUrl}/v3/pusher/auth`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${accessToken}` },
        body: JSON.stringify({ socket_id: socketId, channel_name: channelName })
      })
      options.onAuthStatus?.(channelName, response.status)
      if (!response.ok) throw new Error(`channel authorisation failed: ${response.status}`)
      return PusherAuthReplySchema.parse(await response.json())
    })
  )
}

// Signs in and listens on the account's realtime channel with pusher-js (the client the
// desktop app uses), printing every event: the quickest way to watch a ring arrive.
// npm run listen --workspace server -- --login bob [--password bob-password] [--url http://127.0.0.1:8080]
import { parseArgs } from 'node:util'
import Pusher from 'pusher-js'
import { ClientConfigSchema, DEFAULT_OAUTH_CLIENT, PusherAuthReplySchema, TokenResponseSchema, profileChannelName } from '../../common/api'
import { DEMO_ACCOUNTS } from '../src/demoAccounts'

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:8080' },
    login: { type: 'string', default: 'bob' },
    password: { type: 'string' },
    'client-id': { type: 'string', default: DEFAULT_OAUTH_CLIENT.clientId },
    'client-secret': { type: 'string', default: DEFAULT_OAUTH_CLIENT.clientSecret }
  }
})
const base = values.url.replace(/\/+$/, '')
const password = values.password ?? DEMO_ACCOUNTS.find((account) => account.username === values.login)?.password
if (!password) {
  console.error(`--password is required for ${values.login}`)
  process.exit(2)
}

const signIn = await fetch(`${base}/v3/oauth2/access_token`, {
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({
    client_id: values['client-id'],
    client_secret: values['client-secret'],
    grant_type: 'shoutit_login',
    email: values.login,
    password
  })
})
if (!signIn.ok) {
  console.error(`sign-in failed: ${signIn.status} ${await signIn.text()}`)
  process.exit(1)
}
const session = TokenResponseSchema.parse(await signIn.json())
const config = ClientConfigSchema.parse(await (await fetch(`${base}/v3/client_config`)).json())

const pusher = new Pusher(config.pusher.key, {
  cluster: config.pusher.cluster ?? 'local',
  wsHost: config.pusher.host,
  wsPort: config.pusher.port,
  wssPort: config.pusher.port,
  forceTLS: config.pusher.tls,
  enabledTransports: config.pusher.tls ? ['wss'] : ['ws'],
  channelAuthorization: {
    endpoint: `${base}/v3/pusher/auth`,
    transport: 'ajax',
    customHandler: ({ socketId, channelName }, callback) => {
      fetch(`${base}/v3/pusher/auth`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${session.access_token}` },
        body: JSON.stringify({ socket_id: socketId, channel_name: channelName })
      })
        .then(async (response) => {
          if (!response.ok) throw new Error(`channel authorisation failed: ${response.status}`)
          callback(null, PusherAuthReplySchema.parse(await response.json()))
        })
        .catch((error: Error) => callback(error, null))
    }
  }
})

const channelName = profileChannelName(session.profile.id)
const channel = pusher.subscribe(channelName)
channel.bind('pusher:subscription_succeeded', () => console.log(`listening as ${session.profile.username} on ${channelName} (Ctrl-C to stop)`))
channel.bind('pusher:subscription_error', (error: unknown) => console.error('subscription failed', error))
channel.bind_global((event: string, data: unknown) => {
  if (event.startsWith('pusher:')) return
  console.log(`${new Date().toISOString()} ${event} ${JSON.stringify(data)}`)
})
process.on('SIGINT', () => {
  pusher.disconnect()
  process.exit(0)
})

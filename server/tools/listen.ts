// Signs in and listens on the account's realtime channel with pusher-js (the client the
// desktop app uses), printing every event: the quickest way to watch a ring arrive.
// npm run listen --workspace server -- --login bob [--password bob-password] [--url http://127.0.0.1:8080]
import { parseArgs } from 'node:util'
import { ClientConfigSchema, DEFAULT_OAUTH_CLIENT, profileChannelName, type TokenResponse } from '../../common/api'
import { DEMO_ACCOUNTS } from '../src/demoAccounts'
import { realtimeClient, signIn } from './api-client'

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

let session: TokenResponse
try {
  session = await signIn(base, values.login, password, { clientId: values['client-id'], clientSecret: values['client-secret'] })
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error))
  process.exit(1)
}
const config = ClientConfigSchema.parse(await (await fetch(`${base}/v3/client_config`)).json())
const pusher = realtimeClient(base, config.pusher, session.access_token)

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

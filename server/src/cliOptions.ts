// The command line of `npm run server`: flags, their environment variable twins (flags
// win), the help text, and their translation into startServer options.
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { parseTrustedProxies } from './http/clientIp'
import { consoleLogger } from './logger'
import { DEFAULTS, type ServerOptions } from './options'
import { PUSHER_LIMITS_PROFILES, type PusherLimitsProfile } from './realtime/limits'
import { parseIceUrls } from './video/iceServers'

const isLimitsProfile = (value: string): value is PusherLimitsProfile => (PUSHER_LIMITS_PROFILES as readonly string[]).includes(value)

interface Setting {
  flag: string
  env: string
  description: string
  kind: 'string' | 'number' | 'boolean'
}

const SETTINGS: Setting[] = [
  { flag: 'port', env: 'SHOUTIT_PORT', kind: 'number', description: `port to listen on, 0 for any free one (default ${DEFAULTS.port})` },
  { flag: 'host', env: 'SHOUTIT_HOST', kind: 'string', description: `address to listen on (default ${DEFAULTS.host}; 0.0.0.0 for a LAN)` },
  { flag: 'data-dir', env: 'SHOUTIT_DATA_DIR', kind: 'string', description: 'directory for the SQLite database (default ./.shoutit-data)' },
  {
    flag: 'database-url',
    env: 'DATABASE_URL',
    kind: 'string',
    description: 'keep the data in PostgreSQL (postgres://user:password@host/db) instead of SQLite in the data directory'
  },
  { flag: 'no-demo-accounts', env: 'SHOUTIT_NO_DEMO_ACCOUNTS', kind: 'boolean', description: 'do not create alice, bob and carol in a fresh data directory' },
  { flag: 'public-url', env: 'SHOUTIT_PUBLIC_URL', kind: 'string', description: 'the URL clients reach this server at, when behind a proxy' },
  {
    flag: 'trust-proxy',
    env: 'SHOUTIT_TRUST_PROXY',
    kind: 'string',
    description: 'comma-separated proxy addresses/CIDR ranges (or loopback, linklocal, uniquelocal) whose X-Forwarded-For is believed'
  },
  { flag: 'access-token-ttl', env: 'SHOUTIT_ACCESS_TOKEN_TTL', kind: 'number', description: `access token lifetime in seconds (default ${DEFAULTS.accessTokenTtlSeconds})` },
  { flag: 'refresh-token-ttl', env: 'SHOUTIT_REFRESH_TOKEN_TTL', kind: 'number', description: `refresh token lifetime in seconds (default ${DEFAULTS.refreshTokenTtlSeconds})` },
  { flag: 'video-token-ttl', env: 'SHOUTIT_VIDEO_TOKEN_TTL', kind: 'number', description: `video token lifetime in seconds (default ${DEFAULTS.videoTokenTtlSeconds})` },
  {
    flag: 'video-token-remint',
    env: 'SHOUTIT_VIDEO_TOKEN_REMINT',
    kind: 'number',
    description: `re-mint a video token with less than this many seconds left (default ${DEFAULTS.videoTokenRemintRemainderSeconds})`
  },
  { flag: 'oauth-client-id', env: 'SHOUTIT_OAUTH_CLIENT_ID', kind: 'string', description: `OAuth client id (default ${DEFAULTS.oauthClientId})` },
  { flag: 'oauth-client-secret', env: 'SHOUTIT_OAUTH_CLIENT_SECRET', kind: 'string', description: 'OAuth client secret (default shoutit-desktop-secret)' },
  { flag: 'pusher-app-id', env: 'PUSHER_APP_ID', kind: 'string', description: `Pusher app id (default ${DEFAULTS.pusherAppId})` },
  { flag: 'pusher-key', env: 'PUSHER_KEY', kind: 'string', description: `Pusher app key (default ${DEFAULTS.pusherKey})` },
  { flag: 'pusher-secret', env: 'PUSHER_SECRET', kind: 'string', description: 'Pusher app secret (default: generated once, kept in the data directory)' },
  { flag: 'pusher-host', env: 'PUSHER_HOST', kind: 'string', description: 'publish to an external Pusher-compatible service at this host instead of the built-in one' },
  { flag: 'pusher-port', env: 'PUSHER_PORT', kind: 'number', description: 'port of the external Pusher service (default 443 with TLS, else 80)' },
  { flag: 'pusher-no-tls', env: 'PUSHER_NO_TLS', kind: 'boolean', description: 'talk to the external Pusher service without TLS' },
  { flag: 'pusher-cluster', env: 'PUSHER_CLUSTER', kind: 'string', description: "use Pusher's hosted service in this cluster (e.g. eu)" },
  { flag: 'twilio-account-sid', env: 'TWILIO_ACCOUNT_SID', kind: 'string', description: 'with the two below: real Twilio video tokens (else p2p)' },
  { flag: 'twilio-api-key-sid', env: 'TWILIO_API_KEY_SID', kind: 'string', description: 'Twilio API key SID' },
  { flag: 'twilio-api-key-secret', env: 'TWILIO_API_KEY_SECRET', kind: 'string', description: 'Twilio API key secret' },
  {
    flag: 'p2p-secret',
    env: 'SHOUTIT_P2P_SECRET',
    kind: 'string',
    description: 'key signing p2p video tokens, at least 32 characters (default: generated once, kept in the data directory)'
  },
  { flag: 'server-id', env: 'SHOUTIT_SERVER_ID', kind: 'string', description: "this deployment's id in p2p video tokens (default: generated once, kept in the data directory)" },
  { flag: 'ice-servers', env: 'SHOUTIT_ICE_SERVERS', kind: 'string', description: 'STUN/TURN URLs for p2p calls, comma-separated (e.g. stun:turn.example.org,turn:turn.example.org?transport=udp)' },
  { flag: 'turn-secret', env: 'SHOUTIT_TURN_SECRET', kind: 'string', description: "the TURN server's static-auth-secret, to sign time-limited TURN credentials" },
  {
    flag: 'turn-ttl',
    env: 'SHOUTIT_TURN_TTL',
    kind: 'number',
    description: `seconds TURN credentials stay valid after the video token they come with expires (default ${DEFAULTS.turnCredentialTtlSeconds})`
  },
  { flag: 'janus-url', env: 'SHOUTIT_JANUS_URL', kind: 'string', description: 'calls through this Janus WebSocket API (ws:// or wss://) and its VideoRoom plugin, instead of p2p' },
  { flag: 'janus-token-secret', env: 'SHOUTIT_JANUS_TOKEN_SECRET', kind: 'string', description: "Janus's token_auth_secret, to sign its tokens (required with --janus-url)" },
  { flag: 'janus-admin-key', env: 'SHOUTIT_JANUS_ADMIN_KEY', kind: 'string', description: "the VideoRoom plugin's admin_key, when its config sets one" },
  {
    flag: 'janus-token-ttl',
    env: 'SHOUTIT_JANUS_TOKEN_TTL',
    kind: 'number',
    description: `seconds a Janus token is valid: the longest call on one (default ${DEFAULTS.janusTokenTtlSeconds})`
  },
  {
    flag: 'janus-room-idle',
    env: 'SHOUTIT_JANUS_ROOM_IDLE',
    kind: 'number',
    description: `seconds an empty Janus room is kept before it is destroyed (default ${DEFAULTS.janusRoomIdleSeconds})`
  },
  { flag: 'activity-timeout', env: 'SHOUTIT_ACTIVITY_TIMEOUT', kind: 'number', description: `realtime activity timeout in seconds (default ${DEFAULTS.activityTimeoutSeconds})` },
  {
    flag: 'pusher-limits',
    env: 'SHOUTIT_PUSHER_LIMITS',
    kind: 'string',
    description: "realtime limits: default, or hosted (Pusher's hosted service: 10 KB client events, 100 presence members, 164-character channel names)"
  },
  {
    flag: 'max-channels-per-connection',
    env: 'SHOUTIT_MAX_CHANNELS_PER_CONNECTION',
    kind: 'number',
    description: `channels one realtime connection may subscribe to (default ${DEFAULTS.maxChannelsPerConnection})`
  },
  {
    flag: 'max-connections-per-address',
    env: 'SHOUTIT_MAX_CONNECTIONS_PER_ADDRESS',
    kind: 'number',
    description: `realtime connections one client address may hold (default ${DEFAULTS.maxConnectionsPerAddress})`
  },
  {
    flag: 'client-event-rate',
    env: 'SHOUTIT_CLIENT_EVENT_RATE',
    kind: 'number',
    description: `client events one connection may send a second (default ${DEFAULTS.clientEventsPerSecond})`
  },
  {
    flag: 'client-event-channels',
    env: 'SHOUTIT_CLIENT_EVENT_CHANNELS',
    kind: 'string',
    description: 'comma-separated channel-name prefixes that allow client events (default presence-video-room-, the p2p rooms)'
  },
  {
    flag: 'missed-calls-per-pair',
    env: 'SHOUTIT_MISSED_CALLS_PER_PAIR',
    kind: 'number',
    description: `missed-call notifications one caller may leave one callee an hour (default ${DEFAULTS.missedCallLimits.perPair})`
  },
  {
    flag: 'missed-calls-per-caller',
    env: 'SHOUTIT_MISSED_CALLS_PER_CALLER',
    kind: 'number',
    description: `missed-call notifications one caller may leave an hour, all callees together (default ${DEFAULTS.missedCallLimits.perCaller})`
  },
  {
    flag: 'room-member-limit',
    env: 'SHOUTIT_ROOM_MEMBER_LIMIT',
    kind: 'number',
    description: `most people in one call, 2 to 100 (default ${DEFAULTS.roomMemberLimit}; 2 keeps calls 1:1)`
  },
  { flag: 'quiet', env: 'SHOUTIT_QUIET', kind: 'boolean', description: 'log only the listening line and errors' }
]

export function usage(): string {
  const width = Math.max(...SETTINGS.map((setting) => setting.flag.length + (setting.kind === 'boolean' ? 0 : 8)))
  const lines = SETTINGS.map((setting) => {
    const flag = setting.kind === 'boolean' ? `--${setting.flag}` : `--${setting.flag} <${setting.kind === 'number' ? 'n' : 'value'}>`
    return `  ${flag.padEnd(width + 4)} ${setting.description}\n  ${''.padEnd(width + 4)} env ${setting.env}`
  })
  const printConfig = `  ${'--print-config'.padEnd(width + 4)} print the effective settings as JSON, secrets only as "(set)" or "(generated)", and exit`
  return ['Usage: npm run server -- [options]', '', 'Runs the Shoutit reference server (REST API and realtime on one port).', '', ...lines, printConfig, '  --help'].join('\n')
}

export type Values = Record<string, string | number | boolean | undefined>

export function readSettings(argv: string[], env: NodeJS.ProcessEnv): Values | 'help' {
  const flags: Record<string, { type: 'boolean' | 'string' }> = { help: { type: 'boolean' }, 'print-config': { type: 'boolean' } }
  for (const setting of SETTINGS) flags[setting.flag] = { type: setting.kind === 'boolean' ? 'boolean' : 'string' }
  const values = parseArgs({ args: argv, options: flags, strict: true }).values as Record<string, string | boolean | undefined>
  if (values.help) return 'help'
  const result: Values = values['print-config'] ? { 'print-config': true } : {}
  for (const setting of SETTINGS) {
    const raw = values[setting.flag] ?? env[setting.env]
    if (raw === undefined || raw === '') continue
    if (setting.kind === 'boolean') {
      result[setting.flag] = raw === true || /^(1|true|yes)$/i.test(String(raw))
    } else if (setting.kind === 'number') {
      const number = Number(raw)
      if (!Number.isFinite(number)) throw new Error(`--${setting.flag} (${setting.env}) must be a number, got "${String(raw)}"`)
      result[setting.flag] = number
    } else {
      result[setting.flag] = String(raw)
    }
  }
  return result
}

/** `baseDir` anchors a relative data directory (npm runs workspace scripts inside server/). */
export function toOptions(values: Values, baseDir: string): ServerOptions {
  const str = (flag: string): string | undefined => values[flag] as string | undefined
  const num = (flag: string): number | undefined => values[flag] as number | undefined
  const twilio = [str('twilio-account-sid'), str('twilio-api-key-sid'), str('twilio-api-key-secret')]
  if (twilio.some(Boolean) && !twilio.every(Boolean)) {
    throw new Error('Twilio needs all three of TWILIO_ACCOUNT_SID, TWILIO_API_KEY_SID and TWILIO_API_KEY_SECRET')
  }
  const options: ServerOptions = {
    dataDir: resolve(baseDir, str('data-dir') ?? '.shoutit-data'),
    port: num('port') ?? DEFAULTS.port,
    host: str('host') ?? DEFAULTS.host,
    seedDemoAccounts: values['no-demo-accounts'] !== true,
    logger: consoleLogger,
    pusher: {
      appId: str('pusher-app-id'),
      key: str('pusher-key'),
      secret: str('pusher-secret'),
      host: str('pusher-host'),
      port: num('pusher-port'),
      useTLS: values['pusher-no-tls'] === true ? false : undefined,
      cluster: str('pusher-cluster')
    }
  }
  const janusUrl = str('janus-url')
  const janusSecret = str('janus-token-secret')
  if (janusUrl === undefined && (janusSecret !== undefined || str('janus-admin-key') !== undefined)) throw new Error('--janus-token-secret and --janus-admin-key need --janus-url')
  if (janusUrl !== undefined) {
    if (janusSecret === undefined) throw new Error('--janus-url needs --janus-token-secret (SHOUTIT_JANUS_TOKEN_SECRET), the token_auth_secret of its janus.jcfg')
    options.janus = {
      url: janusUrl,
      tokenSecret: janusSecret,
      ...(str('janus-admin-key') ? { adminKey: str('janus-admin-key')! } : {}),
      ...(num('janus-token-ttl') !== undefined ? { tokenTtlSeconds: num('janus-token-ttl')! } : {}),
      ...(num('janus-room-idle') !== undefined ? { roomIdleSeconds: num('janus-room-idle')! } : {})
    }
  }
  if (twilio.every(Boolean)) options.twilio = { accountSid: twilio[0]!, apiKeySid: twilio[1]!, apiKeySecret: twilio[2]! }
  if (str('database-url')) options.databaseUrl = str('database-url')
  if (str('public-url')) options.publicUrl = str('public-url')
  if (str('trust-proxy')) options.trustProxy = parseTrustedProxies(str('trust-proxy')!)
  if (str('p2p-secret')) options.p2pSecret = str('p2p-secret')
  if (str('server-id')) options.serverId = str('server-id')
  if (num('access-token-ttl') !== undefined) options.accessTokenTtlSeconds = num('access-token-ttl')
  if (num('refresh-token-ttl') !== undefined) options.refreshTokenTtlSeconds = num('refresh-token-ttl')
  if (num('video-token-ttl') !== undefined) options.videoTokenTtlSeconds = num('video-token-ttl')
  if (num('video-token-remint') !== undefined) options.videoTokenRemintRemainderSeconds = num('video-token-remint')
  if (str('oauth-client-id')) options.oauthClientId = str('oauth-client-id')
  if (str('oauth-client-secret')) options.oauthClientSecret = str('oauth-client-secret')
  if (num('activity-timeout') !== undefined) options.activityTimeoutSeconds = num('activity-timeout')
  if (str('ice-servers')) options.iceServers = parseIceUrls(str('ice-servers')!)
  if (str('turn-secret')) options.turnSecret = str('turn-secret')
  if (str('pusher-limits')) {
    const profile = str('pusher-limits')!
    if (!isLimitsProfile(profile)) throw new Error(`--pusher-limits (SHOUTIT_PUSHER_LIMITS) must be ${PUSHER_LIMITS_PROFILES.join(' or ')}, got "${profile}"`)
    options.pusherLimits = profile
  }
  if (num('max-channels-per-connection') !== undefined) options.maxChannelsPerConnection = num('max-channels-per-connection')
  if (num('max-connections-per-address') !== undefined) options.maxConnectionsPerAddress = num('max-connections-per-address')
  if (num('client-event-rate') !== undefined) options.clientEventsPerSecond = num('client-event-rate')
  if (str('client-event-channels')) options.clientEventChannels = str('client-event-channels')!.split(',').map((prefix) => prefix.trim()).filter(Boolean)
  if (num('room-member-limit') !== undefined) options.roomMemberLimit = num('room-member-limit')
  if (num('turn-ttl') !== undefined) options.turnCredentialTtlSeconds = num('turn-ttl')
  const perPair = num('missed-calls-per-pair')
  const perCaller = num('missed-calls-per-caller')
  if (perPair !== undefined || perCaller !== undefined) {
    options.missedCallLimits = { ...(perPair !== undefined ? { perPair } : {}), ...(perCaller !== undefined ? { perCaller } : {}) }
  }
  return options
}

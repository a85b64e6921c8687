// What `--print-config` shows: the settings a server would start with, defaults filled in,
// so that N instances can be compared. Secrets are never copied in, only whether each was
// given ("(set)") or will come from storage ("(generated)"); the database URL is shown
// with its password replaced.
import { ROOM_CHANNEL_PREFIX } from '../../common/api'
import { advertisedUrl } from './api/clientAddress'
import { DEFAULTS, type ServerOptions } from './options'

type SecretState = '(set)' | '(generated)' | '(default)' | null

const given = (value: string | undefined, otherwise: Exclude<SecretState, '(set)'>): SecretState => (value === undefined ? otherwise : '(set)')

/** The URL with its password (in the authority or a `password` parameter) replaced by "(set)". */
function withoutPassword(databaseUrl: string): string {
  let url: URL
  try {
    url = new URL(databaseUrl)
  } catch {
    // Unparsable here means nothing can be safely shown of it.
    return '(set)'
  }
  if (url.password !== '') url.password = '(set)'
  if (url.searchParams.has('password')) url.searchParams.set('password', '(set)')
  return url.href
}

export function effectiveConfig(options: ServerOptions, extra: { quiet: boolean }): Record<string, unknown> {
  const pusher = options.pusher ?? {}
  const external = pusher.host !== undefined || pusher.cluster !== undefined
  const port = options.port ?? DEFAULTS.port
  const host = options.host ?? DEFAULTS.host
  return {
    port,
    host,
    storage: options.databaseUrl === undefined ? 'sqlite' : 'postgres',
    databaseUrl: options.databaseUrl === undefined ? null : withoutPassword(options.databaseUrl),
    dataDir: options.dataDir,
    seedDemoAccounts: options.seedDemoAccounts ?? true,
    publicUrl: options.publicUrl ?? null,
    // What client_config and pagination links will name; port 0 is only known once bound.
    advertisedUrl: port === 0 && options.publicUrl === undefined ? '(the listen address)' : advertisedUrl(host, port, options.publicUrl),
    trustProxy: options.trustProxy ?? [],
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? DEFAULTS.accessTokenTtlSeconds,
    refreshTokenTtlSeconds: options.refreshTokenTtlSeconds ?? DEFAULTS.refreshTokenTtlSeconds,
    videoTokenTtlSeconds: options.videoTokenTtlSeconds ?? DEFAULTS.videoTokenTtlSeconds,
    videoTokenRemintRemainderSeconds: options.videoTokenRemintRemainderSeconds ?? DEFAULTS.videoTokenRemintRemainderSeconds,
    oauthClientId: options.oauthClientId ?? DEFAULTS.oauthClientId,
    oauthClientSecret: given(options.oauthClientSecret, '(default)'),
    pusher: {
      appId: pusher.appId ?? DEFAULTS.pusherAppId,
      key: pusher.key ?? DEFAULTS.pusherKey,
      secret: given(pusher.secret, '(generated)'),
      realtime: external ? 'external' : 'built-in',
      ...(external
        ? { host: pusher.host ?? `api-${pusher.cluster}.pusher.com`, port: pusher.port ?? (pusher.useTLS === false ? 80 : 443), useTLS: pusher.useTLS ?? true, cluster: pusher.cluster ?? null }
        : {})
    },
    videoProvider: options.twilio ? 'twilio' : options.janus ? 'janus' : 'p2p',
    janus: options.janus
      ? {
          url: options.janus.url,
          tokenSecret: '(set)',
          adminKey: given(options.janus.adminKey, null),
          tokenTtlSeconds: options.janus.tokenTtlSeconds ?? DEFAULTS.janusTokenTtlSeconds,
          roomIdleSeconds: options.janus.roomIdleSeconds ?? DEFAULTS.janusRoomIdleSeconds,
          maxPublishers: options.janus.maxPublishers ?? DEFAULTS.janusMaxPublishers
        }
      : null,
    twilio: options.twilio ? { accountSid: options.twilio.accountSid, apiKeySid: options.twilio.apiKeySid, apiKeySecret: '(set)' } : null,
    p2pSecret: options.twilio ? null : given(options.p2pSecret, '(generated)'),
    serverId: options.serverId ?? '(generated)',
    iceServers: options.iceServers ?? [],
    turnSecret: given(options.turnSecret, null),
    turnCredentialTtlSeconds: options.turnCredentialTtlSeconds ?? DEFAULTS.turnCredentialTtlSeconds,
    activityTimeoutSeconds: options.activityTimeoutSeconds ?? DEFAULTS.activityTimeoutSeconds,
    pusherLimits: options.pusherLimits ?? DEFAULTS.pusherLimits,
    maxChannelsPerConnection: options.maxChannelsPerConnection ?? DEFAULTS.maxChannelsPerConnection,
    maxConnectionsPerAddress: options.maxConnectionsPerAddress ?? DEFAULTS.maxConnectionsPerAddress,
    clientEventsPerSecond: options.clientEventsPerSecond ?? DEFAULTS.clientEventsPerSecond,
    clientEventChannels: options.clientEventChannels ?? [ROOM_CHANNEL_PREFIX],
    loginThrottle: { ...DEFAULTS.loginThrottle, ...options.loginThrottle },
    missedCallLimits: { ...DEFAULTS.missedCallLimits, ...options.missedCallLimits },
    roomMemberLimit: options.roomMemberLimit ?? DEFAULTS.roomMemberLimit,
    // The throttles count where the data is kept (see storage.rateLimiterStore()).
    rateLimitStore: options.databaseUrl === undefined ? 'memory' : 'postgres',
    scryptCost: options.scryptCost ?? DEFAULTS.scryptCost,
    quiet: extra.quiet
  }
}

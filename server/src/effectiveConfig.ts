// What `--print-config` shows: the settings a server would start with, defaults filled in,
// so that N instances can be compared. Secrets are never copied in, only whether each was
// given ("(set)") or will come from the data directory ("(generated)").
import { DEFAULTS, type ServerOptions } from './options'

type SecretState = '(set)' | '(generated)' | '(default)' | null

const given = (value: string | undefined, otherwise: Exclude<SecretState, '(set)'>): SecretState => (value === undefined ? otherwise : '(set)')

export function effectiveConfig(options: ServerOptions, extra: { quiet: boolean }): Record<string, unknown> {
  const pusher = options.pusher ?? {}
  const external = pusher.host !== undefined || pusher.cluster !== undefined
  return {
    port: options.port ?? DEFAULTS.port,
    host: options.host ?? DEFAULTS.host,
    dataDir: options.dataDir,
    seedDemoAccounts: options.seedDemoAccounts ?? true,
    publicUrl: options.publicUrl ?? null,
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
    videoProvider: options.twilio ? 'twilio' : 'p2p',
    twilio: options.twilio ? { accountSid: options.twilio.accountSid, apiKeySid: options.twilio.apiKeySid, apiKeySecret: '(set)' } : null,
    p2pSecret: options.twilio ? null : given(options.p2pSecret, '(generated)'),
    serverId: options.serverId ?? '(generated)',
    activityTimeoutSeconds: options.activityTimeoutSeconds ?? DEFAULTS.activityTimeoutSeconds,
    loginThrottle: { ...DEFAULTS.loginThrottle, ...options.loginThrottle },
    rateLimitStore: options.databaseUrl === undefined ? 'memory' : 'postgres',
    scryptCost: options.scryptCost ?? DEFAULTS.scryptCost,
    quiet: extra.quiet
  }
}

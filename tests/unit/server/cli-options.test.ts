import { describe, expect, it } from 'vitest'
import { readSettings, toOptions, usage, type Values } from '../../../server/src/cliOptions'
import { effectiveConfig } from '../../../server/src/effectiveConfig'
import { checkOptions } from '../../../server/src/options'
import { CONFIG_SECRETS, DATABASE_PASSWORD } from '../../support/config-secrets'

const parse = (argv: string[], env: Record<string, string> = {}) => {
  const values = readSettings(argv, env)
  if (values === 'help') throw new Error('unexpected help')
  return toOptions(values as Values, '/home/someone/project')
}

describe('server command line', () => {
  it('reads flags, falls back to environment variables, and lets flags win', () => {
    const options = parse(['--port', '9000', '--access-token-ttl', '60'], { SHOUTIT_PORT: '1234', SHOUTIT_HOST: '0.0.0.0', SHOUTIT_NO_DEMO_ACCOUNTS: '1' })
    expect(options).toMatchObject({ port: 9000, host: '0.0.0.0', accessTokenTtlSeconds: 60, seedDemoAccounts: false })
  })

  it('resolves a relative data directory against the caller’s directory', () => {
    expect(parse(['--data-dir', 'data']).dataDir).toBe('/home/someone/project/data')
    expect(parse(['--data-dir', '/srv/shoutit']).dataDir).toBe('/srv/shoutit')
    expect(parse([]).dataDir).toBe('/home/someone/project/.shoutit-data')
  })

  it('uses Twilio only with all three credentials and refuses a partial set', () => {
    expect(parse([]).twilio).toBeUndefined()
    const env = { TWILIO_ACCOUNT_SID: 'AC1', TWILIO_API_KEY_SID: 'SK1', TWILIO_API_KEY_SECRET: 's' }
    expect(parse([], env).twilio).toEqual({ accountSid: 'AC1', apiKeySid: 'SK1', apiKeySecret: 's' })
    expect(() => parse([], { TWILIO_ACCOUNT_SID: 'AC1' })).toThrow(/all three/)
  })

  it('turns Janus on with --janus-url and its token secret, refuses either half alone, Twilio beside it, or a non-WebSocket URL', () => {
    expect(parse([]).janus).toBeUndefined()
    const options = parse(['--janus-url', 'wss://janus.example.org/janus', '--janus-room-idle', '30'], { SHOUTIT_JANUS_TOKEN_SECRET: 'janus-secret-7710', SHOUTIT_JANUS_ADMIN_KEY: 'admin-key-2291' })
    expect(options.janus).toEqual({ url: 'wss://janus.example.org/janus', tokenSecret: 'janus-secret-7710', adminKey: 'admin-key-2291', roomIdleSeconds: 30 })
    expect(() => checkOptions(options)).not.toThrow()
    const shown = JSON.stringify(effectiveConfig(options, { quiet: false }))
    expect(shown).not.toContain('janus-secret-7710')
    expect(shown).not.toContain('admin-key-2291')
    expect(effectiveConfig(options, { quiet: false })).toMatchObject({ videoProvider: 'janus', janus: { url: 'wss://janus.example.org/janus', tokenSecret: '(set)', adminKey: '(set)' } })
    expect(() => parse(['--janus-url', 'ws://127.0.0.1:8188'])).toThrow(/--janus-token-secret/)
    expect(() => parse(['--janus-token-secret', 'x'])).toThrow(/need --janus-url/)
    expect(() => checkOptions({ ...options, twilio: { accountSid: 'AC1', apiKeySid: 'SK1', apiKeySecret: 's' } })).toThrow(/Twilio or Janus/)
    expect(() => checkOptions({ ...options, janus: { ...options.janus!, url: 'http://janus.example.org' } })).toThrow(/ws:\/\/ or wss:\/\//)
  })

  it('keeps the data in PostgreSQL with --database-url or DATABASE_URL, the flag winning, and SQLite without', () => {
    expect(parse([]).databaseUrl).toBeUndefined()
    expect(parse([], { DATABASE_URL: 'postgres://env/db' }).databaseUrl).toBe('postgres://env/db')
    expect(parse(['--database-url', 'postgresql://flag/db'], { DATABASE_URL: 'postgres://env/db' }).databaseUrl).toBe('postgresql://flag/db')
    expect(() => checkOptions({ dataDir: '/tmp/x', databaseUrl: 'mysql://db' })).toThrow(/postgres:\/\//)
  })

  it('reads the room member limit from --room-member-limit or its variable, 8 by default, and refuses one below 2 or above 100', () => {
    expect(effectiveConfig(parse([]), { quiet: false })).toMatchObject({ roomMemberLimit: 8 })
    expect(parse(['--room-member-limit', '2']).roomMemberLimit).toBe(2)
    expect(parse([], { SHOUTIT_ROOM_MEMBER_LIMIT: '12' }).roomMemberLimit).toBe(12)
    expect(() => checkOptions({ dataDir: '/tmp/x', roomMemberLimit: 1 })).toThrow(/roomMemberLimit must be an integer from 2 to 100/)
    expect(() => checkOptions({ dataDir: '/tmp/x', roomMemberLimit: 101 })).toThrow(/from 2 to 100/)
    expect(() => checkOptions({ dataDir: '/tmp/x', roomMemberLimit: 2.5 })).toThrow(/integer/)
  })

  it('reads the missed-call limits from flags or the environment, shows them in the effective config, and refuses a non-positive one', () => {
    expect(parse([])).not.toHaveProperty('missedCallLimits')
    expect(parse(['--missed-calls-per-pair', '3'], { SHOUTIT_MISSED_CALLS_PER_CALLER: '20' }).missedCallLimits).toEqual({ perPair: 3, perCaller: 20 })
    expect(effectiveConfig(parse(['--missed-calls-per-pair', '3']), { quiet: false })).toMatchObject({ missedCallLimits: { perPair: 3, perCaller: 60, windowSeconds: 3600 } })
    expect(() => checkOptions({ dataDir: '/tmp/x', missedCallLimits: { perCaller: 0 } })).toThrow(/missedCallLimits.perCaller must be a positive number/)
    expect(() => checkOptions({ dataDir: '/tmp/x', missedCallLimits: { windowSeconds: 365 * 24 * 3600 } })).toThrow(/at most/)
  })

  it('reads the realtime limits: the hosted profile, the abuse caps and the client-event channels, refusing an unknown profile', () => {
    expect(parse([])).not.toHaveProperty('pusherLimits')
    const options = parse(
      ['--pusher-limits', 'hosted', '--max-channels-per-connection', '20', '--client-event-channels', 'private-, presence-'],
      { SHOUTIT_MAX_CONNECTIONS_PER_ADDRESS: '50', SHOUTIT_CLIENT_EVENT_RATE: '5' }
    )
    expect(options).toMatchObject({
      pusherLimits: 'hosted',
      maxChannelsPerConnection: 20,
      maxConnectionsPerAddress: 50,
      clientEventsPerSecond: 5,
      clientEventChannels: ['private-', 'presence-']
    })
    expect(() => parse(['--pusher-limits', 'unlimited'])).toThrow(/default or hosted/)
    expect(() => checkOptions({ dataDir: '/tmp/x', maxConnectionsPerAddress: 0 })).toThrow(/positive/)
  })

  it('configures an external Pusher service', () => {
    expect(parse(['--pusher-host', 'realtime.example.org', '--pusher-port', '6001', '--pusher-no-tls'], { PUSHER_SECRET: 'sec' }).pusher).toMatchObject({
      host: 'realtime.example.org',
      port: 6001,
      useTLS: false,
      secret: 'sec'
    })
  })

  it('reads ICE servers and the TURN secret, and refuses a bad URL or TURN without a secret', () => {
    const options = parse(['--ice-servers', 'stun:turn.example.org,turn:turn.example.org?transport=udp', '--turn-ttl', '600'], { SHOUTIT_TURN_SECRET: 'north-wind' })
    expect(options).toMatchObject({ iceServers: ['stun:turn.example.org', 'turn:turn.example.org?transport=udp'], turnSecret: 'north-wind', turnCredentialTtlSeconds: 600 })
    expect(() => parse(['--ice-servers', 'turn.example.org'])).toThrow(/"turn.example.org" must be a stun:/)
    expect(usage()).toContain('SHOUTIT_TURN_SECRET')
  })

  it('refuses non-numbers and unknown flags, and lists every flag with its variable in --help', () => {
    expect(() => parse(['--port', 'eighty'])).toThrow(/--port \(SHOUTIT_PORT\) must be a number/)
    expect(() => parse(['--colour'])).toThrow()
    expect(readSettings(['--help'], {})).toBe('help')
    for (const text of ['--port', 'SHOUTIT_PORT', '--data-dir', 'SHOUTIT_DATA_DIR', '--no-demo-accounts', 'TWILIO_API_KEY_SECRET', 'PUSHER_CLUSTER']) {
      expect(usage()).toContain(text)
    }
  })

  it('takes the shared secrets, the server id and trusted proxies from flags or environment', () => {
    const p2p = 'p'.repeat(40)
    const options = parse(['--server-id', 'eu-1', '--trust-proxy', '10.0.0.0/8, 192.168.1.1,loopback'], { SHOUTIT_P2P_SECRET: p2p, PUSHER_SECRET: 'pusher-sec' })
    expect(options).toMatchObject({ serverId: 'eu-1', p2pSecret: p2p, trustProxy: ['10.0.0.0/8', '192.168.1.1', 'loopback'], pusher: { secret: 'pusher-sec' } })
    expect(parse(['--p2p-secret', 'q'.repeat(40)], { SHOUTIT_P2P_SECRET: p2p }).p2pSecret).toBe('q'.repeat(40))
    expect(() => parse(['--trust-proxy', '10.0.0.0/33'])).toThrow(/trust proxy/)
    expect(() => parse(['--trust-proxy', '10.0.0.1,,10.0.0.2'])).toThrow(/comma-separated/)
    expect(() => parse(['--trust-proxy', 'proxy.example.org'])).toThrow(/trust proxy/)
    for (const text of ['--trust-proxy', 'SHOUTIT_TRUST_PROXY', '--p2p-secret', 'SHOUTIT_P2P_SECRET', '--server-id', 'SHOUTIT_SERVER_ID', '--print-config']) {
      expect(usage()).toContain(text)
    }
  })
})

describe('--print-config', () => {
  const secrets = CONFIG_SECRETS
  const dbPassword = DATABASE_PASSWORD

  it('shows effective settings, and of each secret only whether it was given', () => {
    const argv = ['--print-config', '--port', '9001', '--trust-proxy', 'loopback', '--ice-servers', 'turn:turn.example.org:3478']
    const env = { ...secrets, DATABASE_URL: `postgres://shoutit:${dbPassword}@db.example.org:5432/shoutit` }
    const values = readSettings(argv, env) as Values
    expect(values['print-config']).toBe(true)
    const config = effectiveConfig(toOptions(values, '/srv'), { quiet: false })
    expect(config).toMatchObject({
      port: 9001,
      host: '127.0.0.1',
      trustProxy: ['loopback'],
      storage: 'postgres',
      databaseUrl: 'postgres://shoutit:(set)@db.example.org:5432/shoutit',
      oauthClientSecret: '(set)',
      pusher: { secret: '(set)', realtime: 'built-in' },
      p2pSecret: '(set)',
      serverId: '(generated)',
      iceServers: ['turn:turn.example.org:3478'],
      turnSecret: '(set)',
      videoProvider: 'p2p',
      rateLimitStore: 'postgres'
    })
    const text = JSON.stringify(config)
    for (const secret of [...Object.values(secrets), dbPassword]) expect(text).not.toContain(secret)

    // A password given as a connection parameter is hidden too.
    const inQuery = effectiveConfig({ dataDir: '/srv', databaseUrl: `postgresql://db.example.org/shoutit?user=shoutit&password=${dbPassword}` }, { quiet: false })
    expect(inQuery.databaseUrl).toBe('postgresql://db.example.org/shoutit?user=shoutit&password=%28set%29')

    const generated = effectiveConfig(toOptions(readSettings([], {}) as Values, '/srv'), { quiet: true })
    expect(generated).toMatchObject({
      storage: 'sqlite',
      databaseUrl: null,
      oauthClientSecret: '(default)',
      pusher: { secret: '(generated)' },
      p2pSecret: '(generated)',
      turnSecret: null,
      rateLimitStore: 'memory',
      quiet: true
    })
  })
})

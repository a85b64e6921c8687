import { describe, expect, it } from 'vitest'
import { readSettings, toOptions, usage, type Values } from '../../../server/src/cliOptions'
import { checkOptions } from '../../../server/src/options'

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

  it('keeps the data in PostgreSQL with --database-url or DATABASE_URL, the flag winning, and SQLite without', () => {
    expect(parse([]).databaseUrl).toBeUndefined()
    expect(parse([], { DATABASE_URL: 'postgres://env/db' }).databaseUrl).toBe('postgres://env/db')
    expect(parse(['--database-url', 'postgresql://flag/db'], { DATABASE_URL: 'postgres://env/db' }).databaseUrl).toBe('postgresql://flag/db')
    expect(() => checkOptions({ dataDir: '/tmp/x', databaseUrl: 'mysql://db' })).toThrow(/postgres:\/\//)
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
})

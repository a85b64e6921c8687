// `npm run server -- --print-config` as an operator runs it: a real process, secrets given
// through the environment, and none of their values anywhere in what it prints.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { CONFIG_SECRETS, DATABASE_PASSWORD } from '../../support/config-secrets'

const cli = fileURLToPath(new URL('../../../server/src/cli.ts', import.meta.url))
const secrets = CONFIG_SECRETS
const dbPassword = DATABASE_PASSWORD

describe('server --print-config', () => {
  it('prints JSON without secret values and exits 0', { timeout: 60_000 }, () => {
    const twilio = { TWILIO_ACCOUNT_SID: 'AC123', TWILIO_API_KEY_SID: 'SK123', TWILIO_API_KEY_SECRET: 'twilio-secret-value-6650' }
    const argv = ['--import', 'tsx', cli, '--print-config', '--server-id', 'node-7', '--ice-servers', 'stun:turn.example.org,turn:turn.example.org']
    const result = spawnSync(process.execPath, argv, {
      encoding: 'utf8',
      env: { ...process.env, ...secrets, ...twilio, DATABASE_URL: `postgres://shoutit:${dbPassword}@db.example.org/shoutit` },
      timeout: 60_000
    })
    expect(result.status, result.stderr).toBe(0)
    const config = JSON.parse(result.stdout) as Record<string, unknown>
    expect(config).toMatchObject({
      serverId: 'node-7',
      videoProvider: 'twilio',
      twilio: { accountSid: 'AC123', apiKeySecret: '(set)' },
      pusher: { secret: '(set)' },
      turnSecret: '(set)',
      databaseUrl: 'postgres://shoutit:(set)@db.example.org/shoutit'
    })
    for (const secret of [...Object.values(secrets), twilio.TWILIO_API_KEY_SECRET, dbPassword]) {
      expect(result.stdout).not.toContain(secret)
      expect(result.stderr).not.toContain(secret)
    }
  })

  it('refuses a p2p secret too short to sign with, exiting 2', { timeout: 60_000 }, () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', cli, '--print-config', '--p2p-secret', 'short'], { encoding: 'utf8', timeout: 60_000 })
    expect(result.status).toBe(2)
    expect(result.stderr).toMatch(/at least 32 characters/)
  })
})

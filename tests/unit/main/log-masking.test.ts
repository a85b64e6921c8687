// The log masks by value every secret the process holds (OAuth tokens, the video token, TURN
// credentials), wherever it appears: under a field name nothing suspects, inside free text,
// in an error. Opaque random tokens have no shape the key-name and JWT/Bearer masking know.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { composeMain, type MainHandle } from '../../../main/compose'
import { HeldSecrets, maskingLogger } from '../../../main/services/core/held-secrets'
import { createAppLogger } from '../../../main/platform/logger'
import { FakeApi } from '../../support/platform/fake-api'
import { FakeClock, settle } from '../../support/platform/fake-clock'
import { fakePusherFactory } from '../../support/platform/fake-pusher'
import { createTestPlatform, memoryLogger } from '../../support/platform/platform'

const TURN = [{ urls: 'turn:127.0.0.1:3478', username: '1700000000:alice', credential: 'turn-credential-0123456789' }]
const dirs: string[] = []
const mains: MainHandle[] = []
afterEach(async () => {
  for (const main of mains.splice(0)) await main.dispose()
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('masking by value', () => {
  it('masks a held value under an innocent key, in free text, in an error and URL-encoded', () => {
    const secrets = new HeldSecrets()
    const lines = memoryLogger()
    const logger = maskingLogger(lines, secrets)
    const token = 'q7Zk2x9PmA+/W4rT'
    secrets.hold('session', [token])
    logger.info(`refreshed, now ${token}`, { note: token, nested: [{ detail: `x=${encodeURIComponent(token)}` }], error: new Error(`refused ${token}`) })
    const text = JSON.stringify(lines.lines)
    expect(text).not.toContain(token)
    expect(text).not.toContain(encodeURIComponent(token))
    expect(lines.lines[0]!.message).toBe('refreshed, now [redacted]')
    expect(lines.lines[0]!.fields).toMatchObject({ note: '[redacted]' })
  })

  it('stops masking a value once it is released, and keeps ordinary words alone', () => {
    const secrets = new HeldSecrets()
    secrets.hold('video', ['abc', 'vt-0123456789'])
    expect(secrets.mask('abc and vt-0123456789')).toBe('abc and [redacted]')
    secrets.release('video')
    expect(secrets.mask('vt-0123456789')).toBe('vt-0123456789')
  })

  it("the app's log file never shows a token the composition holds, however it is logged", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'shoutit-log-mask-'))
    dirs.push(dir)
    const file = path.join(dir, 'logs', 'main.log')
    const secrets = new HeldSecrets()
    const appLogger = createAppLogger({ file, minimum: 'debug', echo: false, secrets })
    const clock = new FakeClock()
    const api = new FakeApi({ clock, iceServers: TURN })
    const platform = { ...createTestPlatform({ clock, fetch: api.fetch, createPusher: fakePusherFactory() }), logger: appLogger }
    const main = composeMain(platform, { secrets })
    mains.push(main)
    await main.ready
    await main.ipc.invoke(1, 'session:signIn', { login: 'alice', password: 'alice-pass' })
    await settle()
    const held = [...api.allSecrets(), TURN[0]!.credential]
    expect(held.length).toBeGreaterThanOrEqual(4)
    for (const secret of held) {
      appLogger.info(`free text carrying ${secret}`, { note: secret })
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
    const written = readFileSync(file, 'utf8')
    expect(written).toContain('free text carrying [redacted]')
    for (const secret of held) expect(written).not.toContain(secret)
  })
})

// Every IPC handler, over the whole contract: a sender that is not an app window is refused,
// a malformed request is answered with invalid_request (never a crash, never the handler),
// and nothing a handler replies carries an OAuth token.
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { invokeChannels, type InvokeChannel } from '../../../common/ipc'
import { INVOKE_CHANNEL_NAMES } from '../../../common/ipc-channels'
import { composeMain, type MainHandle } from '../../../main/compose'
import { FakeApi } from '../../support/platform/fake-api'
import { FakeClock, settle } from '../../support/platform/fake-clock'
import { fakePusherFactory } from '../../support/platform/fake-pusher'
import { createTestPlatform, type TestPlatform } from '../../support/platform/platform'

const APP_SENDER = 1
let main: MainHandle
let platform: TestPlatform
let api: FakeApi
let channels: InvokeChannel[]

beforeAll(async () => {
  const clock = new FakeClock()
  api = new FakeApi({ clock })
  platform = createTestPlatform({ clock, fetch: api.fetch, createPusher: fakePusherFactory() })
  main = composeMain(platform)
  await main.ready
  await main.ipc.invoke(APP_SENDER, 'session:signIn', { login: 'alice', password: 'alice-pass' })
  await settle()
  channels = main.ipc.channels() as InvokeChannel[]
})
afterAll(async () => {
  await main.dispose()
})

describe('IPC contract', () => {
  it('registers only contract channels, and at least every core channel', () => {
    for (const channel of channels) expect(INVOKE_CHANNEL_NAMES).toContain(channel)
    const core = INVOKE_CHANNEL_NAMES.filter((name) => /^(session|servers|people|video|realtime):|^app:(openExternal|ready|showMain)$/.test(name))
    for (const channel of core) expect(channels).toContain(channel)
  })

  it('refuses every channel from a sender that is not an app window', async () => {
    const requestsBefore = api.paths.length
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...channels),
        fc.integer().filter((id) => id !== APP_SENDER),
        fc.anything(),
        async (channel, senderId, request) => {
          const result = await main.ipc.invoke(senderId, channel, request)
          expect(result).toEqual({ ok: false, error: { code: 'forbidden_sender', message: expect.any(String) } })
        }
      ),
      { numRuns: 300 }
    )
    expect(api.paths.length).toBe(requestsBefore)
  })

  it('answers malformed requests on every channel with invalid_request', async () => {
    const requestsBefore = api.paths.length
    const malformed = (channel: InvokeChannel) =>
      fc
        .oneof(
          fc.anything(),
          fc.dictionary(fc.string(), fc.anything()),
          fc.record({ login: fc.anything(), password: fc.anything(), url: fc.anything(), identity: fc.anything(), room: fc.anything(), username: fc.anything() }, { requiredKeys: [] })
        )
        .filter((request) => !invokeChannels[channel].request.safeParse(request).success)
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...channels).chain((channel) => fc.tuple(fc.constant(channel), malformed(channel))),
        async ([channel, request]) => {
          const result = await main.ipc.invoke(APP_SENDER, channel, request)
          expect(result.ok).toBe(false)
          if (!result.ok) expect(result.error.code).toBe('invalid_request')
        }
      ),
      { numRuns: 600 }
    )
    // No malformed request reached the server.
    expect(api.paths.length).toBe(requestsBefore)
  })

  it('refuses unknown channels without crashing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.anything().filter((name) => !(INVOKE_CHANNEL_NAMES as readonly unknown[]).includes(name)), async (name) => {
        const result = await main.ipc.invoke(APP_SENDER, name as string, {})
        expect(result).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
      }),
      { numRuns: 200 }
    )
  })

  it('never replies with an OAuth token', async () => {
    const secrets = api.allSecrets().filter((secret) => !secret.startsWith('vt-'))
    const replies = await Promise.all(channels.filter((c) => invokeChannels[c].request.safeParse({}).success).map((c) => main.ipc.invoke(APP_SENDER, c, {})))
    const text = JSON.stringify(replies)
    for (const secret of secrets) expect(text).not.toContain(secret)
  })
})

describe('app:openExternal', () => {
  it.each(['file:///etc/passwd', 'javascript:alert(1)', 'shoutit://call?username=bob', 'smb://host/share', 'not a url', 'https://user:pw@example.com/'])(
    'refuses %s',
    async (url) => {
      const result = await main.ipc.invoke(APP_SENDER, 'app:openExternal', { url })
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
      expect(platform.opened).not.toContain(url)
    }
  )

  it('opens http and https links', async () => {
    const result = await main.ipc.invoke(APP_SENDER, 'app:openExternal', { url: 'https://example.com/help?x=1' })
    expect(result).toEqual({ ok: true, value: { ok: true } })
    expect(platform.opened).toContain('https://example.com/help?x=1')
  })

  it('brings the main window forward for the small call window\'s "Back to call"', async () => {
    const before = platform.windows.shown
    expect(await main.ipc.invoke(APP_SENDER, 'app:showMain', {})).toEqual({ ok: true, value: { ok: true } })
    expect(platform.windows.shown).toBe(before + 1)
  })
})

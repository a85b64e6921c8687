// The device check's channels through main's real router: check:server times one request to
// the server and says why it failed; app:openDeviceCheck brings the main window forward on
// the check; the "before each call" setting is validated like every other one.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { composeMain, type MainHandle } from '../../../main/compose'
import { checkServer } from '../../../main/services/core/server-check'
import { ApiError, NetworkError } from '../../../main/services/core/errors'
import type { Clock } from '../../../main/services/core/platform'
import { FakeApi } from '../../support/platform/fake-api'
import { FakeClock, settle } from '../../support/platform/fake-clock'
import { fakePusherFactory } from '../../support/platform/fake-pusher'
import { createTestPlatform, type TestPlatform } from '../../support/platform/platform'

const APP_SENDER = 1
let main: MainHandle
let platform: TestPlatform
let api: FakeApi

beforeEach(async () => {
  const clock = new FakeClock()
  api = new FakeApi({ clock })
  platform = createTestPlatform({ clock, fetch: api.fetch, createPusher: fakePusherFactory() })
  main = composeMain(platform)
  await main.ready
})
afterEach(async () => {
  await main.dispose()
})

describe('check:server', () => {
  it('asks the server once, without signing in, and says it answered', async () => {
    const before = api.paths.length
    const result = await main.ipc.invoke(APP_SENDER, 'check:server', {})
    expect(result).toEqual({ ok: true, value: { reachable: true, latencyMs: expect.any(Number) } })
    expect(api.paths.slice(before)).toEqual(['GET /v3/client_config'])
  })

  it('says the server cannot be reached when the network is down, and when it answers with an error', async () => {
    api.offline = true
    expect(await main.ipc.invoke(APP_SENDER, 'check:server', {})).toEqual({ ok: true, value: { reachable: false, reason: 'unreachable' } })
    api.offline = false
    api.failNext = 1
    expect(await main.ipc.invoke(APP_SENDER, 'check:server', {})).toEqual({
      ok: true,
      value: { reachable: false, reason: 'answered-badly', status: 503 }
    })
  })

  it('refuses a request with anything in it, and a window that is not the app', async () => {
    expect(await main.ipc.invoke(APP_SENDER, 'check:server', { url: 'http://elsewhere.example' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    expect(await main.ipc.invoke(99, 'check:server', {})).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } })
  })
})

describe('checkServer', () => {
  const clock: Clock = { now: () => 1_000, setTimeout: () => 0, clearTimeout: () => undefined }
  it('tells a timeout from a refused connection', async () => {
    const timeout = Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' })
    const timedOut = await checkServer({ clientConfig: () => Promise.reject(new NetworkError('slow', { cause: timeout })) }, clock)
    expect(timedOut).toEqual({ reachable: false, reason: 'timeout' })
    const refused = await checkServer({ clientConfig: () => Promise.reject(new NetworkError('refused', { cause: new TypeError('fetch failed') })) }, clock)
    expect(refused).toEqual({ reachable: false, reason: 'unreachable' })
    const badly = await checkServer({ clientConfig: () => Promise.reject(new ApiError(404, 'not_found', 'no')) }, clock)
    expect(badly).toEqual({ reachable: false, reason: 'answered-badly', status: 404 })
  })

  it('asks with the short timeout and measures how long the answer took', async () => {
    let now = 5_000
    const timeouts: Array<number | undefined> = []
    const result = await checkServer(
      {
        clientConfig: (timeoutMs?: number) => {
          timeouts.push(timeoutMs)
          now += 42
          return Promise.resolve({ pusher: { key: 'k', host: 'h', port: 1, tls: false } } as never)
        }
      },
      { ...clock, now: () => now }
    )
    expect(result).toEqual({ reachable: true, latencyMs: 42 })
    expect(timeouts).toEqual([5_000])
  })
})

describe('app:openDeviceCheck', () => {
  it('shows the main window and navigates it to the check', async () => {
    await main.ipc.invoke(APP_SENDER, 'app:ready', {})
    const shown = platform.windows.shown
    expect(await main.ipc.invoke(APP_SENDER, 'app:openDeviceCheck', {})).toEqual({ ok: true, value: { ok: true } })
    await settle()
    expect(platform.windows.shown).toBe(shown + 1)
    expect(platform.windows.sent.filter((message) => message.channel === 'navigate').at(-1)?.payload).toEqual({ to: 'device-check' })
  })

  it('refuses a request with a payload', async () => {
    expect(await main.ipc.invoke(APP_SENDER, 'app:openDeviceCheck', { to: 'settings' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
  })
})

describe('the "Check my devices before each call" setting', () => {
  it('is off by default, saved when switched, and refused when it is not a boolean', async () => {
    expect(await main.ipc.invoke(APP_SENDER, 'settings:get', {})).toMatchObject({ ok: true, value: { checkDevicesBeforeCall: false } })
    expect(await main.ipc.invoke(APP_SENDER, 'settings:update', { checkDevicesBeforeCall: true })).toMatchObject({ ok: true, value: { checkDevicesBeforeCall: true } })
    expect(await main.ipc.invoke(APP_SENDER, 'settings:update', { checkDevicesBeforeCall: 'yes' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    expect(await main.ipc.invoke(APP_SENDER, 'settings:get', {})).toMatchObject({ ok: true, value: { checkDevicesBeforeCall: true } })
  })
})

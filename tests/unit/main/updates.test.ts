import { describe, expect, it } from 'vitest'
import type { UpdateState } from '../../../common/ipc'
import {
  DEFAULT_CHECK_INTERVAL_MS,
  DEFAULT_REMIND_AFTER_MS,
  DEFAULT_RETRY_AFTER_ERROR_MS,
  DEFAULT_START_DELAY_MS,
  describeUpdateError,
  UpdateService
} from '../../../main/services/updates/service'
import { FakeClock, settle } from '../../support/platform/fake-clock'
import { FakeCalls, FakeUpdateBackend as FakeBackend } from './updates-fakes'

const quietLogger = { debug() {}, info() {}, warn() {}, error() {} }
const HOUR = 60 * 60_000

function setup(options: { backend?: FakeBackend | null } = {}) {
  const clock = new FakeClock()
  const backend = options.backend === null ? undefined : (options.backend ?? new FakeBackend())
  const calls = new FakeCalls()
  const service = new UpdateService({ backend, calls, clock, logger: quietLogger })
  const states: UpdateState[] = []
  const reminders: UpdateState[] = []
  const afterCall: UpdateState[] = []
  service.events.on('stateChanged', (state) => states.push(state))
  service.events.on('reminder', (state) => reminders.push(state))
  service.events.on('installAfterCall', (state) => afterCall.push(state))
  return { clock, backend: backend as FakeBackend, calls, service, states, reminders, afterCall }
}

/** Starts the service and brings it to "ready" with version 2.0.0. */
async function ready(t: ReturnType<typeof setup>): Promise<void> {
  t.service.start()
  await t.clock.advance(DEFAULT_START_DELAY_MS)
  t.backend.lastCheck().resolve({ version: '2.0.0' })
  await settle()
  t.backend.lastDownload().resolve()
  await settle()
  expect(t.service.state()).toEqual({ state: 'ready', version: '2.0.0' })
}

describe('UpdateService: checking', () => {
  it('checks shortly after start, not before', async () => {
    const t = setup()
    t.service.start()
    await t.clock.advance(DEFAULT_START_DELAY_MS - 1)
    expect(t.backend.checks).toHaveLength(0)
    await t.clock.advance(1)
    expect(t.backend.checks).toHaveLength(1)
    expect(t.service.state()).toEqual({ state: 'checking' })
  })

  it('checks again every interval while there is nothing new', async () => {
    const t = setup()
    t.service.start()
    await t.clock.advance(DEFAULT_START_DELAY_MS)
    for (let cycle = 1; cycle <= 3; cycle += 1) {
      t.backend.lastCheck().resolve(null)
      await settle()
      expect(t.service.state()).toEqual({ state: 'idle' })
      await t.clock.advance(DEFAULT_CHECK_INTERVAL_MS - 1)
      expect(t.backend.checks).toHaveLength(cycle)
      await t.clock.advance(1)
      expect(t.backend.checks).toHaveLength(cycle + 1)
    }
  })

  it('does nothing at all when the build cannot update itself', async () => {
    const backend = new FakeBackend()
    backend.disabledReason = 'not a packaged build'
    const t = setup({ backend })
    t.service.start()
    await t.clock.advance(7 * 24 * HOUR)
    expect(backend.checks).toHaveLength(0)
    expect(t.clock.pendingTimers).toBe(0)
    expect(t.service.enabled).toBe(false)
    expect(await t.service.checkNow()).toEqual({ state: 'idle' })
    expect(backend.checks).toHaveLength(0)
  })

  it('does nothing without an updater on the platform', async () => {
    const t = setup({ backend: null })
    t.service.start()
    await t.clock.advance(DEFAULT_START_DELAY_MS)
    expect(t.clock.pendingTimers).toBe(0)
    expect(t.service.installNow()).toBe('nothing-to-install')
  })

  it('a failed check is shown, with no URL in the message, and retried sooner than the regular cycle', async () => {
    const t = setup()
    t.service.start()
    await t.clock.advance(DEFAULT_START_DELAY_MS)
    t.backend.lastCheck().reject(new Error('HttpError: 404 https://example.invalid/feed/latest.yml?X-Amz-Signature=secret\nbody…'))
    await settle()
    expect(t.service.state().state).toBe('error')
    expect(t.service.state().error).toBe('HttpError: 404 example.invalid')
    await t.clock.advance(DEFAULT_RETRY_AFTER_ERROR_MS - 1)
    expect(t.backend.checks).toHaveLength(1)
    await t.clock.advance(1)
    expect(t.backend.checks).toHaveLength(2)
    expect(DEFAULT_RETRY_AFTER_ERROR_MS).toBeLessThan(DEFAULT_CHECK_INTERVAL_MS)
  })

  it('a check the user asks for runs at once; one in flight is not doubled', async () => {
    const t = setup()
    t.service.start()
    const first = t.service.checkNow()
    const second = t.service.checkNow()
    expect(t.backend.checks).toHaveLength(1)
    t.backend.lastCheck().resolve(null)
    await Promise.all([first, second])
    expect(t.service.state()).toEqual({ state: 'idle' })
  })
})

describe('UpdateService: downloading', () => {
  it('downloads in the background as soon as a newer version is found, then announces ready', async () => {
    const t = setup()
    t.service.start()
    await t.clock.advance(DEFAULT_START_DELAY_MS)
    t.backend.lastCheck().resolve({ version: '2.0.0' })
    await settle()
    expect(t.backend.downloads).toHaveLength(1)
    expect(t.service.state()).toEqual({ state: 'downloading', version: '2.0.0' })
    t.backend.lastDownload().resolve()
    await settle()
    expect(t.states.map((state) => state.state)).toEqual(['checking', 'downloading', 'ready'])
    expect(t.states.at(-1)).toEqual({ state: 'ready', version: '2.0.0' })
  })

  it('stops checking once an update is ready (nothing newer until the restart)', async () => {
    const t = setup()
    await ready(t)
    await t.clock.advance(3 * DEFAULT_CHECK_INTERVAL_MS)
    expect(t.backend.checks).toHaveLength(1)
  })

  it('a failed download is shown and the whole cycle is retried', async () => {
    const t = setup()
    t.service.start()
    await t.clock.advance(DEFAULT_START_DELAY_MS)
    t.backend.lastCheck().resolve({ version: '2.0.0' })
    await settle()
    t.backend.lastDownload().reject(new Error('sha512 checksum mismatch'))
    await settle()
    expect(t.service.state()).toEqual({ state: 'error', error: 'sha512 checksum mismatch' })
    await t.clock.advance(DEFAULT_RETRY_AFTER_ERROR_MS)
    expect(t.backend.checks).toHaveLength(2)
  })
})

describe('UpdateService: calls come first', () => {
  it('never restarts on its own, even days after an update is ready', async () => {
    const t = setup()
    await ready(t)
    await t.clock.advance(10 * 24 * HOUR)
    expect(t.backend.installs).toBe(0)
  })

  it('installs when the user agrees and no call is on', async () => {
    const t = setup()
    await ready(t)
    expect(t.service.installNow()).toBe('installing')
    expect(t.backend.installs).toBe(1)
  })

  it('never restarts during a call: agreeing mid-call installs when the call ends', async () => {
    const t = setup()
    await ready(t)
    t.calls.set(true)
    expect(t.service.installNow()).toBe('after-call')
    expect(t.afterCall).toEqual([{ state: 'ready', version: '2.0.0' }])
    await t.clock.advance(2 * HOUR)
    expect(t.backend.installs).toBe(0)
    t.calls.set(false)
    expect(t.backend.installs).toBe(1)
  })

  it('the install still waits while the gate stays busy (the call ended but someone rings)', async () => {
    const t = setup()
    await ready(t)
    t.calls.set(true)
    t.service.installNow()
    // The gate reports a change but is still busy (the call ended while someone rings).
    t.calls.set(true)
    expect(t.backend.installs).toBe(0)
  })

  it('does not check during a call: the check that came due runs when the call ends', async () => {
    const t = setup()
    t.service.start()
    t.calls.set(true)
    await t.clock.advance(DEFAULT_START_DELAY_MS + DEFAULT_CHECK_INTERVAL_MS)
    expect(t.backend.checks).toHaveLength(0)
    t.calls.set(false)
    expect(t.backend.checks).toHaveLength(1)
  })

  it('does not download during a call that began while the feed answered', async () => {
    const t = setup()
    t.service.start()
    await t.clock.advance(DEFAULT_START_DELAY_MS)
    t.calls.set(true)
    t.backend.lastCheck().resolve({ version: '2.0.0' })
    await settle()
    expect(t.backend.downloads).toHaveLength(0)
    expect(t.service.state()).toEqual({ state: 'idle' })
    t.calls.set(false)
    await settle()
    expect(t.backend.downloads).toHaveLength(1)
    expect(t.service.state()).toEqual({ state: 'downloading', version: '2.0.0' })
  })

  it('a user-asked check during a call waits for the call to end', async () => {
    const t = setup()
    t.service.start()
    t.calls.set(true)
    await t.service.checkNow()
    expect(t.backend.checks).toHaveLength(0)
    t.calls.set(false)
    expect(t.backend.checks).toHaveLength(1)
  })
})

describe('UpdateService: deferring', () => {
  it('"later" cancels an install agreed during the call', async () => {
    const t = setup()
    await ready(t)
    t.calls.set(true)
    t.service.installNow()
    t.service.defer()
    t.calls.set(false)
    expect(t.backend.installs).toBe(0)
    expect(t.service.state()).toEqual({ state: 'ready', version: '2.0.0' })
  })

  it('reminds the user after the deferral period, and only then', async () => {
    const t = setup()
    await ready(t)
    t.service.defer()
    await t.clock.advance(DEFAULT_REMIND_AFTER_MS - 1)
    expect(t.reminders).toHaveLength(0)
    await t.clock.advance(1)
    expect(t.reminders).toEqual([{ state: 'ready', version: '2.0.0' }])
    expect(t.backend.installs).toBe(0)
  })

  it('an unanswered "ready" is repeated after the reminder period, and again each period', async () => {
    const t = setup()
    await ready(t)
    await t.clock.advance(DEFAULT_REMIND_AFTER_MS)
    expect(t.reminders).toHaveLength(1)
    await t.clock.advance(DEFAULT_REMIND_AFTER_MS)
    expect(t.reminders).toHaveLength(2)
    expect(t.backend.installs).toBe(0)
  })

  it('a reminder that falls due during a call waits for the call to end', async () => {
    const t = setup()
    await ready(t)
    t.service.defer()
    t.calls.set(true)
    await t.clock.advance(DEFAULT_REMIND_AFTER_MS)
    expect(t.reminders).toHaveLength(0)
    t.calls.set(false)
    expect(t.reminders).toHaveLength(1)
    expect(t.backend.installs).toBe(0)
  })

  it('deferring again restarts the reminder period instead of stacking reminders', async () => {
    const t = setup()
    await ready(t)
    t.service.defer()
    await t.clock.advance(DEFAULT_REMIND_AFTER_MS / 2)
    t.service.defer()
    await t.clock.advance(DEFAULT_REMIND_AFTER_MS / 2)
    expect(t.reminders).toHaveLength(0)
    await t.clock.advance(DEFAULT_REMIND_AFTER_MS / 2)
    expect(t.reminders).toHaveLength(1)
  })

  it('there is nothing to install or defer before an update is ready', async () => {
    const t = setup()
    t.service.start()
    await t.clock.advance(DEFAULT_START_DELAY_MS)
    expect(t.service.installNow()).toBe('nothing-to-install')
    t.service.defer()
    await t.clock.advance(DEFAULT_REMIND_AFTER_MS)
    expect(t.reminders).toHaveLength(0)
    expect(t.backend.installs).toBe(0)
  })
})

describe('UpdateService: lifecycle', () => {
  it('dispose stops every timer and ignores late answers', async () => {
    const t = setup()
    t.service.start()
    await t.clock.advance(DEFAULT_START_DELAY_MS)
    t.service.dispose()
    t.backend.lastCheck().resolve({ version: '2.0.0' })
    await settle()
    expect(t.backend.downloads).toHaveLength(0)
    expect(t.clock.pendingTimers).toBe(0)
    t.calls.set(false)
    expect(t.backend.checks).toHaveLength(1)
  })
})

describe('describeUpdateError', () => {
  it('keeps one short line and no URL', () => {
    expect(describeUpdateError(new Error('Cannot download "https://cdn.example.invalid/a.zip?token=abc"\nstack…'))).toBe(
      'Cannot download "cdn.example.invalid"'
    )
    expect(describeUpdateError('x'.repeat(500))).toHaveLength(200)
    expect(describeUpdateError(new Error(''))).toBe('The update failed.')
  })
})

// Self-updates as the app runs them: composeMain on the test platform with a fake release
// feed; the renderer's calls through the IPC router, the call reported by call:activity as
// the real renderer does, the tray entry recorded.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { composeMain, type MainHandle } from '../../../main/compose'
import type { TrayAction, TrayView } from '../../../main/services/desktop/tray-view'
import { DEFAULT_REMIND_AFTER_MS, DEFAULT_START_DELAY_MS } from '../../../main/services/updates/service'
import { FakeClock, settle } from '../../support/platform/fake-clock'
import { createTestPlatform, type TestPlatform } from '../../support/platform/platform'
import { FakeUpdateBackend } from './updates-fakes'

const WINDOW = 1
const PEER = { id: 'id-carol', username: 'carol', name: 'Carol', type: 'user' as const, image: null }

let clock: FakeClock
let platform: TestPlatform
let feed: FakeUpdateBackend
let main: MainHandle
let views: TrayView[]
let clickTray: ((action: TrayAction) => void) | undefined

const invoke = (channel: string, request: unknown = {}) => main.ipc.invoke(WINDOW, channel, request)
const sent = (channel: string) => platform.windows.sent.filter((event) => event.channel === channel).map((event) => event.payload)
const trayUpdateItem = () => views.at(-1)?.menu.find((item) => item.kind === 'item' && item.action.type === 'update')

async function readyToInstall(): Promise<void> {
  await clock.advance(DEFAULT_START_DELAY_MS)
  feed.lastCheck().resolve({ version: '2.0.0' })
  await settle()
  feed.lastDownload().resolve()
  await settle()
}

beforeEach(() => {
  clock = new FakeClock()
  feed = new FakeUpdateBackend()
  views = []
  platform = createTestPlatform({ clock })
  platform.updater = feed
  platform.desktop = {
    tray: {
      render: (view) => void views.push(view),
      onAction: (listener) => {
        clickTray = listener
        return () => (clickTray = undefined)
      },
      destroy: () => {}
    }
  }
  main = composeMain(platform, { autoStart: false })
})
afterEach(async () => {
  await main.dispose()
})

describe('self-updates in composeMain', () => {
  it('announces each state to the windows and answers update:state', async () => {
    await readyToInstall()
    expect(sent('update:stateChanged')).toEqual([
      { state: 'checking' },
      { state: 'downloading', version: '2.0.0' },
      { state: 'ready', version: '2.0.0' }
    ])
    expect(await invoke('update:state')).toEqual({ ok: true, value: { state: 'ready', version: '2.0.0' } })
  })

  it('the tray shows when an update is ready, and its click installs', async () => {
    expect(trayUpdateItem()).toMatchObject({ label: 'Check for Updates' })
    await readyToInstall()
    expect(trayUpdateItem()).toMatchObject({ label: 'Restart to Update to 2.0.0', enabled: true })
    clickTray?.({ type: 'update' })
    expect(feed.installs).toBe(1)
  })

  it('never restarts during a call: "restart now" mid-call waits for the call to end, and says so', async () => {
    await readyToInstall()
    await invoke('call:activity', { activity: 'in-call', room: 'room-carol001', peer: PEER })
    expect(await invoke('update:installNow')).toEqual({ ok: true, value: { ok: true } })
    expect(feed.installs).toBe(0)
    expect(sent('notice')).toEqual([expect.objectContaining({ message: expect.stringContaining('when your call ends') })])
    await invoke('call:activity', { activity: 'idle' })
    expect(feed.installs).toBe(1)
  })

  it('"later" keeps the app running and reminds the user a day after', async () => {
    await readyToInstall()
    expect(await invoke('update:defer')).toEqual({ ok: true, value: { ok: true } })
    await clock.advance(DEFAULT_REMIND_AFTER_MS)
    expect(feed.installs).toBe(0)
    expect(sent('notice')).toEqual([expect.objectContaining({ message: expect.stringContaining('2.0.0 is ready') })])
  })

  it('refuses to install when nothing is ready, with a clear error', async () => {
    expect(await invoke('update:installNow')).toMatchObject({ ok: false, error: { code: 'invalid_request', message: 'No update is ready to install.' } })
  })

  it('without an updater (the harness, an unpackaged app) nothing is checked and the tray has no update entry', async () => {
    await main.dispose()
    views = []
    platform.updater = undefined
    main = composeMain(platform, { autoStart: false })
    await clock.advance(DEFAULT_START_DELAY_MS * 10)
    expect(feed.checks).toHaveLength(0)
    expect(trayUpdateItem()).toBeUndefined()
    expect(await invoke('update:state')).toEqual({ ok: true, value: { state: 'idle' } })
  })
})

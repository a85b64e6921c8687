// Two real app instances in the real Electron binary (each with its own user data folder,
// as two people's computers) signed in to one reference server, calling each other over
// the p2p engine: the ring window, the tray, the small call window, the main window closed
// mid-call, and an update that waits for the call to end. What Playwright cannot see of
// the OS surfaces (the tray's menu, how a window was shown) is read in the main process
// through tests/support/electron-probe.ts.
// Where the Electron binary is missing the tests are skipped and say why. CI runs them
// (.github/workflows/ci.yml, Linux under Xvfb, macOS, Windows).
import type { ElectronApplication, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { CallRecordSchema } from '../../../common/calls'
import { SettingsSchema, UpdateStateSchema } from '../../../common/ipc'
import { en } from '../../../common/i18n/locales/en'
import { appImageStandIn, buildAppOnce, CALL_SWITCHES, electronSkipReason, invokeValue, launchApp, type LaunchedApp } from '../../support/electron-app'
import { clickTrayItem, installMainProbe, menuLabels, probeSnapshot } from '../../support/electron-probe'
import { closeEndedCall, DISPLAY_NAMES, hangUp, pressCall, waitForEndedText, waitForMediaFlowing, waitInCall } from '../../support/harness/calls'
import { signInThroughUi, type DemoName } from '../../support/harness/harness'
import { startTestServer, type TestServer } from '../../support/server'
import { startUpdateFeed } from '../../support/update-feed'

const skipReason = electronSkipReason('Electron call tests')

const RING_TIMEOUT_MS = 30_000
/** Generous: CI machines are slow and shared; nothing here measures speed. */
const SCENARIO_TIMEOUT_MS = 180_000

interface Person extends LaunchedApp {
  name: DemoName
}

describe.skipIf(skipReason !== undefined)('two app instances calling each other', () => {
  let server: TestServer
  const cleanups: Array<() => Promise<void> | void> = []

  beforeAll(async () => {
    buildAppOnce()
    server = await startTestServer()
  }, SCENARIO_TIMEOUT_MS)

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })

  afterAll(async () => {
    await server?.stop()
  })

  /** One person's app: launched with call switches, probed, signed in through its sign-in screen. */
  async function start(name: DemoName, env: Record<string, string> = {}): Promise<Person> {
    const launched = await launchApp({ serverUrl: server.url, env, switches: CALL_SWITCHES })
    cleanups.push(() => launched.close())
    await installMainProbe(launched.app)
    await signInThroughUi(launched.page, name)
    return { ...launched, name }
  }

  async function startBoth(aliceEnv: Record<string, string> = {}): Promise<[Person, Person]> {
    return Promise.all([start('alice', aliceEnv), start('bob')])
  }

  /** The ring window's page (`?view=ring`), loaded hidden once signed in. */
  async function ringPage(person: Person): Promise<Page> {
    await expect.poll(() => person.app.windows().some((page) => page.url().includes('view=ring')), { timeout: RING_TIMEOUT_MS }).toBe(true)
    return person.app.windows().find((page) => page.url().includes('view=ring'))!
  }

  /** Whether the ring window is on screen, as main knows it. */
  function ringWindowVisible(app: ElectronApplication): Promise<boolean> {
    return app.evaluate(({ BrowserWindow }) =>
      BrowserWindow.getAllWindows().some((window) => window.webContents.getURL().includes('view=ring') && window.isVisible())
    )
  }

  /** alice calls bob; bob's ring window shows her; Accept there; both in the call. */
  async function connect(alice: Person, bob: Person): Promise<void> {
    await pressCall(alice, DISPLAY_NAMES.bob)
    const ring = await ringPage(bob)
    await ring.getByRole('button', { name: en.ring.accept, exact: true }).click({ timeout: RING_TIMEOUT_MS })
    await Promise.all([waitInCall(alice, RING_TIMEOUT_MS), waitInCall(bob, RING_TIMEOUT_MS)])
  }

  /** Hides or closes the main window, as main sees it (the ring and small call windows are others). */
  function mainWindowDo(app: ElectronApplication, action: 'hide' | 'close'): Promise<void> {
    return app.evaluate(({ BrowserWindow }, what) => {
      const main = BrowserWindow.getAllWindows().find((window) => {
        const url = window.webContents.getURL()
        return url.startsWith('app://shoutit/') && !url.includes('view=')
      })
      if (!main) throw new Error('no main window')
      if (what === 'hide') main.hide()
      else main.close()
    }, action)
  }

  const inCallTooltip = (name: string) => en.tray.status.replace('{{status}}', en.tray.inCallWith.replace('{{name}}', name))
  const declinedText = en.ended.declined.replace('{{name}}', DISPLAY_NAMES.bob)

  const history = async (page: Page) => CallRecordSchema.array().parse(await invokeValue(page, 'history:list', {}))

  it(
    'connects a p2p call between the two instances: both in the call, media moving both ways',
    async () => {
      expect(server.videoProvider).toBe('p2p')
      const [alice, bob] = await startBoth()
      await connect(alice, bob)
      await Promise.all([waitForMediaFlowing(alice.page), waitForMediaFlowing(bob.page)])
      // Both main processes know the call: the tray says who it is with.
      await expect.poll(async () => (await probeSnapshot(bob.app)).trayTooltip).toBe(inCallTooltip(DISPLAY_NAMES.alice))
      await expect.poll(async () => (await probeSnapshot(alice.app)).trayTooltip).toBe(inCallTooltip(DISPLAY_NAMES.bob))
      await hangUp(alice)
      await Promise.all([waitForEndedText(alice, en.ended.answered), waitForEndedText(bob, en.ended.answered)])
      expect((await history(alice.page))[0]).toMatchObject({ direction: 'outgoing', outcome: 'answered', peer: { username: 'bob' } })
    },
    SCENARIO_TIMEOUT_MS
  )

  it(
    'shows the ring window with the caller’s name; Decline there tells the caller, Accept answers',
    async () => {
      const [alice, bob] = await startBoth()
      await pressCall(alice, DISPLAY_NAMES.bob)
      const ring = await ringPage(bob)
      await ring.getByRole('heading', { name: DISPLAY_NAMES.alice, exact: true }).waitFor({ timeout: RING_TIMEOUT_MS })
      await ring.getByText(en.ring.incomingVideo.replace('{{username}}', 'alice')).waitFor()
      await expect.poll(() => ringWindowVisible(bob.app), { timeout: RING_TIMEOUT_MS }).toBe(true)
      // Above full-screen apps too: a ring nobody sees is a missed call (platform/ring-window.ts).
      const ringLayering = (await probeSnapshot(bob.app)).windowCalls.filter((call) => call.method === 'setAlwaysOnTop' && call.url.includes('view=ring'))
      expect(ringLayering.map((call) => call.args)).toContainEqual([true, 'screen-saver'])

      await ring.getByRole('button', { name: en.ring.decline, exact: true }).click()
      await waitForEndedText(alice, declinedText)
      await expect.poll(() => ringWindowVisible(bob.app)).toBe(false)
      expect((await history(bob.page))[0]).toMatchObject({ direction: 'incoming', outcome: 'declined', peer: { username: 'alice' } })
      await closeEndedCall(alice)

      // The next ring reuses the same window; Accept answers it.
      await connect(alice, bob)
      await expect.poll(() => ringWindowVisible(bob.app)).toBe(false)
      await hangUp(bob)
      await waitForEndedText(alice, en.ended.answered)
    },
    SCENARIO_TIMEOUT_MS
  )

  it(
    'fills the tray menu from the app’s state: the entries, a ring’s answers, and Do not disturb toggling the setting',
    async () => {
      const [alice, bob] = await startBoth()
      const idle = menuLabels((await probeSnapshot(bob.app)).trayMenu)
      expect(idle).toEqual([
        en.tray.open,
        en.tray.call,
        en.tray.recent,
        '—',
        en.tray.doNotDisturb,
        en.tray.launchAtLogin,
        '—',
        en.tray.quit
      ])

      await pressCall(alice, DISPLAY_NAMES.bob)
      await expect
        .poll(async () => menuLabels((await probeSnapshot(bob.app)).trayMenu).slice(0, 4), { timeout: RING_TIMEOUT_MS })
        .toEqual([en.tray.answer.replace('{{name}}', DISPLAY_NAMES.alice), en.tray.answerAudioOnly, en.tray.decline, '—'])
      // Declining from the tray ends the ring as the ring window's button does.
      await clickTrayItem(bob.app, en.tray.decline)
      await waitForEndedText(alice, declinedText)
      await expect.poll(async () => menuLabels((await probeSnapshot(bob.app)).trayMenu)[0]).toBe(en.tray.open)
      // The declined call is in the Recent calls submenu now.
      const recent = (await probeSnapshot(bob.app)).trayMenu?.find((item) => item.label === en.tray.recent)
      expect(recent?.enabled).toBe(true)
      expect(recent?.submenu?.[0]?.label).toContain(DISPLAY_NAMES.alice)

      await clickTrayItem(bob.app, en.tray.doNotDisturb)
      await expect.poll(async () => SettingsSchema.parse(await invokeValue(bob.page, 'settings:get', {})).doNotDisturb).toBe(true)
      await expect
        .poll(async () => (await probeSnapshot(bob.app)).trayMenu?.find((item) => item.label === en.tray.doNotDisturb)?.checked)
        .toBe(true)
      await clickTrayItem(bob.app, en.tray.doNotDisturb)
      await expect.poll(async () => SettingsSchema.parse(await invokeValue(bob.page, 'settings:get', {})).doNotDisturb).toBe(false)
    },
    SCENARIO_TIMEOUT_MS
  )

  it(
    'opens the small call window floating above other apps, shown without taking focus, when the main window goes out of sight',
    async () => {
      const [alice, bob] = await startBoth()
      await connect(alice, bob)
      // The main window out of sight, as when the user switches to another app. (Where no window
      // manager gives it focus, it was never "watched" and the small window may be open already.)
      await mainWindowDo(alice.app, 'hide')
      // Only the small call window is shown with showInactive (platform/pip-window-electron.ts).
      await expect
        .poll(async () => (await probeSnapshot(alice.app)).windowCalls.some((call) => call.method === 'showInactive'), { timeout: RING_TIMEOUT_MS })
        .toBe(true)
      const calls = (await probeSnapshot(alice.app)).windowCalls
      const pipId = calls.find((call) => call.method === 'showInactive')!.windowId
      const pipCalls = calls.filter((call) => call.windowId === pipId)
      // platform/pip-window-electron.ts: 'floating' (above normal windows, not above full-screen
      // apps and system UI), shown with showInactive; never show() or focus(), which take the keyboard.
      expect(pipCalls.map((call) => [call.method, ...call.args])).toEqual(expect.arrayContaining([['setAlwaysOnTop', true, 'floating'], ['showInactive']]))
      expect(pipCalls.filter((call) => call.method === 'show' || call.method === 'focus')).toEqual([])
      const pip = await alice.app.evaluate(({ BrowserWindow }, id) => {
        const window = BrowserWindow.fromId(id)
        return window ? { visible: window.isVisible(), onTop: window.isAlwaysOnTop(), focused: window.isFocused() } : null
      }, pipId)
      expect(pip).toEqual({ visible: true, onTop: true, focused: false })
      // The call goes on meanwhile.
      await waitInCall(bob)
      await hangUp(bob)
      await expect.poll(() => alice.app.evaluate(({ BrowserWindow }, id) => BrowserWindow.fromId(id)?.isVisible() ?? false, pipId)).toBe(false)
    },
    SCENARIO_TIMEOUT_MS
  )

  it(
    'ends the call on both sides when the main window is closed mid-call; the app stays in the tray and records it',
    async () => {
      const [alice, bob] = await startBoth()
      await connect(alice, bob)
      await waitForMediaFlowing(alice.page)
      await mainWindowDo(bob.app, 'close')
      // The renderer that ran bob's call is gone: alice sees him leave, and bob's main ends the call itself.
      await waitForEndedText(alice, en.callErrors.peerHungUp.replace('{{name}}', DISPLAY_NAMES.bob))
      await expect.poll(async () => (await probeSnapshot(bob.app)).trayTooltip).not.toBe(inCallTooltip(DISPLAY_NAMES.alice))
      expect(await bob.app.evaluate(({ app }) => app.isReady())).toBe(true)

      // Open Shoutit from the tray: a new main window, and the call in its history.
      const reopened = bob.app.waitForEvent('window')
      await clickTrayItem(bob.app, en.tray.open)
      const page = await reopened
      await page.waitForLoadState('domcontentloaded')
      await expect
        .poll(async () => (await history(page))[0], { timeout: RING_TIMEOUT_MS })
        .toMatchObject({ direction: 'incoming', outcome: 'answered', peer: { username: 'alice' }, detail: 'The window was closed during the call.' })
    },
    SCENARIO_TIMEOUT_MS
  )

  it(
    'downloads an update from a local feed and, agreed to during a call, installs it only when the call has ended',
    async () => {
      const feed = await startUpdateFeed({ version: '99.0.0' })
      cleanups.push(() => feed.close())
      const standIn = appImageStandIn()
      cleanups.push(() => standIn.remove())
      const [alice, bob] = await startBoth({ SHOUTIT_UPDATE_FEED_URL: feed.url, ...standIn.env })
      const updateState = async () => UpdateStateSchema.parse(await invokeValue(alice.page, 'update:state', {}))
      // The first check runs a few seconds after start; with no call on, the download follows.
      await expect.poll(async () => (await updateState()).state, { timeout: 120_000, interval: 1_000 }).toBe('ready')
      expect(feed.requests()).toContain(`/${feed.artifactName}`)

      await connect(alice, bob)
      expect(await invokeValue(alice.page, 'update:installNow', {})).toEqual({ ok: true })
      // main/services/updates/service.ts: agreed during a call, the restart waits for it.
      await expect.poll(() => alice.log()).toContain('updates: install agreed during a call; waiting for it to end')
      expect(alice.log()).not.toContain('updates: restarting to install')
      await waitInCall(alice)
      await waitInCall(bob)

      await hangUp(bob)
      await expect.poll(() => alice.log(), { timeout: 60_000 }).toContain('updates: restarting to install')
    },
    SCENARIO_TIMEOUT_MS
  )
})

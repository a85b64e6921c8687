// The real app in Electron, beyond the smoke test: the app surviving its window being closed (it lives in the tray), and an
// update fetched from a local feed (tests/support/update-feed.ts) while no call is running.
// Where the Electron binary is missing the tests are skipped and say why. CI runs them
// (.github/workflows/ci.yml); they cannot run on machines without the binary.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { UpdateStateSchema } from '../../../common/ipc'
import { appImageStandIn, buildAppOnce, electronSkipReason, invokeValue, launchApp, type LaunchedApp } from '../../support/electron-app'
import { startTestServer, type TestServer } from '../../support/server'
import { startUpdateFeed, type UpdateFeed } from '../../support/update-feed'

const skipReason = electronSkipReason('Electron desktop tests')

describe.skipIf(skipReason !== undefined)('the app in Electron', () => {
  let server: TestServer
  const cleanups: Array<() => Promise<void> | void> = []

  beforeAll(async () => {
    buildAppOnce()
    server = await startTestServer()
  }, 180_000)

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })

  afterAll(async () => {
    await server?.stop()
  })

  /** One app instance with its own profile; closed and deleted after the test. */
  async function launch(env: Record<string, string> = {}): Promise<LaunchedApp> {
    const launched = await launchApp({ serverUrl: server.url, env })
    cleanups.push(() => launched.close())
    return launched
  }

  it('keeps running in the tray when its window is closed', async () => {
    const { app } = await launch()
    await app.evaluate(({ BrowserWindow }) => {
      for (const window of BrowserWindow.getAllWindows()) window.close()
    })
    // Main still answers: closing the window did not quit the app (calls must still ring).
    await expect
      .poll(() => app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().filter((window) => window.isVisible()).length), { timeout: 30_000 })
      .toBe(0)
    expect(await app.evaluate(({ app: electronApp }) => electronApp.isReady())).toBe(true)
  })

  it('fetches an update from a local feed while no call is running', async () => {
    const feed: UpdateFeed = await startUpdateFeed({ version: '99.0.0' })
    cleanups.push(() => feed.close())
    const standIn = appImageStandIn()
    cleanups.push(() => standIn.remove())
    const { page } = await launch({ SHOUTIT_UPDATE_FEED_URL: feed.url, ...standIn.env })
    // The first check runs a few seconds after start; with no call, the download follows.
    await expect.poll(() => feed.requests(), { timeout: 120_000, interval: 1_000 }).toContain(`/${feed.artifactName}`)
    expect(feed.requests()).toContain(`/${feed.channelFile}`)
    const state = UpdateStateSchema.parse(await invokeValue(page, 'update:state', {}))
    // Signature checks (Windows, macOS) may refuse the stand-in installer; it was fetched either
    // way, and the app reports an update state main's contract accepts.
    expect(state.state).not.toBe('checking')
  }, 180_000)
})

// The real app in Electron, beyond the smoke test: the app surviving its window being closed (it lives in the tray), and an
// update fetched from a local feed (tests/support/update-feed.ts) while no call is running.
// Where the Electron binary is missing the tests are skipped and say why. CI runs them
// (.github/workflows/ci.yml); they cannot run on machines without the binary.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { _electron as electron, type ElectronApplication, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { UpdateStateSchema } from '../../../common/ipc'
import { findElectronBinary } from '../../../scripts/lib/electron-binary.mjs'
import { startTestServer, type TestServer } from '../../support/server'
import { startUpdateFeed, type UpdateFeed } from '../../support/update-feed'

const root = path.resolve(__dirname, '../../..')
const binary = findElectronBinary(root)
const skipReason = 'missing' in binary ? `Electron desktop tests NOT RUN: ${binary.missing}.` : undefined
if (skipReason) console.warn(skipReason)

describe.skipIf(skipReason !== undefined)('the app in Electron', () => {
  let server: TestServer
  const cleanups: Array<() => Promise<void> | void> = []

  beforeAll(async () => {
    if (!existsSync(path.join(root, 'out/main/index.js'))) {
      const build = spawnSync(process.execPath, [path.join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' })
      if (build.status !== 0) throw new Error('electron-vite build failed')
    }
    server = await startTestServer()
  }, 180_000)

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })

  afterAll(async () => {
    await server?.stop()
  })

  /** One app instance with its own profile; closed and deleted after the test. */
  async function launch(env: Record<string, string> = {}): Promise<{ app: ElectronApplication; page: Page }> {
    const userData = mkdtempSync(path.join(tmpdir(), 'shoutit-electron-'))
    cleanups.push(() => rmSync(userData, { recursive: true, force: true }))
    const app = await electron.launch({
      executablePath: 'path' in binary ? binary.path : '',
      args: [root],
      env: { ...process.env, SHOUTIT_LOCAL_SERVER_URL: server.url, SHOUTIT_USER_DATA_DIR: userData, ...env }
    })
    cleanups.push(() => app.close())
    const page = await app.firstWindow()
    await page.waitForLoadState('domcontentloaded')
    return { app, page }
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
    const env: Record<string, string> = { SHOUTIT_UPDATE_FEED_URL: feed.url }
    if (process.platform === 'linux') {
      // electron-updater replaces the running AppImage; an unpacked app is none, so name a stand-in.
      const standIn = path.join(mkdtempSync(path.join(tmpdir(), 'shoutit-appimage-')), 'Shoutit.AppImage')
      writeFileSync(standIn, 'stand-in')
      cleanups.push(() => rmSync(path.dirname(standIn), { recursive: true, force: true }))
      env.APPIMAGE = standIn
    }
    const { page } = await launch(env)
    // The first check runs a few seconds after start; with no call, the download follows.
    await expect.poll(() => feed.requests(), { timeout: 120_000, interval: 1_000 }).toContain(`/${feed.artifactName}`)
    expect(feed.requests()).toContain(`/${feed.channelFile}`)
    const state = UpdateStateSchema.parse(
      await page.evaluate(async () => {
        const reply = (await (window as unknown as { shoutit: { invoke(c: string, r: unknown): Promise<{ ok: boolean; value?: unknown }> } }).shoutit.invoke('update:state', {}))
        return reply.value
      })
    )
    // Signature checks (Windows, macOS) may refuse the stand-in installer; it was fetched either
    // way, and the app reports an update state main's contract accepts.
    expect(state.state).not.toBe('checking')
  }, 180_000)
})

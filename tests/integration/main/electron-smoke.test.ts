// Starts the real app with Playwright's _electron where the Electron binary exists, and
// checks the window, the preload's object and the security settings. Where the binary could
// not be downloaded (machines without access to GitHub releases), the test is skipped and
// says why.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cspMetaContents, metaPolicy } from '../../../main/platform/csp-meta'
import { buildAppOnce, electronExecutable, electronSkipReason, launchApp, REPO_ROOT as root } from '../../support/electron-app'
import { startTestServer, type TestServer } from '../../support/server'

const skipReason = electronSkipReason('Electron smoke test')

describe.skipIf(skipReason !== undefined)('electron app smoke test', () => {
  let server: TestServer

  beforeAll(async () => {
    buildAppOnce()
    server = await startTestServer()
  }, 180_000)

  afterAll(async () => {
    await server?.stop()
  })

  it('opens a locked-down window with exactly the contract bridge', async () => {
    const { app, page, userData, close } = await launchApp({ serverUrl: server.url })
    try {
      expect(page.url()).toMatch(/^app:\/\/shoutit\//)

      const surface = await page.evaluate(() => {
        const w = window as unknown as { shoutit?: Record<string, unknown>; require?: unknown; process?: unknown }
        return {
          keys: w.shoutit ? Object.keys(w.shoutit).sort() : null,
          frozen: w.shoutit ? Object.isFrozen(w.shoutit) : false,
          hasRequire: typeof w.require !== 'undefined',
          hasProcess: typeof w.process !== 'undefined'
        }
      })
      expect(surface).toEqual({ keys: ['invoke', 'on'], frozen: true, hasRequire: false, hasProcess: false })

      const session = await page.evaluate(() =>
        (window as unknown as { shoutit: { invoke(c: string, r: unknown): Promise<unknown> } }).shoutit.invoke('session:get', {})
      )
      expect(session).toMatchObject({ ok: true, value: { state: 'signed-out' } })
      const refused = await page.evaluate(() =>
        (window as unknown as { shoutit: { invoke(c: string, r: unknown): Promise<unknown> } }).shoutit.invoke('shell:exec', {}).catch((error: Error) => error.message)
      )
      expect(refused).toMatch(/unknown channel/)

      // Context isolation and no Node integration: nothing of Node is visible to the page.
      const isolation = await page.evaluate(() => ({
        buffer: typeof (globalThis as { Buffer?: unknown }).Buffer,
        module: typeof (globalThis as { module?: unknown }).module
      }))
      expect(isolation).toEqual({ buffer: 'undefined', module: 'undefined' })

      const served = await page.evaluate(async () => {
        const response = await fetch(location.href)
        return { csp: response.headers.get('content-security-policy'), html: await response.text() }
      })
      const csp = served.csp ?? ''
      expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval';")
      expect(csp).not.toContain('unsafe-eval')
      // The same response's page repeats the header's policy as its meta tag (minus frame-ancestors).
      expect(cspMetaContents(served.html)).toEqual([metaPolicy(csp)])

      const opened = await page.evaluate(() => window.open('https://example.com/') === null)
      expect(opened).toBe(true)
      await page.evaluate(() => {
        location.href = 'https://example.com/'
      })
      await page.waitForTimeout(500)
      expect(page.url()).toMatch(/^app:\/\/shoutit\//)

      // The app's own menu (run unpackaged here, so Reload is there for development), the
      // Call items disabled with no call, and the log file in the user data folder.
      const menu = await app.evaluate(({ Menu }) => {
        const items: Array<{ label: string; role?: string; enabled: boolean }> = []
        const walk = (menu: Electron.Menu | null | undefined) => {
          for (const item of menu?.items ?? []) {
            items.push({ label: item.label, ...(item.role ? { role: item.role } : {}), enabled: item.enabled })
            walk(item.submenu)
          }
        }
        walk(Menu.getApplicationMenu())
        return items
      })
      expect(menu.find((item) => item.label === 'Hang Up')).toMatchObject({ enabled: false })
      expect(menu.find((item) => item.label === 'Open Log Folder')).toBeDefined()
      expect(existsSync(path.join(userData, 'logs', 'main.log'))).toBe(true)
    } finally {
      await close()
    }
  })

  it('answers --version and --help and exits 0, without opening a window', () => {
    const executable = electronExecutable()
    const version = spawnSync(executable, [root, '--version'], { encoding: 'utf8', timeout: 30_000 })
    expect(version.status).toBe(0)
    expect(version.stdout).toMatch(/^Shoutit \d+\.\d+\.\d+ \(Electron /)
    const help = spawnSync(executable, [root, '--help'], { encoding: 'utf8', timeout: 30_000 })
    expect(help.status).toBe(0)
    expect(help.stdout).toContain('--version')
    const wrong = spawnSync(executable, [root, '--version=2'], { encoding: 'utf8', timeout: 30_000 })
    expect(wrong.status).toBe(2)
    expect(wrong.stderr).toContain('--version takes no value')
  })
})

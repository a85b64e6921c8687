// The production renderer (a fresh electron-vite build) keeps call code out of its first
// load: the people screen and the ring window fetch only the entry chunk; the controller,
// engines, twilio-video and the call view arrive when a call starts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { entryScripts, measureFirstLoad, recordScripts } from '../../../scripts/bench/renderer-first-load'
import { contentSecurityPolicy } from '../../../main/platform/csp'
import { launchChromium, newHarnessContext } from '../../support/chromium'
import { buildRenderer, type RendererBuild } from '../../support/harness/renderer-build'
import { serveStatic, type StaticServer } from '../../support/harness/static-server'
import { errorReply, installFakeBridge } from './support/fake-bridge'
import { bob, memberScenario } from './support/fixtures'

const GZIP_BUDGET_BYTES = 200_000

let build: RendererBuild
let server: StaticServer
let browser: Browser

beforeAll(async () => {
  build = await buildRenderer()
  server = await serveStatic(build.dir)
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
  await build?.dispose()
})

describe('first load of the built renderer', () => {
  it('fetches only the entry chunk before a call, within the gzip budget, and the call code when a call starts', async () => {
    const entry = await entryScripts(build.dir)
    const scenario = memberScenario(Date.now(), {
      'video:identity': errorReply({ code: 'api_error', status: 400, reason: 'invalid', message: 'Alice cannot be called right now.' })
    })
    const { scripts, page } = await measureFirstLoad(browser, server.url, build.dir, scenario)
    expect(scripts.map((script) => script.file).sort()).toEqual([...entry].sort())
    const gzip = scripts.reduce((sum, script) => sum + script.gzipBytes, 0)
    expect(gzip).toBeLessThanOrEqual(GZIP_BUDGET_BYTES)

    const later = recordScripts(page, server.url)
    await page.getByRole('button', { name: 'Call Alice Liddell', exact: true }).click()
    // The real controller, against a main that refuses the identity lookup: the user is told.
    await page.getByRole('heading', { name: 'The call could not be connected' }).waitFor()
    await page.getByText('Alice cannot be called right now.').waitFor()
    await expect.poll(() => later.some((file) => /controller-/.test(file))).toBe(true)
    expect(later.some((file) => /CallScreen-/.test(file))).toBe(true)
    await page.context().close()
  })

  it('opens the ring window without any call code', async () => {
    const context = await newHarnessContext(browser)
    await context.addInitScript(installFakeBridge, memberScenario(Date.now(), { 'ring:current': { room: 'room-abcdefgh', callerIdentity: 'c'.repeat(32), caller: bob, kind: 'video' } }))
    const page = await context.newPage()
    const fetched = recordScripts(page, server.url)
    await page.goto(`${server.url}index.html?view=ring`)
    await page.getByRole('button', { name: 'Accept' }).waitFor()
    expect(fetched.sort()).toEqual((await entryScripts(build.dir)).sort())
    await context.close()
  })
})

describe("under the app's Content-Security-Policy", () => {
  it('runs the screens and the device preview without a single violation', async () => {
    const context = await newHarnessContext(browser)
    const policy = contentSecurityPolicy({ serverUrl: 'http://127.0.0.1:9' })
    await context.route('**/*', async (route) => {
      const response = await route.fetch()
      await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': policy } })
    })
    await context.addInitScript(installFakeBridge, memberScenario())
    await context.addInitScript(() => {
      const violations: string[] = []
      document.addEventListener('securitypolicyviolation', (event) => violations.push(`${event.violatedDirective}: ${event.blockedURI}`))
      Object.assign(window, { __cspViolations: violations })
    })
    const page = await context.newPage()
    await page.goto(`${server.url}index.html`)
    await page.getByRole('list', { name: 'People' }).waitFor()
    await page.getByRole('button', { name: 'Settings' }).click()
    // The fake camera's first frame can take seconds on a busy machine; this waits for it, it does not time it.
    await expect
      .poll(() => page.getByLabel('Camera preview').evaluate((video: HTMLVideoElement) => video.videoWidth), { timeout: 15_000 })
      .toBeGreaterThan(0)
    await page.getByRole('button', { name: 'People' }).click()
    await page.getByRole('list', { name: 'Recent calls' }).waitFor()
    expect(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)).toEqual([])
    await context.close()
  })
})

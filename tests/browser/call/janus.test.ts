// Group calls through Janus: five Chromium pages, each running the app's janus engine
// against the reference server and a real Janus (VideoRoom, signed tokens) that this test
// starts on loopback. Alice rings the four others into one room; every page joins it with
// Chromium's fake camera and must receive the four others' videos, each one moving. And a
// call of two through the app's own call controller (ring, answer, hang up), as for p2p.
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_OAUTH_CLIENT, TokenResponseSchema, type TokenResponse } from '../../../common/api'
import { launchChromium, newHarnessContext } from '../../support/chromium'
import { bindHttpBridge } from '../../support/browser/http-bridge'
import { buildTestPage, type PageBundle } from '../../support/browser/page-bundle'
import { installMediaProbe } from '../../support/harness/media-probe'
import { janusTestsCanRun, startJanusServer, type JanusServer } from '../../support/janus-server'
import { DEMO_ACCOUNTS, signIn, startTestServer, type TestServer } from '../../support/server'
import { connectCall, expectMovingMedia, openSide, waitForPhase } from './two-pages'

const canRun = janusTestsCanRun('Janus group call test')
const PEOPLE = 5

let janus: JanusServer
let server: TestServer
let bundle: PageBundle
let controllerBundle: PageBundle
let browser: Browser
const pages: Page[] = []
const sessions: TokenResponse[] = []

async function api(session: TokenResponse, method: string, route: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${server.api}${route}`, {
    method,
    headers: { Authorization: `Bearer ${session.access_token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {})
  })
  const text = await response.text()
  if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${text}`)
  return text ? JSON.parse(text) : undefined
}

async function signUp(name: string): Promise<TokenResponse> {
  const response = await fetch(`${server.api}/oauth2/access_token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      client_id: DEFAULT_OAUTH_CLIENT.clientId,
      client_secret: DEFAULT_OAUTH_CLIENT.clientSecret,
      grant_type: 'shoutit_signup',
      name,
      email: `${name.toLowerCase()}@example.com`,
      password: `${name}-password`
    })
  })
  return TokenResponseSchema.parse(await response.json())
}

/** The identity each page will join under: its current video identity. */
async function identityOf(session: TokenResponse): Promise<string> {
  return ((await api(session, 'POST', '/twilio/video_auth')) as { identity: string }).identity
}

describe.runIf(canRun)('calls through Janus', () => {
  beforeAll(async () => {
    ;[janus, bundle, controllerBundle, browser] = await Promise.all([
      startJanusServer(),
      buildTestPage(path.join(import.meta.dirname, 'janus-page')),
      buildTestPage(path.join(import.meta.dirname, 'page')),
      launchChromium()
    ])
    server = await startTestServer({ janus: { url: janus.url, tokenSecret: janus.tokenSecret, adminKey: janus.adminKey } })
    sessions.push(...(await Promise.all(DEMO_ACCOUNTS.slice(0, 3).map((account) => signIn(server, account.username)))))
    sessions.push(await signUp('Dana'), await signUp('Erin'))
    for (const session of sessions) {
      const context = await newHarnessContext(browser)
      const page = await context.newPage()
      page.on('pageerror', (error) => console.error('[page]', error))
      await installMediaProbe(page)
      await bindHttpBridge(page, { api: server.api, accessToken: session.access_token })
      await page.goto(bundle.url)
      pages.push(page)
    }
  }, 120_000)

  afterAll(async () => {
    for (const page of pages) await page.evaluate(() => window.janusTest.leave()).catch(() => undefined)
    await browser?.close()
    await server?.stop()
    await janus?.stop()
    await bundle?.dispose()
    await controllerBundle?.dispose()
  })

  it('of five: every one receives the other four, each video moving', async () => {
    const room = `janus-group-${process.pid}-five`
    const identities = await Promise.all(sessions.map(identityOf))
    // Alice rings the four others into the room: the ring records make them its members.
    for (const identity of identities.slice(1)) await api(sessions[0]!, 'POST', '/twilio/video_call', { identity, room })
    for (const page of pages) {
      await page.evaluate((name) => window.janusTest.join(name), room).catch((error: unknown) => {
        console.error(janus.log().slice(-4000))
        throw error
      })
    }

    for (const [index, page] of pages.entries()) {
      const others = identities.filter((_, other) => other !== index).sort()
      await page
        .waitForFunction((count) => window.janusTest.remoteVideos().length === count, PEOPLE - 1, { timeout: 60_000, polling: 100 })
        .catch(async (error: unknown) => {
          console.error(`page ${index} receives`, await page.evaluate(() => window.janusTest.remoteVideos()), '\n', janus.log().slice(-3000))
          throw error
        })
      expect(await page.evaluate(() => window.janusTest.remoteVideos())).toEqual(others)
    }
    // Moving: each of the four videos on each page presents new frames. Frames, not time:
    // it waits (up to a generous bound) for them on a loaded machine.
    for (const [index, page] of pages.entries()) {
      const before = await page.evaluate(() => window.janusTest.framesByIdentity())
      await page
        .waitForFunction(
          (start) => Object.entries(window.janusTest.framesByIdentity()).filter(([identity, frames]) => frames > (start[identity] ?? 0) + 5).length === 4,
          before,
          { timeout: 60_000, polling: 200 }
        )
        .catch(async (error: unknown) => {
          console.error(`page ${index} frames`, before, await page.evaluate(() => window.janusTest.framesByIdentity()))
          throw error
        })
    }
    // Twenty streams decoding would starve what runs next on a small machine.
    for (const page of pages.splice(0)) {
      await page.evaluate(() => window.janusTest.leave())
      await page.context().close()
    }
  }, 240_000)

  it("of two, through the app's call controller: rings, answers, carries moving media both ways, and hangs up", async () => {
    const world = { server, bundle: controllerBundle, browser }
    const caller = await openSide(world, DEMO_ACCOUNTS[0]!.username)
    const callee = await openSide(world, DEMO_ACCOUNTS[1]!.username)
    try {
      await connectCall(caller, callee)
      expect(caller.loaded.some((file) => file.includes('janus-engine'))).toBe(true)
      await expectMovingMedia(caller)
      await expectMovingMedia(callee)
      await caller.page.evaluate(() => window.callTest.ready.then((controller) => controller.hangUp()))
      expect(await waitForPhase(caller, 'ended')).toMatchObject({ outcome: 'answered' })
      expect(await waitForPhase(callee, 'ended')).toMatchObject({ outcome: 'answered' })
    } finally {
      await caller.context.close()
      await callee.context.close()
    }
  }, 120_000)
})

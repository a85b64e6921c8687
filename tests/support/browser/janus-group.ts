// A group call through Janus for the browser test and the benchmark: that many signed-in
// people (the demo accounts, then fresh sign-ups), each on a Chromium page of
// tests/browser/call/janus-page bound to the server through the HTTP bridge; the first rings
// the others into one room, then every page joins it with the app's janus engine.
import type { Browser, Page } from 'playwright-core'
import { DEFAULT_OAUTH_CLIENT, TokenResponseSchema, type TokenResponse } from '../../../common/api'
import { newHarnessContext } from '../chromium'
import { installMediaProbe } from '../harness/media-probe'
import { DEMO_ACCOUNTS, signIn, type TestServer } from '../server'
import { bindHttpBridge } from './http-bridge'
import type { PageBundle } from './page-bundle'

export interface GroupMember {
  page: Page
  session: TokenResponse
  /** The video identity the page joins under (its current one). */
  identity: string
}

async function api(server: TestServer, session: TokenResponse, method: string, route: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${server.api}${route}`, {
    method,
    headers: { Authorization: `Bearer ${session.access_token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {})
  })
  const text = await response.text()
  if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${text}`)
  return text ? JSON.parse(text) : undefined
}

async function signUp(server: TestServer, name: string): Promise<TokenResponse> {
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

/** Signs `people` in (the demo accounts first, then sign-ups named `Guest1`, ...) and opens a page for each. */
export async function openGroup(world: { server: TestServer; bundle: PageBundle; browser: Browser }, people: number): Promise<GroupMember[]> {
  const { server, bundle, browser } = world
  const sessions = await Promise.all(DEMO_ACCOUNTS.slice(0, people).map((account) => signIn(server, account.username)))
  for (let extra = sessions.length; extra < people; extra += 1) sessions.push(await signUp(server, `Member${extra + 1}`))
  const members: GroupMember[] = []
  for (const session of sessions) {
    const context = await newHarnessContext(browser)
    const page = await context.newPage()
    page.on('pageerror', (error) => console.error('[page]', error))
    await installMediaProbe(page)
    await bindHttpBridge(page, { api: server.api, accessToken: session.access_token })
    await page.goto(bundle.url)
    const identity = ((await api(server, session, 'POST', '/twilio/video_auth')) as { identity: string }).identity
    members.push({ page, session, identity })
  }
  return members
}

/** The first member rings the others into `room` (which makes them its members), then everyone joins. */
export async function joinGroup(server: TestServer, members: GroupMember[], room: string): Promise<void> {
  const [first, ...others] = members
  for (const member of others) await api(server, first!.session, 'POST', '/twilio/video_call', { identity: member.identity, room })
  for (const member of members) await member.page.evaluate((name) => window.janusTest.join(name), room)
}

/** Waits until every page receives the video of every other member. */
export async function waitForEveryVideo(members: GroupMember[], timeoutMs = 60_000): Promise<void> {
  for (const member of members) {
    await member.page.waitForFunction((count) => window.janusTest.remoteVideos().length === count, members.length - 1, { timeout: timeoutMs, polling: 100 })
  }
}

export async function closeGroup(members: GroupMember[]): Promise<void> {
  for (const member of members.splice(0)) {
    await member.page.evaluate(() => window.janusTest.leave()).catch(() => undefined)
    await member.page.context().close()
  }
}

// Two Chromium pages, each running the app's call controller (tests/browser/call/page)
// against a reference server through the HTTP bridge: open a side, call, answer, and check
// that real media moves. The p2p tests and the relay test share these.
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { expect } from 'vitest'
import { ProfileSchema, type Profile } from '../../../common/api'
import type { CallPhase } from '../../../renderer/calling/controller-types'
import { newHarnessContext } from '../../support/chromium'
import { bindHttpBridge, type HttpBridge } from '../../support/browser/http-bridge'
import type { PageBundle } from '../../support/browser/page-bundle'
import { inboundMediaStats, installMediaProbe } from '../../support/harness/media-probe'
import { signIn, type TestServer } from '../../support/server'

/** What the sides run against: the server, the built test page, and the browser. */
export interface CallWorld {
  server: TestServer
  bundle: PageBundle
  browser: Browser
}

export interface SideOptions {
  camera?: boolean
  /** Appended to the page's URL: the page reads its controller options from it (see page/main.ts). */
  query?: string
  /** For an account that is not a demo one. */
  password?: string
}

export interface Side {
  page: Page
  context: BrowserContext
  bridge: HttpBridge
  profile: Profile
  loaded: string[]
}

/** A machine without a camera: every getUserMedia that asks for video fails as Chromium does. */
function hideCamera(): void {
  const devices = navigator.mediaDevices
  const original = devices.getUserMedia.bind(devices)
  devices.getUserMedia = (constraints?: MediaStreamConstraints) =>
    constraints?.video ? Promise.reject(new DOMException('Requested device not found', 'NotFoundError')) : original(constraints)
}

export async function openSide(world: CallWorld, login: string, options: SideOptions = {}): Promise<Side> {
  const { server, bundle, browser } = world
  const session = await signIn(server, login, options.password)
  const context = await newHarnessContext(browser)
  const page = await context.newPage()
  const loaded: string[] = []
  page.on('request', (request) => loaded.push(new URL(request.url()).pathname))
  page.on('pageerror', (error) => console.error(`[${login} page]`, error))
  await installMediaProbe(page)
  if (options.camera === false) await page.addInitScript(hideCamera)
  const bridge = await bindHttpBridge(page, { api: server.api, accessToken: session.access_token })
  await page.goto(`${bundle.url}${options.query ?? ''}`)
  await page.evaluate(() => window.callTest.ready.then(() => undefined))
  // The profile as the app passes it around (a people-search row), not the sign-in's detailed
  // one: the IPC contract refuses keys it does not name.
  return { page, context, bridge, profile: ProfileSchema.parse(session.profile), loaded }
}

export const state = (side: Side): Promise<CallPhase> => side.page.evaluate(() => window.callTest.ready.then((controller) => controller.getState()))

export async function waitForPhase(side: Side, phase: CallPhase['phase'], timeoutMs = 20_000): Promise<CallPhase> {
  await side.page.waitForFunction(
    (wanted) => window.callTest.controller?.getState().phase === wanted,
    phase,
    { timeout: timeoutMs, polling: 50 }
  )
  return state(side)
}

/** The caller calls; the callee answers the room the caller reported to "main"; both end up in the call. */
export async function connectCall(from: Side, to: Side, options: { video?: boolean; timeoutMs?: number } = {}): Promise<string> {
  const reportsBefore = from.bridge.reports('call:activity').length
  const callee = to.profile
  const callOptions = options.video === undefined ? {} : { video: options.video }
  await from.page.evaluate(({ peer, options }) => void window.callTest.ready.then((controller) => controller.call(peer, options)), { peer: callee, options: callOptions })
  await waitForPhase(from, 'ringing', options.timeoutMs)
  const activity = from.bridge.reports('call:activity').slice(reportsBefore) as Array<{ room?: string }>
  const room = activity.find((report) => report.room)?.room
  expect(room).toBeTruthy()
  const caller = from.profile
  // What main would have put in the ring: the caller's current video identity.
  const callerIdentity = await from.page.evaluate(async () => {
    const token = await window.shoutit.invoke('video:getToken', { minValidSeconds: 0 })
    return token.ok ? token.value.identity : null
  })
  expect(callerIdentity).toMatch(/^[0-9a-f]{32}$/)
  await to.page.evaluate(
    ({ ring }) => void window.callTest.ready.then((controller) => controller.answer(ring)),
    { ring: { room: room!, callerIdentity: callerIdentity!, caller } }
  )
  await waitForPhase(from, 'in-call', options.timeoutMs)
  await waitForPhase(to, 'in-call', options.timeoutMs)
  return room!
}

/** Inbound video frames and audio energy must both grow over a second: real, moving media. */
export async function expectMovingMedia(side: Side, expected: { video: boolean } = { video: true }): Promise<void> {
  // Being in the call means both joined the room; media starts flowing once ICE connects.
  await side.page
    .waitForFunction(
      () =>
        (window as unknown as { __mediaProbe: { connections: RTCPeerConnection[] } }).__mediaProbe.connections.some(
          (pc) => pc.connectionState === 'connected'
        ),
      undefined,
      { timeout: 20_000, polling: 50 }
    )
    .catch(async (error: unknown) => {
      console.error('peer connections:', await connectionReport(side))
      throw error
    })
  const before = await inboundMediaStats(side.page)
  await side.page.waitForTimeout(1_500)
  const after = await inboundMediaStats(side.page)
  if (expected.video && after.videoFramesDecoded <= before.videoFramesDecoded + 5) console.error('peer connections:', await connectionReport(side))
  if (expected.video) expect(after.videoFramesDecoded).toBeGreaterThan(before.videoFramesDecoded + 5)
  else expect(after.videoFramesDecoded).toBe(before.videoFramesDecoded)
  expect(after.audioTotalEnergy).toBeGreaterThan(before.audioTotalEnergy)
}

/** For failures: what each of a page's peer connections looks like. */
export async function connectionReport(side: Side): Promise<string> {
  return side.page.evaluate(() =>
    JSON.stringify(
      (window as unknown as { __mediaProbe: { connections: RTCPeerConnection[] } }).__mediaProbe.connections.map((pc) => ({
        connection: pc.connectionState,
        ice: pc.iceConnectionState,
        signaling: pc.signalingState,
        transceivers: pc.getTransceivers().map((t) => `${t.mid}:${t.direction}/${t.currentDirection}:${t.sender.track?.kind ?? '-'}`)
      }))
    )
  )
}

// What people do and see during a call, as the scenarios and benchmarks need it: press
// Call on someone, answer or decline in the ring window, see the other person move and
// hear them, hang up. Everything goes through the rendered UI; media is checked with
// getStats on the page's own peer connections.
import type { Locator, Page } from 'playwright-core'
import type { TestClient } from './client'
import { inboundMediaStats, type InboundMediaStats } from './media-probe'
import { sleep } from './wait'

/** Whoever shows the app's main window: a harness client, or a real Electron app's window. */
export interface MainWindowOf {
  page: Page
}

export const DISPLAY_NAMES = { alice: 'Alice Archer', bob: 'Bob Baker', carol: 'Carol Cooper' } as const

/**
 * Presses "Call <name>" in the People list; returns the epoch ms at which the page received
 * the click. Taken in the page, as the WebRTC floor's start is: Playwright's own work before
 * the click lands (actionability checks, input dispatch) is not the app's.
 */
export async function pressCall(caller: MainWindowOf, peerName: string): Promise<number> {
  const button = caller.page.getByRole('button', { name: `Call ${peerName}`, exact: true })
  await button.waitFor({ timeout: 15_000 })
  return clickTimed(caller.page, button)
}

/** Clicks `target` on `page`; returns the epoch ms at which the page received the click. */
export async function clickTimed(page: Page, target: Locator): Promise<number> {
  await page.evaluate(() => {
    const w = window as unknown as { __clickedAt?: number }
    w.__clickedAt = undefined
    document.addEventListener('click', (event) => (w.__clickedAt = performance.timeOrigin + event.timeStamp), { capture: true, once: true })
  })
  const before = Date.now()
  await target.click()
  const clickedAt = await page.evaluate(() => (window as unknown as { __clickedAt?: number }).__clickedAt)
  return clickedAt ?? before
}

export async function acceptRing(callee: TestClient): Promise<Page> {
  const ring = await callee.ringPage()
  await ring.getByRole('button', { name: 'Accept' }).click({ timeout: 15_000 })
  return ring
}

export async function declineRing(callee: TestClient): Promise<Page> {
  const ring = await callee.ringPage()
  await ring.getByRole('button', { name: 'Decline' }).click({ timeout: 15_000 })
  return ring
}

/** Waits until the call screen shows the call is on (its Hang up control). */
export async function waitInCall(client: MainWindowOf, timeoutMs = 20_000): Promise<void> {
  await client.page.getByRole('toolbar', { name: 'Call controls' }).getByRole('button', { name: 'Hang up' }).waitFor({ timeout: timeoutMs })
}

export async function hangUp(client: MainWindowOf): Promise<void> {
  await client.page.getByRole('toolbar', { name: 'Call controls' }).getByRole('button', { name: 'Hang up' }).click()
}

/** The caller hangs up a call that is on; both see it ended and close the ended screen. */
export async function hangUpAndClose(caller: MainWindowOf, callee: MainWindowOf): Promise<void> {
  await waitInCall(caller)
  await hangUp(caller)
  await Promise.all([waitForEndedText(caller, 'Call ended'), waitForEndedText(callee, 'Call ended')])
  await Promise.all([closeEndedCall(caller), closeEndedCall(callee)])
}

/**
 * From now on `callee` accepts each ring the moment its main process has it, with the
 * ring:accept call its ring window's Accept button makes. Returns how to stop.
 */
export function acceptOnRing(callee: TestClient): () => void {
  // Registered after the composition's own listener: the coordinator has the ring by then.
  return callee.main.services.realtime.events.on('incomingCall', (call) => {
    void callee.invoke('ring:accept', { room: call.video_call.room }).catch((error: unknown) => console.error(`${callee.name}: accepting on ring failed`, error))
  })
}

/** The text the call screen shows once the call is over (e.g. "Bob Baker declined the call"). */
export async function waitForEndedText(client: MainWindowOf, text: string | RegExp, timeoutMs = 15_000): Promise<void> {
  await client.page.locator('.call-screen.ended').getByText(text).first().waitFor({ timeout: timeoutMs })
}

export interface MediaFlow {
  before: InboundMediaStats
  after: InboundMediaStats
  framesDecoded: number
  audioEnergy: number
}

/** Inbound media over a window of time: frames decoded and audio energy received meanwhile. */
export async function measureMediaFlow(page: Page, windowMs = 1500): Promise<MediaFlow> {
  const before = await inboundMediaStats(page)
  await sleep(windowMs)
  const after = await inboundMediaStats(page)
  return {
    before,
    after,
    framesDecoded: after.videoFramesDecoded - before.videoFramesDecoded,
    audioEnergy: after.audioTotalEnergy - before.audioTotalEnergy
  }
}

/** Waits until remote video frames and audio energy are both rising on this page. */
export async function waitForMediaFlowing(page: Page, timeoutMs = 20_000): Promise<MediaFlow> {
  const deadline = Date.now() + timeoutMs
  let last: MediaFlow | null = null
  while (Date.now() < deadline) {
    last = await measureMediaFlow(page, 1000)
    if (last.framesDecoded > 0 && last.audioEnergy > 0) return last
  }
  throw new Error(`media is not flowing: ${JSON.stringify(last)}`)
}

/** Leaves a finished call's screen, if one is showing, so the next scenario starts on People. */
export async function closeEndedCall(client: MainWindowOf): Promise<void> {
  const close = client.page.locator('.call-screen.ended').getByRole('button', { name: 'Close' })
  if (await close.isVisible()) await close.click()
}

export { sleep } from './wait'

// The picture-in-picture call window in Chromium: the main window's page opens it with
// window.open while a call is on and the page is not watched, and draws into it. Headless
// pages are always "watched", so the tests set visibility and focus (support/window-attention.ts)
// and catch the child window as Playwright's `popup`. In the app, main gives that window its
// size, always-on-top and position (main/platform/pip-window.ts): not shown here.
import type { Page } from 'playwright-core'
import { describe, expect, it, onTestFinished } from 'vitest'
import { contentSecurityPolicy } from '../../../main/platform/csp'
import type { CallPhase } from '../../../renderer/calling/controller-types'
import { PIP_OPEN_DELAY_MS } from '../../../renderer/ui/pip/pipPolicy'
import { UNSEEN_BEFORE_PAUSE_MS } from '../../../renderer/ui/pip/useRemoteVideoShown'
import { seriousAccessibilityViolations } from './support/axe'
import { startCspProxy } from './support/csp-proxy'
import { alice, defaultSettings, inCallPhase, memberScenario } from './support/fixtures'
import { attachCallMedia, callMethods, cspViolations, invocations, remoteVideoShownChanges, setCallPhase, type OpenOptions } from './support/ui-harness'
import { useUiHarness } from './support/use-ui-harness'
import { setWindowAttention } from './support/window-attention'

const harness = useUiHarness()

const inCall = inCallPhase

const WATCHED = { visible: true, focused: true }
/** Another app in front: visible, not focused. */
const BEHIND_ANOTHER_APP = { visible: true, focused: false }
/** Minimised or hidden to the tray. */
const HIDDEN = { visible: false, focused: false }
const MEDIA_TIMEOUT_MS = 20_000

async function callAlice(phase: CallPhase, options: Partial<OpenOptions> = {}, settings = defaultSettings): Promise<Page> {
  const page = await harness().open(memberScenario(Date.now(), { 'settings:get': settings, 'app:showMain': { ok: true } }), { attention: WATCHED, ...options })
  await page.getByRole('button', { name: 'Call Alice Liddell', exact: true }).click()
  await setCallPhase(page, phase)
  await attachCallMedia(page)
  if (phase.phase === 'in-call') await page.getByRole('toolbar', { name: 'Call controls' }).waitFor()
  return page
}

/** Leaves the main window (as `attention` says) and returns the window that opens. */
async function leaveAndCatchPip(page: Page, attention = BEHIND_ANOTHER_APP): Promise<Page> {
  const popup = page.waitForEvent('popup', { timeout: PIP_OPEN_DELAY_MS + 10_000 })
  await setWindowAttention(page, attention)
  const pip = await popup
  await pip.getByRole('toolbar', { name: 'Call controls' }).waitFor()
  return pip
}

/**
 * Clicks a button that closes its own window and waits for the close. The window may close
 * before Playwright has finished its click action, which then fails with "Target page,
 * context or browser has been closed": that failure is the expected outcome, any other is not.
 */
async function clickAndWaitForClose(window: Page, name: string): Promise<void> {
  const closed = window.waitForEvent('close')
  await window
    .getByRole('button', { name, exact: true })
    .click({ noWaitAfter: true })
    .catch((error: unknown) => {
      if (!window.isClosed() && !/has been closed/.test(String(error))) throw error
    })
  await closed
}

/** Counts the windows the page opens from now on. */
function countPopups(page: Page): () => number {
  let count = 0
  page.on('popup', () => count++)
  return () => count
}

describe('picture-in-picture call window', () => {
  it('opens when another app comes in front during a call: their video, their name, the duration, and the controls', async () => {
    const page = await callAlice(inCall())
    const openedAt = Date.now()
    const pip = await leaveAndCatchPip(page)
    // Not at once: a quick Alt+Tab must not flash it.
    expect(Date.now() - openedAt).toBeGreaterThanOrEqual(PIP_OPEN_DELAY_MS - 50)
    expect(await pip.title()).toBe('Call with Alice Liddell — Shoutit')
    await pip.locator('.pip-peer', { hasText: 'Alice Liddell' }).waitFor()
    expect(await pip.locator('time.pip-status').textContent()).toMatch(/^1:[0-2][0-9]$/)
    const video = pip.getByLabel('Video of Alice Liddell')
    await expect.poll(() => video.evaluate((element: HTMLVideoElement) => element.videoWidth), { timeout: MEDIA_TIMEOUT_MS }).toBeGreaterThan(0)
    await expect.poll(() => video.evaluate((element: HTMLVideoElement) => !element.paused && element.currentTime > 0), { timeout: MEDIA_TIMEOUT_MS }).toBe(true)
    // The main window already plays their voice: the small window's copy is silent.
    expect(await video.evaluate((element: HTMLVideoElement) => element.muted)).toBe(true)
    // The app's styles reached the child document.
    await expect.poll(() => pip.locator('main.pip').evaluate((element) => getComputedStyle(element).position)).toBe('fixed')
    for (const name of ['Mute', 'Hang up', 'Back to call', 'Close']) expect(await pip.getByRole('button', { name, exact: true }).count(), name).toBe(1)
    expect(await seriousAccessibilityViolations(pip)).toEqual([])
    await page.context().close()
  })

  it('Mute in the small window mutes the call, as the main window shows', async () => {
    const page = await callAlice(inCall())
    const pip = await leaveAndCatchPip(page)
    await pip.getByRole('button', { name: 'Mute', exact: true }).click()
    await pip.getByRole('button', { name: 'Mute', exact: true, pressed: true }).waitFor()
    expect(await page.getByRole('button', { name: 'Mute', exact: true }).getAttribute('aria-pressed')).toBe('true')
    await pip.getByRole('button', { name: 'Mute', exact: true }).click()
    await page.getByRole('button', { name: 'Mute', exact: true, pressed: false }).waitFor()
    expect((await callMethods(page)).slice(1)).toEqual([
      { method: 'setMuted', args: [true] },
      { method: 'setMuted', args: [false] }
    ])
    await page.context().close()
  })

  it('Hang up in the small window ends the call and closes it', async () => {
    const page = await callAlice(inCall())
    const pip = await leaveAndCatchPip(page)
    await clickAndWaitForClose(pip, 'Hang up')
    await page.getByRole('heading', { name: 'Call ended' }).waitFor()
    expect((await callMethods(page)).map((call) => call.method)).toEqual(['call', 'hangUp'])
    await page.context().close()
  })

  it('closes when the main window is watched again, and opens again when it is left again', async () => {
    const page = await callAlice(inCall())
    const pip = await leaveAndCatchPip(page, HIDDEN)
    const closed = pip.waitForEvent('close')
    await setWindowAttention(page, WATCHED)
    await closed
    const again = await leaveAndCatchPip(page)
    await again.locator('.pip-peer', { hasText: 'Alice Liddell' }).waitFor()
    await page.context().close()
  })

  it('"Back to call" asks main to show the main window and closes the small one', async () => {
    const page = await callAlice(inCall())
    const pip = await leaveAndCatchPip(page)
    await clickAndWaitForClose(pip, 'Back to call')
    expect(await invocations(page, 'app:showMain')).toEqual([{}])
    await page.context().close()
  })

  it('stays closed after the user closed it until the main window has been watched again', async () => {
    const page = await callAlice(inCall())
    const pip = await leaveAndCatchPip(page)
    await clickAndWaitForClose(pip, 'Close')
    // Still away, now minimised rather than behind: no new window.
    const popups = countPopups(page)
    await setWindowAttention(page, HIDDEN)
    await page.waitForTimeout(PIP_OPEN_DELAY_MS * 2)
    expect(popups()).toBe(0)
    // Back, and away again: it opens.
    await setWindowAttention(page, WATCHED)
    const again = await leaveAndCatchPip(page)
    await again.locator('.pip-peer').waitFor()
    await page.context().close()
  })

  it("shows the other side's picture and name when their camera is off, and the call being placed while it rings", async () => {
    const page = await callAlice({ phase: 'ringing', peer: alice, attempt: 1, maxAttempts: 3, calleeOffline: false, muted: false, cameraOff: false })
    const pip = await leaveAndCatchPip(page)
    await pip.locator('.pip-status', { hasText: 'Ringing…' }).waitFor()
    expect(await pip.getByRole('button', { name: 'Mute' }).count()).toBe(0)
    // The same window follows the call as it is answered.
    await setCallPhase(page, inCall({ remote: { audioMuted: true, videoOff: true, reconnecting: false } }))
    await pip.getByText('Camera is off', { exact: true }).waitFor()
    expect(await pip.locator('.pip-placeholder .avatar').textContent()).toBe('AL')
    expect(await pip.getByLabel('Video of Alice Liddell').count()).toBe(0)
    await pip.locator('.pip-topbar').getByText('Muted').waitFor()
    expect(await seriousAccessibilityViolations(pip)).toEqual([])
    await page.context().close()
  })

  it("stops receiving the others' video once nothing has shown it for a while, and wants it back as soon as the window shows", async () => {
    const page = await callAlice(inCall(), {}, { ...defaultSettings, pictureInPicture: false })
    expect(await remoteVideoShownChanges(page)).toEqual([true])
    // Behind another app the window still shows the call: nothing changes.
    await setWindowAttention(page, BEHIND_ANOTHER_APP)
    await page.waitForTimeout(UNSEEN_BEFORE_PAUSE_MS + 500)
    expect(await remoteVideoShownChanges(page)).toEqual([true])
    // Minimised, with no small window: a quick minimise costs nothing, a longer one stops the video.
    await setWindowAttention(page, HIDDEN)
    await page.waitForTimeout(UNSEEN_BEFORE_PAUSE_MS / 2)
    expect(await remoteVideoShownChanges(page)).toEqual([true])
    await expect.poll(() => remoteVideoShownChanges(page), { timeout: UNSEEN_BEFORE_PAUSE_MS }).toEqual([true, false])
    await setWindowAttention(page, WATCHED)
    await expect.poll(() => remoteVideoShownChanges(page)).toEqual([true, false, true])
    await page.context().close()
  })

  it("keeps receiving the others' video while the small call window shows it", async () => {
    const page = await callAlice(inCall())
    await leaveAndCatchPip(page, HIDDEN)
    await page.waitForTimeout(UNSEEN_BEFORE_PAUSE_MS + 500)
    expect(await remoteVideoShownChanges(page)).toEqual([true])
    await page.context().close()
  })

  it('does not open when the setting is off, nor without a call', async () => {
    const off = await callAlice(inCall(), {}, { ...defaultSettings, pictureInPicture: false })
    const offPopups = countPopups(off)
    await setWindowAttention(off, BEHIND_ANOTHER_APP)
    await off.waitForTimeout(PIP_OPEN_DELAY_MS * 2)
    expect(offPopups()).toBe(0)
    await off.context().close()

    const idle = await harness().open(memberScenario(), { attention: WATCHED })
    await idle.getByRole('list', { name: 'People' }).waitFor()
    const idlePopups = countPopups(idle)
    await setWindowAttention(idle, HIDDEN)
    await idle.waitForTimeout(PIP_OPEN_DELAY_MS * 2)
    expect(idlePopups()).toBe(0)
    await idle.context().close()
  })

  it('is a setting, on by default, under Calls', async () => {
    const page = await harness().open(memberScenario())
    await page.getByRole('button', { name: 'Settings' }).click()
    const box = page.getByRole('region', { name: 'Calls' }).getByRole('checkbox', { name: 'Show a small call window when Shoutit is in the background' })
    expect(await box.isChecked()).toBe(true)
    await box.uncheck()
    await expect.poll(async () => (await invocations(page, 'settings:update')).at(-1)).toEqual({ pictureInPicture: false })
    await expect.poll(() => box.isChecked()).toBe(false)
    await page.context().close()
  })

  it("runs under the app's Content-Security-Policy: the child window inherits it, its styles and video load, no violation", async () => {
    // Served with the header, as the app's scheme serves it (see support/csp-proxy.ts). The
    // child window has no response of its own: it inherits its opener's policy, as in the app.
    const page = await harness().open(memberScenario(Date.now(), { 'app:showMain': { ok: true } }), { attention: WATCHED })
    const csp = contentSecurityPolicy({ serverUrl: 'http://127.0.0.1:9' })
    const proxy = await startCspProxy(page.url(), csp)
    onTestFinished(() => proxy.close())
    await page.goto(`${proxy.url}index.html`)
    expect(await page.evaluate(async () => (await fetch(location.href)).headers.get('content-security-policy'))).toBe(csp)
    await page.getByRole('button', { name: 'Call Alice Liddell', exact: true }).click()
    await setCallPhase(page, inCall())
    await attachCallMedia(page)
    await page.getByRole('toolbar', { name: 'Call controls' }).waitFor()
    await page.evaluate(() => {
      const seen: string[] = []
      document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective}: ${event.blockedURI}`))
      Object.assign(window, { __cspViolations: seen })
    })
    const pip = await leaveAndCatchPip(page)
    await expect.poll(() => pip.locator('main.pip').evaluate((element) => getComputedStyle(element).position)).toBe('fixed')
    await expect.poll(() => pip.getByLabel('Video of Alice Liddell').evaluate((element: HTMLVideoElement) => element.videoWidth), { timeout: MEDIA_TIMEOUT_MS }).toBeGreaterThan(0)
    // The child is under the same policy: an inline script there is refused.
    expect(await pip.evaluate(() => {
      const script = document.createElement('script')
      script.textContent = 'window.__inlineRan = true'
      document.head.append(script)
      return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true
    })).toBe(false)
    expect(await cspViolations(page)).toEqual([])
    await page.context().close()
  })
})

// The call screens in Chromium, driven through every phase of a fake call controller: what
// the user sees from "Calling…" to "Call ended", and what each control asks the controller.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import type { CallPhase } from '../../../renderer/calling/controller-types'
import { contentSecurityPolicy } from '../../../main/platform/csp'
import { ENDED_AUTO_CLOSE_MS } from '../../../renderer/ui/call/CallScreen'
import { seriousAccessibilityViolations } from './support/axe'
import { alice, bob, german, inCallPhase, memberScenario } from './support/fixtures'
import { attachCallMedia, callMethods, cspViolations, emit, invocations, setCallPhase } from './support/ui-harness'
import { useUiHarness } from './support/use-ui-harness'

const harness = useUiHarness()

const inCall = inCallPhase

async function startCallWithAlice(): Promise<Page> {
  const page = await harness().open(memberScenario())
  await page.getByRole('button', { name: 'Call Alice Liddell', exact: true }).click()
  await page.getByRole('heading', { name: 'Calling Alice Liddell' }).waitFor()
  return page
}

describe('outgoing call', () => {
  it('shows who is called and where the call is in a word, and cancels', async () => {
    const page = await startCallWithAlice()
    expect(await callMethods(page)).toEqual([{ method: 'call', args: ['alice'] }])
    await page.getByRole('status').filter({ hasText: 'Calling…' }).waitFor()
    await setCallPhase(page, { phase: 'ringing', peer: alice, attempt: 1, maxAttempts: 3, calleeOffline: true, muted: false, cameraOff: false })
    await page.getByRole('status').filter({ hasText: 'Not online right now. Still trying…' }).waitFor()
    await setCallPhase(page, { phase: 'ringing', peer: alice, attempt: 2, maxAttempts: 3, calleeOffline: false, muted: false, cameraOff: false })
    expect(await page.locator('.call-status').textContent()).toBe('Ringing…')
    // The rest of the app steps aside during a call.
    expect(await page.getByRole('navigation', { name: 'Main' }).count()).toBe(0)
    expect(await seriousAccessibilityViolations(page)).toEqual([])

    await page.getByRole('button', { name: 'Cancel' }).click()
    await page.getByRole('heading', { name: 'Call cancelled' }).waitFor()
    expect((await callMethods(page)).map((call) => call.method)).toEqual(['call', 'hangUp'])
    await page.getByRole('button', { name: 'Close' }).click()
    await page.getByRole('heading', { name: 'People', level: 1 }).waitFor()
    await page.context().close()
  })

  it('mute and camera work while ringing and while joining; the call starts as they were set', async () => {
    const page = await startCallWithAlice()
    await setCallPhase(page, { phase: 'ringing', peer: alice, attempt: 1, maxAttempts: 3, calleeOffline: false, muted: false, cameraOff: false })
    const toolbar = page.getByRole('toolbar', { name: 'Call controls' })
    expect(await toolbar.getByRole('button').allTextContents()).toEqual(['Mute', 'Camera', 'Cancel'])
    await toolbar.getByRole('button', { name: 'Mute' }).click()
    await toolbar.getByRole('button', { name: 'Mute', pressed: true }).waitFor()
    await page.keyboard.press('Control+Shift+O')
    await toolbar.getByRole('button', { name: 'Camera', pressed: false }).waitFor()
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    expect((await callMethods(page)).slice(1)).toEqual([
      { method: 'setMuted', args: [true] },
      { method: 'setCameraOff', args: [true] }
    ])
    await page.context().close()

    const answering = await harness().open(memberScenario())
    await answering.getByRole('heading', { name: 'People', level: 1 }).waitFor()
    await emit(answering, 'navigate', { to: 'answer', room: 'room-12345678', callerIdentity: 'a'.repeat(32), caller: bob, video: false })
    await answering.getByRole('heading', { name: 'Bob Dylan', exact: true }).waitFor()
    expect(await answering.locator('.call-status').textContent()).toBe('Connecting…')
    const controls = answering.getByRole('toolbar', { name: 'Call controls' })
    await controls.getByRole('button', { name: 'Camera', pressed: false }).click()
    await controls.getByRole('button', { name: 'Camera', pressed: true }).waitFor()
    expect((await callMethods(answering)).at(-1)).toEqual({ method: 'setCameraOff', args: [false] })
    await answering.context().close()
  })

  it('says when nobody answered and offers to call again', async () => {
    const page = await startCallWithAlice()
    await setCallPhase(page, { phase: 'ended', peer: alice, outcome: 'missed' })
    await page.getByRole('heading', { name: "Alice Liddell didn't answer" }).waitFor()
    await page.getByRole('button', { name: 'Call Alice Liddell again' }).click()
    await page.getByRole('heading', { name: 'Calling Alice Liddell' }).waitFor()
    expect((await callMethods(page)).map((call) => call.method)).toEqual(['call', 'dismiss', 'call'])
    await page.context().close()
  })

  it('calls again the same way after a voice call: without the camera', async () => {
    const page = await startCallWithAlice()
    await setCallPhase(page, { phase: 'ended', peer: alice, outcome: 'answered', durationSeconds: 42, voice: true })
    await page.getByRole('button', { name: 'Voice call Alice Liddell again' }).click()
    await page.getByRole('heading', { name: 'Calling Alice Liddell' }).waitFor()
    expect((await callMethods(page)).at(-1)).toEqual({ method: 'call', args: ['alice', { video: false }] })
    await page.context().close()
  })

  it('shows a declined or busy callee, with the reason given', async () => {
    const page = await startCallWithAlice()
    await setCallPhase(page, { phase: 'ended', peer: alice, outcome: 'busy' })
    await page.getByRole('heading', { name: 'Alice Liddell is in another call' }).waitFor()
    await setCallPhase(page, { phase: 'ended', peer: alice, outcome: 'failed', message: 'Your video access expired.' })
    await page.getByRole('heading', { name: 'The call could not be connected' }).waitFor()
    await page.getByText('Your video access expired.').waitFor()
    await page.context().close()
  })
})

describe('when a call ends', () => {
  type Ended = Extract<CallPhase, { phase: 'ended' }>
  const endings: Ended[] = [
    { phase: 'ended', peer: alice, outcome: 'answered', durationSeconds: 3725, message: 'Alice Liddell hung up.' },
    { phase: 'ended', peer: alice, outcome: 'missed' },
    { phase: 'ended', peer: alice, outcome: 'missed', message: "Alice Liddell isn't online. They will see that you called." },
    { phase: 'ended', peer: alice, outcome: 'declined' },
    { phase: 'ended', peer: alice, outcome: 'busy' },
    { phase: 'ended', peer: alice, outcome: 'cancelled' },
    { phase: 'ended', peer: alice, outcome: 'failed', message: 'Your video access expired.' }
  ]

  it('every end screen says who and how long once each, and offers Call again and Close', async () => {
    const page = await startCallWithAlice()
    for (const ending of endings) {
      await setCallPhase(page, ending)
      const card = page.locator('.call-screen.ended .call-card')
      await card.getByRole('heading').waitFor()
      const lines = (await card.locator('h1, p:not(.hint)').allTextContents()).map((line) => line.trim()).filter(Boolean)
      const what = `${ending.outcome}: ${lines.join(' | ')}`
      expect(lines.join(' '), what).toContain('Alice Liddell')
      // No line repeats another, in other words or the same ones.
      const gist = (line: string) => line.toLowerCase().replace(/did not/g, "didn't").replace(/[.·]/g, '').replace(/\s+/g, ' ').trim()
      for (const [index, line] of lines.entries()) {
        for (const other of lines.slice(index + 1)) {
          expect(gist(other).includes(gist(line)) || gist(line).includes(gist(other)), what).toBe(false)
        }
      }
      if (ending.outcome === 'answered') expect(lines, what).toContain('Alice Liddell · 1 hour, 2 minutes, 5 seconds')
      expect(await card.getByRole('button', { name: 'Call Alice Liddell again' }).count(), what).toBe(1)
      expect(await card.getByRole('button', { name: 'Close' }).count(), what).toBe(1)
    }
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await page.context().close()
  })

  it('closes by itself after a while, but not while the pointer or the keyboard is on it', async () => {
    const page = await startCallWithAlice()
    await page.clock.install()
    const people = page.getByRole('heading', { name: 'People', level: 1 })
    const ended = page.getByRole('heading', { name: 'Call ended' })
    const end = () => setCallPhase(page, { phase: 'ended', peer: alice, outcome: 'answered', durationSeconds: 42 })

    await end()
    await ended.waitFor()
    await page.clock.runFor(ENDED_AUTO_CLOSE_MS - 500)
    expect(await ended.count()).toBe(1)
    await page.clock.runFor(1_000)
    await people.waitFor()
    expect((await callMethods(page)).at(-1)).toEqual({ method: 'dismiss', args: [] })

    // The pointer on the card holds it; leaving starts the count again.
    await page.getByRole('button', { name: 'Call Alice Liddell', exact: true }).click()
    await end()
    await ended.waitFor()
    await page.locator('.call-card').hover()
    await page.clock.runFor(3 * ENDED_AUTO_CLOSE_MS)
    expect(await ended.count()).toBe(1)
    await page.mouse.move(1, 1)
    await page.clock.runFor(ENDED_AUTO_CLOSE_MS + 500)
    await people.waitFor()

    // So does keyboard focus on its buttons.
    await page.getByRole('button', { name: 'Call Alice Liddell', exact: true }).click()
    await end()
    await ended.waitFor()
    await page.getByRole('button', { name: 'Close' }).focus()
    await page.clock.runFor(3 * ENDED_AUTO_CLOSE_MS)
    expect(await ended.count()).toBe(1)
    await page.keyboard.press('Enter')
    await people.waitFor()
    await page.context().close()
  })
})

describe('when a call fails', () => {
  const refused = (blocked: 'camera' | 'microphone'): CallPhase => ({
    phase: 'ended',
    peer: alice,
    outcome: 'failed',
    message: 'Shoutit may not use your camera or microphone.',
    blocked
  })

  it('never closes by itself: what to do takes reading', async () => {
    const page = await startCallWithAlice()
    await page.clock.install()
    await setCallPhase(page, { phase: 'ended', peer: alice, outcome: 'failed', message: 'Your video access expired.' })
    const heading = page.getByRole('heading', { name: 'The call could not be connected' })
    await heading.waitFor()
    await page.mouse.move(1, 1)
    await page.clock.runFor(10 * ENDED_AUTO_CLOSE_MS)
    expect(await heading.count()).toBe(1)
    expect(await page.getByText('This closes by itself in a few seconds.').count()).toBe(0)
    expect((await callMethods(page)).map((call) => call.method)).not.toContain('dismiss')
    await page.context().close()
  })

  it.each([
    ['macos', 'camera', 'Allow Shoutit under System Settings → Privacy & Security → Camera and Microphone, then call again.'],
    ['windows', 'microphone', 'Allow Shoutit under Settings → Privacy & security → Camera and Microphone, then call again.']
  ] as const)('a refused %s device: the words of that OS only, and "Open system settings" first, opening its page', async (os, device, words) => {
    const page = await harness().open(memberScenario(Date.now(), { 'app:platform': { os } }))
    await page.getByRole('button', { name: 'Call Alice Liddell', exact: true }).click()
    await setCallPhase(page, refused(device))
    await page.getByText(words).waitFor()
    const card = page.locator('.call-screen.ended .call-card')
    const text = (await card.textContent()) ?? ''
    for (const other of ['macOS', 'Windows', 'Linux', 'System Settings →', 'Settings → Privacy & security', 'Flatpak'].filter((word) => !words.includes(word))) {
      expect(text, other).not.toContain(other)
    }
    expect(await card.getByRole('button').allTextContents()).toEqual(['Open system settings', 'Call Alice Liddell again', 'Close'])
    expect(await card.getByRole('button', { name: 'Open system settings' }).getAttribute('class')).toBe('primary')
    await card.getByRole('button', { name: 'Open system settings' }).click()
    await expect.poll(() => invocations(page, 'app:openPrivacySettings')).toEqual([{ device }])
    // A readable measure: no line of the advice is longer than about 60 characters.
    const widths = await page.evaluate(() => {
      const probe = document.createElement('span')
      probe.style.cssText = 'position:absolute;width:60ch;font-size:1rem'
      document.querySelector('.call-message')?.append(probe)
      const limit = probe.getBoundingClientRect().width
      probe.remove()
      return { limit, lines: [...document.querySelectorAll('.call-message')].map((line) => line.getBoundingClientRect().width) }
    })
    for (const width of widths.lines) expect(width).toBeLessThanOrEqual(widths.limit + 1)
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await page.context().close()
  })

  it('on Linux says how instead, and offers no settings button', async () => {
    const page = await harness().open(memberScenario(Date.now(), { 'app:platform': { os: 'linux' } }))
    await page.getByRole('button', { name: 'Call Alice Liddell', exact: true }).click()
    await setCallPhase(page, refused('camera'))
    await page.getByText(/Linux has no one privacy page for this\. If Shoutit came as a Flatpak or Snap/).waitFor()
    const card = page.locator('.call-screen.ended .call-card')
    expect(await card.getByRole('button').allTextContents()).toEqual(['Call Alice Liddell again', 'Close'])
    expect(await card.textContent()).not.toContain('System Settings')
    await page.context().close()
  })
})

describe('voice call', () => {
  it('"Voice call <name>" starts a call without video; Call still starts a video call', async () => {
    const page = await harness().open(memberScenario())
    await page.getByRole('button', { name: 'Voice call Alice Liddell', exact: true }).click()
    await page.getByRole('heading', { name: 'Calling Alice Liddell' }).waitFor()
    expect(await callMethods(page)).toEqual([{ method: 'call', args: ['alice', { video: false }] }])
    await page.context().close()
  })
})

describe('in a call', () => {
  it('shows the remote video large, the self view, the duration and working controls', async () => {
    const page = await startCallWithAlice()
    await setCallPhase(page, inCall())
    await attachCallMedia(page)
    await page.getByRole('toolbar', { name: 'Call controls' }).waitFor()
    const remote = page.getByLabel('Video of Alice Liddell')
    const self = page.getByLabel('Your camera')
    await expect.poll(() => remote.evaluate((video: HTMLVideoElement) => video.videoWidth)).toBeGreaterThan(0)
    await expect.poll(() => self.evaluate((video: HTMLVideoElement) => video.videoWidth)).toBeGreaterThan(0)
    const remoteBox = await remote.boundingBox()
    const selfBox = await self.boundingBox()
    expect((remoteBox?.width ?? 0) * (remoteBox?.height ?? 0)).toBeGreaterThan(4 * (selfBox?.width ?? 0) * (selfBox?.height ?? 0))
    expect(await self.evaluate((video: HTMLVideoElement) => video.muted)).toBe(true)
    expect(await remote.evaluate((video: HTMLVideoElement) => video.muted)).toBe(false)
    expect(await page.locator('time.call-duration').textContent()).toMatch(/^1:[0-2][0-9]$/)

    const mute = page.getByRole('button', { name: 'Mute' })
    const camera = page.getByRole('button', { name: 'Camera' })
    const share = page.getByRole('button', { name: 'Share screen' })
    expect(await mute.getAttribute('aria-pressed')).toBe('false')
    await mute.click()
    await expect.poll(() => mute.getAttribute('aria-pressed')).toBe('true')
    await camera.click()
    await expect.poll(() => camera.getAttribute('aria-pressed')).toBe('false')
    await share.click()
    await expect.poll(() => share.getAttribute('aria-pressed')).toBe('true')
    expect((await callMethods(page)).slice(1)).toEqual([
      { method: 'setMuted', args: [true] },
      { method: 'setCameraOff', args: [true] },
      { method: 'startScreenShare', args: [] }
    ])
    expect(await seriousAccessibilityViolations(page)).toEqual([])

    // The toolbar also moves by arrow keys, wrapping around.
    await mute.focus()
    await page.keyboard.press('ArrowLeft')
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Hang up')
    await page.keyboard.press('ArrowRight')
    await page.keyboard.press('ArrowRight')
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Camera')

    await page.getByRole('button', { name: 'Hang up' }).click()
    await page.getByRole('heading', { name: 'Call ended' }).waitFor()
    // Who, how long, and a way to call again.
    expect(await page.locator('.call-summary').textContent()).toMatch(/^Alice Liddell · 1 minute, \d+ seconds$/)
    await page.getByRole('button', { name: 'Call Alice Liddell again' }).waitFor()
    await page.context().close()
  })

  it('toggles keep their label and size: muting or turning the camera off moves no button, and aria-pressed says the state', async () => {
    const page = await startCallWithAlice()
    await setCallPhase(page, inCall())
    const toolbar = page.getByRole('toolbar', { name: 'Call controls' })
    await toolbar.waitFor()
    const boxes = () => toolbar.getByRole('button').evaluateAll((buttons) => buttons.map((button) => {
      const { x, y, width, height } = button.getBoundingClientRect()
      return { name: button.textContent, x, y, width, height }
    }))
    const pressed = () => toolbar.getByRole('button').evaluateAll((buttons) => buttons.map((button) => button.getAttribute('aria-pressed')))
    const background = (name: string) => toolbar.getByRole('button', { name, exact: true }).evaluate((button) => getComputedStyle(button).backgroundColor)
    const before = await boxes()
    expect(before.map((box) => box.name)).toEqual(['Mute', 'Camera', 'Share screen', 'Add people', 'Devices', 'Call quality', 'Hang up'])
    expect(await pressed()).toEqual(['false', 'true', 'false', null, null, null, null])
    const onBackground = await background('Mute')

    await toolbar.getByRole('button', { name: 'Mute', exact: true }).click()
    await toolbar.getByRole('button', { name: 'Camera', exact: true }).click()
    await expect.poll(pressed).toEqual(['true', 'false', 'false', null, null, null, null])
    expect(await boxes()).toEqual(before)
    // Off is a colour of its own (red), not the bright fill that read as "on".
    expect(await background('Mute')).not.toBe(onBackground)
    expect(await background('Camera')).toBe(await background('Mute'))
    expect(await toolbar.locator('[data-icon="mic-off"]').count()).toBe(1)
    expect(await toolbar.locator('[data-icon="camera-off"]').count()).toBe(1)

    await toolbar.getByRole('button', { name: 'Mute', exact: true }).click()
    await toolbar.getByRole('button', { name: 'Camera', exact: true }).click()
    await expect.poll(pressed).toEqual(['false', 'true', 'false', null, null, null, null])
    expect(await boxes()).toEqual(before)
    expect(await background('Mute')).toBe(onBackground)
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await page.context().close()
  })

  it("acts on the app menu's Call items: mute and camera in a call, hang up", async () => {
    const page = await startCallWithAlice()
    await setCallPhase(page, inCall())
    await page.getByRole('toolbar', { name: 'Call controls' }).waitFor()
    await emit(page, 'call:command', { command: 'toggle-mute' })
    await page.getByRole('button', { name: 'Mute', pressed: true }).waitFor()
    await emit(page, 'call:command', { command: 'toggle-camera' })
    await page.getByRole('button', { name: 'Camera', pressed: false }).waitFor()
    await emit(page, 'call:command', { command: 'hang-up' })
    await page.getByRole('heading', { name: 'Call ended' }).waitFor()
    expect((await callMethods(page)).map((call) => call.method)).toEqual(['call', 'setMuted', 'setCameraOff', 'hangUp'])
    await page.context().close()
  })

  it("shows the other side's name and picture when their camera is off, a muted badge, and your own camera-off placeholder", async () => {
    const page = await startCallWithAlice()
    await setCallPhase(page, inCall({ remote: { audioMuted: true, videoOff: true, reconnecting: false } }))
    await attachCallMedia(page)
    const remote = page.getByLabel('Video of Alice Liddell')
    await page.getByText('Camera is off', { exact: true }).waitFor()
    // Their picture on the placeholder, their name once, on the tile; the black video is hidden, its sound kept.
    expect(await page.locator('.remote-placeholder').getByText('Alice Liddell').count()).toBe(0)
    await page.locator('.remote-placeholder .avatar-large').waitFor()
    expect(await remote.isVisible()).toBe(false)
    expect(await page.locator('.remote-label').textContent()).toBe('Alice LiddellMuted')
    expect(await page.getByText('Your camera is off').count()).toBe(0)

    await setCallPhase(page, inCall({ cameraOff: true, muted: true }))
    await page.getByText('Your camera is off').waitFor()
    await expect.poll(() => remote.isVisible()).toBe(true)
    expect(await page.locator('.remote-label').textContent()).toBe('Alice Liddell')
    expect(await page.locator('.self-tile .tile-label').textContent()).toBe('YouMuted')
    expect(await page.getByText('Camera is off', { exact: true }).count()).toBe(0)

    await setCallPhase(page, inCall({ remote: { audioMuted: false, videoOff: false, reconnecting: true } }))
    await page.getByRole('status').getByText('Their connection dropped. Waiting for them…').waitFor()
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await page.context().close()
  })

  it('keyboard shortcuts: Ctrl+Shift+M/O/H, announced on the buttons, and one press arriving also from the menu toggles once', async () => {
    const page = await startCallWithAlice()
    await setCallPhase(page, inCall())
    const mute = page.getByRole('button', { name: 'Mute' })
    expect(await mute.getAttribute('aria-keyshortcuts')).toBe('Control+Shift+M')
    expect(await page.getByRole('button', { name: 'Camera' }).getAttribute('aria-keyshortcuts')).toBe('Control+Shift+O')
    expect(await page.getByRole('button', { name: 'Hang up' }).getAttribute('aria-keyshortcuts')).toBe('Control+Shift+H')
    await page.keyboard.press('Control+Shift+M')
    // The menu's accelerator for the same keystroke: an echo, not a second toggle.
    await emit(page, 'call:command', { command: 'toggle-mute' })
    await page.getByRole('button', { name: 'Mute', pressed: true }).waitFor()
    await page.keyboard.press('Control+Shift+O')
    await page.getByRole('button', { name: 'Camera', pressed: false }).waitFor()
    await page.keyboard.press('Control+Shift+H')
    await page.getByRole('heading', { name: 'Call ended' }).waitFor()
    expect((await callMethods(page)).map((call) => call.method)).toEqual(['call', 'setMuted', 'setCameraOff', 'hangUp'])
    await page.context().close()
  })

  it('tooltips name each shortcut, from the table the keyboard handler reads: Ctrl on Windows and Linux, Cmd on macOS, in German too', async () => {
    const page = await startCallWithAlice()
    await setCallPhase(page, { phase: 'ringing', peer: alice, attempt: 1, maxAttempts: 3, calleeOffline: false, muted: false, cameraOff: false })
    expect(await page.getByRole('button', { name: 'Cancel' }).getAttribute('title')).toBe('Cancel (Ctrl+Shift+H)')
    await setCallPhase(page, inCall())
    const toolbar = page.getByRole('toolbar', { name: 'Call controls' })
    const titles = async () => Object.fromEntries(await toolbar.getByRole('button').evaluateAll((buttons) => buttons.map((button) => [button.textContent, button.getAttribute('title') ?? ''])))
    // A control without a shortcut has its label as its tooltip: in a narrow window the row shows icons only.
    expect(await titles()).toEqual({
      Mute: 'Mute (Ctrl+Shift+M)',
      Camera: 'Camera (Ctrl+Shift+O)',
      'Share screen': 'Share screen',
      'Add people': 'Add people',
      Devices: 'Devices',
      'Call quality': 'Call quality',
      'Hang up': 'Hang up (Ctrl+Shift+H)'
    })
    // The keys a tooltip names are the keys that work.
    for (const name of ['Mute', 'Camera']) {
      const button = toolbar.getByRole('button', { name, exact: true })
      const before = await button.getAttribute('aria-pressed')
      const keys = /\((.+)\)$/.exec((await button.getAttribute('title')) ?? '')?.[1] ?? ''
      await page.keyboard.press(keys.replace('Ctrl', 'Control'))
      await expect.poll(() => button.getAttribute('aria-pressed'), { message: name }).not.toBe(before)
    }
    await page.context().close()

    for (const [language, platform, call, mute, hangUp] of [
      ['en', 'MacIntel', 'Call Alice Liddell', 'Mute (Cmd+Shift+M)', 'Hang up (Cmd+Shift+H)'],
      ['de', 'Win32', 'Alice Liddell anrufen', 'Stummschalten (Strg+Umschalt+M)', 'Auflegen (Strg+Umschalt+H)']
    ] as const) {
      const other = await harness().open(memberScenario(Date.now(), language === 'de' ? german : {}))
      await other.addInitScript((value) => Object.defineProperty(Navigator.prototype, 'platform', { get: () => value }), platform)
      await other.reload()
      await other.getByRole('button', { name: call, exact: true }).click()
      await setCallPhase(other, inCall())
      const controls = other.locator('.call-controls')
      await controls.waitFor()
      expect(await controls.locator('button').first().getAttribute('title'), language).toBe(mute)
      expect(await controls.locator('button.danger').getAttribute('title'), language).toBe(hangUp)
      await other.context().close()
    }
  })

  it('switches the microphone mid-call from the devices dialog', async () => {
    const page = await startCallWithAlice()
    await setCallPhase(page, inCall())
    await page.getByRole('button', { name: 'Devices' }).click()
    const dialog = page.getByRole('dialog', { name: 'Camera, microphone and speaker' })
    const microphone = dialog.getByLabel('Microphone', { exact: true })
    // Labels and ids appear once the page has media permission, which the call has.
    await page.evaluate(() => navigator.mediaDevices.getUserMedia({ audio: true }).then((stream) => stream.getTracks().forEach((track) => track.stop())))
    await page.evaluate(() => navigator.mediaDevices.dispatchEvent(new Event('devicechange')))
    await expect.poll(() => microphone.locator('option').count()).toBeGreaterThan(1)
    const microphoneId = (await microphone.locator('option').nth(1).getAttribute('value')) ?? ''
    await microphone.selectOption(microphoneId)
    await expect.poll(async () => (await invocations(page, 'settings:update')).at(-1)).toEqual({ microphoneId })
    await expect.poll(async () => (await callMethods(page)).at(-1)).toEqual({ method: 'setDevices', args: [{ cameraId: '', microphoneId }] })
    await dialog.getByRole('button', { name: 'Done' }).click()
    await expect.poll(() => dialog.count()).toBe(0)
    await page.context().close()
  })

  it('switches noise suppression from the devices dialog, and says in one line when it could not start', async () => {
    const page = await startCallWithAlice()
    await setCallPhase(page, inCall({ noiseSuppression: 'on' }))
    await page.getByRole('button', { name: 'Devices' }).click()
    const dialog = page.getByRole('dialog', { name: 'Camera, microphone and speaker' })
    const box = dialog.getByRole('checkbox', { name: 'Suppress background noise (fans, typing, traffic)' })
    expect(await box.isChecked()).toBe(true)
    await box.uncheck()
    await expect.poll(async () => (await invocations(page, 'settings:update')).at(-1)).toEqual({ noiseSuppression: false })
    await expect.poll(() => box.isChecked()).toBe(false)
    await dialog.getByRole('button', { name: 'Done' }).click()
    await setCallPhase(page, inCall({ noiseSuppression: 'unavailable' }))
    await page.getByText('Noise suppression could not start: your microphone is sent unfiltered.').waitFor()
    await page.context().close()
  })

  it('hangs up when the session ends mid-call (signed out elsewhere)', async () => {
    const page = await startCallWithAlice()
    await setCallPhase(page, inCall())
    await emit(page, 'session:changed', { state: 'signed-out', reason: 'You were signed out.', storage: { persistent: true, backend: 'test' } })
    await page.getByRole('heading', { name: 'Sign in to Shoutit' }).waitFor()
    expect((await callMethods(page)).map((call) => call.method)).toEqual(['call', 'dispose'])
    await page.context().close()
  })

  it('shows a reconnecting banner and the network quality the engine reports', async () => {
    const page = await startCallWithAlice()
    await setCallPhase(page, inCall({ networkQuality: 4 }))
    await page.getByRole('img', { name: 'Network quality: good' }).waitFor()
    expect(await page.getByText('Reconnecting…').count()).toBe(0)
    await setCallPhase(page, inCall({ networkQuality: 1, reconnecting: true }))
    await page.getByRole('status').getByText('Connection lost. Reconnecting…').waitFor()
    await page.getByRole('img', { name: 'Network quality: poor' }).waitFor()
    await setCallPhase(page, inCall({ networkQuality: null }))
    await expect.poll(() => page.getByText('Reconnecting…').count()).toBe(0)
    expect(await page.getByRole('img', { name: /Network quality/ }).count()).toBe(0)
    await page.context().close()
  })

  it("answers main's screen:pick with the chosen source, or null when cancelled", async () => {
    const page = await startCallWithAlice()
    await setCallPhase(page, inCall())
    const sources = [
      { id: 'screen:1:0', name: 'Entire screen', kind: 'screen' },
      { id: 'window:42:0', name: 'Notes', kind: 'window' }
    ]
    await emit(page, 'screen:pick', { sources })
    const picker = page.getByRole('dialog', { name: 'Choose what to share' })
    await picker.getByRole('button', { name: 'Share Notes' }).click()
    await expect.poll(() => picker.count()).toBe(0)
    await emit(page, 'screen:pick', { sources })
    await picker.getByRole('button', { name: 'Share Entire screen' }).waitFor()
    await page.keyboard.press('Escape')
    await expect.poll(() => invocations(page, 'screen:choose')).toEqual([{ sourceId: 'window:42:0' }, { sourceId: null }])
    await page.context().close()
  })

  it("runs under the app's Content-Security-Policy without a violation", async () => {
    const page = await harness().open(memberScenario(), { csp: contentSecurityPolicy({ serverUrl: 'http://127.0.0.1:9' }) })
    await page.getByRole('button', { name: 'Call Alice Liddell', exact: true }).click()
    await setCallPhase(page, inCall({ networkQuality: 2 }))
    await attachCallMedia(page)
    await page.getByRole('img', { name: 'Network quality: fair' }).waitFor()
    await expect.poll(() => page.getByLabel('Video of Alice Liddell').evaluate((video: HTMLVideoElement) => video.videoWidth)).toBeGreaterThan(0)
    await page.getByRole('button', { name: 'Devices' }).click()
    await page.getByRole('dialog', { name: 'Camera, microphone and speaker' }).waitFor()
    expect(await cspViolations(page)).toEqual([])
    await page.context().close()
  })

  it('fits a 200 % zoomed window: all call controls are on screen', async () => {
    const page = await harness().open(memberScenario(), { viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 })
    await page.getByRole('button', { name: 'Call Bob Dylan', exact: true }).click()
    await setCallPhase(page, { ...inCall({ networkQuality: 3 }), peer: bob })
    await page.getByRole('toolbar', { name: 'Call controls' }).waitFor()
    for (const name of ['Mute', 'Camera', 'Share screen', 'Hang up']) {
      const box = await page.getByRole('button', { name }).boundingBox()
      expect(box, name).not.toBeNull()
      expect((box?.x ?? 0) + (box?.width ?? 0), name).toBeLessThanOrEqual(640)
      expect((box?.y ?? 0) + (box?.height ?? 0), name).toBeLessThanOrEqual(400)
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0)
    await page.context().close()
  })

  it('shows no offline banner mid-call (the call says its own trouble), and keeps every control on screen, at 900×680 and at 200 % zoom', async () => {
    // 200 % zoom of the same window lays out like 450×340.
    for (const [viewport, deviceScaleFactor] of [
      [{ width: 900, height: 680 }, 1],
      [{ width: 450, height: 340 }, 2]
    ] as const) {
      const page = await harness().open(memberScenario(), { viewport, deviceScaleFactor })
      await page.getByRole('button', { name: 'Call Bob Dylan', exact: true }).click()
      await setCallPhase(page, { ...inCall({ networkQuality: 3 }), peer: bob })
      await attachCallMedia(page)
      await emit(page, 'realtime:stateChanged', { state: 'connected' })
      await emit(page, 'realtime:stateChanged', { state: 'disconnected' })
      // The same events show the banner once the call is over (checked in call-chrome.test.ts).
      await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 100)))
      expect(await page.getByText(/^Offline: /).count()).toBe(0)
      for (const name of ['Mute', 'Camera', 'Share screen', 'Devices', 'Call quality', 'Hang up']) {
        const box = await page.getByRole('button', { name, exact: true }).boundingBox()
        const where = `${name} at ${viewport.width}×${viewport.height}`
        expect(box, where).not.toBeNull()
        expect(box?.x ?? -1, where).toBeGreaterThanOrEqual(0)
        expect(box?.y ?? -1, where).toBeGreaterThanOrEqual(0)
        expect((box?.x ?? 0) + (box?.width ?? 0), where).toBeLessThanOrEqual(viewport.width)
        expect((box?.y ?? 0) + (box?.height ?? 0), where).toBeLessThanOrEqual(viewport.height)
      }
      // Nothing scrolls: the page itself never hides the controls below the fold.
      expect(await page.evaluate(() => document.documentElement.scrollHeight - document.documentElement.clientHeight), `${viewport.width}×${viewport.height}`).toBeLessThanOrEqual(0)
      await page.context().close()
    }
  })
})

describe('answering', () => {
  it('fetches the call code when a ring starts, without leaving the current screen', async () => {
    const page = await harness().open(memberScenario())
    await page.getByRole('heading', { name: 'People', level: 1 }).waitFor()
    const loads = () => page.evaluate(() => (window as unknown as { __fakeCall: { loads(): number } }).__fakeCall.loads())
    expect(await loads()).toBe(0)
    await emit(page, 'ring:incoming', { room: 'room-12345678', callerIdentity: 'a'.repeat(32), caller: bob, kind: 'video' })
    await expect.poll(loads).toBe(1)
    expect(await page.getByRole('heading', { name: 'People', level: 1 }).isVisible()).toBe(true)
    expect(await page.getByText('Getting the call ready…').count()).toBe(0)
    await page.context().close()
  })

  it('warms the call up while a ring is on and lets it go when the ring ends unanswered, not when it is accepted', async () => {
    const page = await harness().open(memberScenario())
    await page.getByRole('heading', { name: 'People', level: 1 }).waitFor()
    await emit(page, 'ring:incoming', { room: 'room-12345678', callerIdentity: 'a'.repeat(32), caller: bob, kind: 'video' })
    await expect.poll(() => callMethods(page)).toEqual([{ method: 'warmUp', args: [] }])
    await emit(page, 'ring:ended', { room: 'room-12345678', reason: 'missed' })
    await expect.poll(() => callMethods(page)).toEqual([
      { method: 'warmUp', args: [] },
      { method: 'coolDown', args: [] }
    ])
    await emit(page, 'ring:incoming', { room: 'room-87654321', callerIdentity: 'a'.repeat(32), caller: bob, kind: 'video' })
    await emit(page, 'ring:ended', { room: 'room-87654321', reason: 'accepted' })
    await emit(page, 'navigate', { to: 'answer', room: 'room-87654321', callerIdentity: 'a'.repeat(32), caller: bob, video: true })
    await expect.poll(() => callMethods(page)).toEqual([
      { method: 'warmUp', args: [] },
      { method: 'coolDown', args: [] },
      { method: 'warmUp', args: [] },
      { method: 'answer', args: ['room-87654321', { video: true }] }
    ])
    await page.context().close()
  })

  it('joins the room main hands over when the user accepted a ring', async () => {
    const page = await harness().open(memberScenario())
    await page.getByRole('heading', { name: 'People', level: 1 }).waitFor()
    await emit(page, 'navigate', { to: 'answer', room: 'room-12345678', callerIdentity: 'a'.repeat(32), caller: bob, video: true })
    await page.getByRole('heading', { name: 'Bob Dylan', exact: true }).waitFor()
    await page.getByRole('status').filter({ hasText: 'Connecting…' }).waitFor()
    expect(await callMethods(page)).toEqual([{ method: 'answer', args: ['room-12345678', { video: true }] }])
    await page.context().close()
  })

  it('answers with audio only when the user chose it in the ring window', async () => {
    const page = await harness().open(memberScenario())
    await page.getByRole('heading', { name: 'People', level: 1 }).waitFor()
    await emit(page, 'navigate', { to: 'answer', room: 'room-12345678', callerIdentity: 'a'.repeat(32), caller: bob, video: false })
    await page.getByRole('heading', { name: 'Bob Dylan', exact: true }).waitFor()
    expect(await callMethods(page)).toEqual([{ method: 'answer', args: ['room-12345678', { video: false }] }])
    await page.context().close()
  })
})

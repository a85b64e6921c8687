// The ring window (`?view=ring`) in Chromium: who calls, Accept and Decline by mouse and
// keyboard, and a synthesized ringtone that stops with the ring.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import type { Ring } from '../../../common/ipc'
import { contentSecurityPolicy } from '../../../main/platform/csp'
import { seriousAccessibilityViolations } from './support/axe'
import { errorReply } from './support/fake-bridge'
import { bob, memberScenario } from './support/fixtures'
import { cspViolations, emit, invocations } from './support/ui-harness'
import { useUiHarness } from './support/use-ui-harness'

const harness = useUiHarness()

const ring: Ring = { room: 'room-abcdefgh', callerIdentity: 'b'.repeat(32), caller: bob, kind: 'video' }
const voiceRing: Ring = { ...ring, kind: 'voice' }

/** Counts AudioContexts the page opens and which of them are still open. */
function trackAudioContexts(): void {
  const Original = window.AudioContext
  const opened: AudioContext[] = []
  class Tracked extends Original {
    constructor(options?: AudioContextOptions) {
      super(options)
      opened.push(this)
    }
  }
  Object.assign(window, { AudioContext: Tracked, __audioContexts: opened })
}

async function openContexts(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __audioContexts: AudioContext[] }).__audioContexts.map((context) => context.state))
}

async function openRing(scenarioRing: Ring | null = ring, overrides = {}): Promise<Page> {
  const page = await harness().open(memberScenario(Date.now(), { 'ring:current': scenarioRing, ...overrides }), { view: 'ring', viewport: { width: 420, height: 360 } })
  return page
}

describe('ring window', () => {
  it('shows the caller, rings, and stops ringing when the caller gives up', async () => {
    const page = await harness().open(memberScenario(Date.now(), { 'ring:current': ring }), { view: 'ring', viewport: { width: 420, height: 360 } })
    await page.addInitScript(trackAudioContexts)
    await page.reload()
    await page.getByRole('heading', { name: 'Bob Dylan' }).waitFor()
    await page.getByText('Incoming video call · @bob').waitFor()
    await expect.poll(() => openContexts(page)).toEqual(['running'])
    expect(await seriousAccessibilityViolations(page)).toEqual([])

    await emit(page, 'ring:ended', { room: ring.room, reason: 'cancelled' })
    await page.getByText('Hung up before you answered · video call').waitFor()
    expect(await page.getByRole('heading', { name: 'Bob Dylan' }).count()).toBe(1)
    expect(await page.getByRole('button', { name: 'Accept' }).count()).toBe(0)
    await expect.poll(() => openContexts(page)).toEqual(['closed'])
    await page.context().close()
  })

  it('after a missed ring, still shows who called and which kind, with Call back of that kind and Close', async () => {
    const page = await openRing(voiceRing)
    await page.getByRole('button', { name: 'Accept' }).waitFor()
    await emit(page, 'ring:ended', { room: ring.room, reason: 'timeout' })
    await page.getByText('Missed voice call · @bob').waitFor()
    expect(await page.getByRole('heading', { name: 'Bob Dylan' }).count()).toBe(1)
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await page.getByRole('button', { name: 'Call back Bob Dylan', exact: true }).click()
    await expect.poll(() => invocations(page, 'ring:callBack')).toEqual([{ username: 'bob', video: false }])
    await page.getByRole('button', { name: 'Close', exact: true }).click()
    await expect.poll(() => invocations(page, 'ring:dismiss')).toEqual([{}])
    await page.context().close()
  })

  it('after a declined ring, says so and offers no Call back', async () => {
    const page = await openRing(ring)
    await page.getByRole('button', { name: 'Decline' }).click()
    await page.getByRole('heading', { name: 'Declined' }).waitFor()
    expect(await page.getByRole('button', { name: /^Call back/ }).count()).toBe(0)
    await page.context().close()
  })

  it('says who else is in a group call', async () => {
    const groupRing: Ring = {
      ...ring,
      participants: [
        { id: 'id-carol', username: 'carol', name: 'Carol' },
        { id: 'id-dave', username: 'dave', name: 'Dave' }
      ]
    }
    const page = await openRing(groupRing)
    await page.getByRole('heading', { name: 'Bob Dylan' }).waitFor()
    await page.getByText('Bob Dylan is calling you with Carol and Dave').waitFor()
    expect(await page.getByText('Incoming video call · @bob').count()).toBe(0)
    await page.context().close()
  })

  it('has no serious accessibility violations in the dark colour scheme', async () => {
    const page = await harness().open(memberScenario(Date.now(), { 'ring:current': ring }), { view: 'ring', viewport: { width: 360, height: 220 }, colorScheme: 'dark' })
    await page.getByRole('heading', { name: 'Bob Dylan' }).waitFor()
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await page.context().close()
  })

  it("rings under the app's Content-Security-Policy without a violation", async () => {
    const page = await harness().open(memberScenario(Date.now(), { 'ring:current': ring }), {
      view: 'ring',
      csp: contentSecurityPolicy({ serverUrl: 'http://127.0.0.1:9' })
    })
    await page.getByRole('heading', { name: 'Bob Dylan' }).waitFor()
    await page.keyboard.press('d')
    await expect.poll(() => invocations(page, 'ring:decline')).toEqual([{ room: ring.room }])
    expect(await cspViolations(page)).toEqual([])
    await page.context().close()
  })

  it('accepts with the button', async () => {
    const page = await openRing()
    await page.getByRole('button', { name: 'Accept' }).click()
    await page.getByRole('heading', { name: 'Answered' }).waitFor()
    expect(await invocations(page, 'ring:accept')).toEqual([{ room: ring.room }])
    expect(await invocations(page, 'ring:decline')).toEqual([])
    await page.context().close()
  })

  it('answers with audio only with its button: main is asked for no video', async () => {
    const page = await openRing()
    await page.getByRole('button', { name: 'Answer with audio only' }).click()
    await page.getByRole('heading', { name: 'Answered' }).waitFor()
    expect(await invocations(page, 'ring:accept')).toEqual([{ room: ring.room, video: false }])
    await page.context().close()
  })

  it('says a voice call is one, and answers it with audio only by button and by key', async () => {
    const page = await openRing(voiceRing)
    await page.getByRole('heading', { name: 'Bob Dylan' }).waitFor()
    await page.getByText('Incoming voice call · @bob').waitFor()
    // Accept already answers with audio only: no second button for it.
    expect(await page.getByRole('button', { name: 'Answer with audio only' }).count()).toBe(0)
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await page.getByRole('button', { name: 'Accept' }).click()
    await page.getByRole('heading', { name: 'Answered' }).waitFor()
    expect(await invocations(page, 'ring:accept')).toEqual([{ room: ring.room, video: false }])
    await page.context().close()

    const byKey = await openRing(voiceRing)
    await byKey.getByRole('heading', { name: 'Bob Dylan' }).waitFor()
    await byKey.keyboard.press('Enter')
    await expect.poll(() => invocations(byKey, 'ring:accept')).toEqual([{ room: ring.room, video: false }])
    await byKey.context().close()
  })

  it('accepts with A or Enter, with audio only with V, and declines with D or Escape', async () => {
    for (const [key, channel, payload] of [
      ['a', 'ring:accept', { room: ring.room }],
      ['Enter', 'ring:accept', { room: ring.room }],
      ['v', 'ring:accept', { room: ring.room, video: false }],
      ['d', 'ring:decline', { room: ring.room }],
      ['Escape', 'ring:decline', { room: ring.room }]
    ] as const) {
      const page = await openRing()
      await page.getByRole('heading', { name: 'Bob Dylan' }).waitFor()
      await page.keyboard.press(key)
      await expect.poll(() => invocations(page, channel), { message: key }).toEqual([payload])
      await page.context().close()
    }
  })

  it('lets Enter on a focused Decline button decline, never accept', async () => {
    const page = await openRing()
    await page.getByRole('button', { name: 'Decline' }).focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => invocations(page, 'ring:decline')).toEqual([{ room: ring.room }])
    expect(await invocations(page, 'ring:accept')).toEqual([])
    await page.context().close()
  })

  it('shows why accepting failed and lets the user try again', async () => {
    const page = await openRing(ring, { 'ring:accept': errorReply({ code: 'internal', message: 'The ring is over.' }) })
    await page.getByRole('button', { name: 'Accept' }).click()
    await page.getByRole('alert').filter({ hasText: 'The ring is over.' }).waitFor()
    expect(await page.getByRole('button', { name: 'Accept' }).isEnabled()).toBe(true)
    await page.context().close()
  })

  it("fits main's 360×220 ring window without scrolling, and stays usable at 200 % zoom", async () => {
    const page = await harness().open(memberScenario(Date.now(), { 'ring:current': ring }), { view: 'ring', viewport: { width: 360, height: 220 } })
    await page.getByRole('heading', { name: 'Bob Dylan' }).waitFor()
    const overflow = await page.evaluate(() => ({
      x: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      y: document.documentElement.scrollHeight - document.documentElement.clientHeight
    }))
    expect(overflow).toEqual({ x: 0, y: 0 })
    await page.context().close()

    // At 200 % the window holds half as much: the page may scroll, but every control is reachable.
    const zoomed = await harness().open(memberScenario(Date.now(), { 'ring:current': ring }), {
      view: 'ring',
      viewport: { width: 180, height: 110 },
      deviceScaleFactor: 2
    })
    await zoomed.getByRole('heading', { name: 'Bob Dylan' }).waitFor()
    expect(await zoomed.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0)
    await zoomed.getByRole('button', { name: 'Decline' }).scrollIntoViewIfNeeded()
    await zoomed.getByRole('button', { name: 'Decline' }).click()
    await expect.poll(() => invocations(zoomed, 'ring:decline')).toEqual([{ room: ring.room }])
    await zoomed.context().close()
  })

  it('picks up a new ring pushed to an open window', async () => {
    const page = await openRing(null)
    await page.getByRole('heading', { name: 'No call' }).waitFor()
    await emit(page, 'ring:incoming', ring)
    await page.getByRole('heading', { name: 'Bob Dylan' }).waitFor()
    await page.context().close()
  })
})

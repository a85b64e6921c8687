// How the everyday screens are laid out and coloured: the people list's call buttons and
// avatars, the history lines at a narrow width, full-width banners, the sign-in form's order,
// the settings screen's section links and the microphone meter in the dark theme.
import type { Page } from 'playwright-core'
import { PNG } from 'pngjs'
import { describe, expect, it } from 'vitest'
import type { CallRecord } from '../../../common/calls'
import { avatarTone } from '../../../renderer/ui/components/avatarTone'
import { errorReply, type FakeBridgeControl } from './support/fake-bridge'
import { alice, bob, carol, defaultSettings, memberScenario, memberSession, profile, signedOut } from './support/fixtures'
import { callMethods, emit, invocations } from './support/ui-harness'
import { useUiHarness } from './support/use-ui-harness'

const harness = useUiHarness()

async function closePage(page: Page): Promise<void> {
  await page.context().close()
}

/** "rgb(r, g, b)" → WCAG relative luminance. */
function luminanceOf(rgb: [number, number, number]): number {
  const [r, g, b] = rgb.map((value) => value / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [number, number, number]
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}
function contrast(a: [number, number, number], b: [number, number, number]): number {
  const [light, dark] = [luminanceOf(a), luminanceOf(b)].sort((x, y) => y - x) as [number, number]
  return (light + 0.05) / (dark + 0.05)
}
function parseRgb(css: string): [number, number, number] {
  const match = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(css)
  if (!match) throw new Error(`not an rgb() colour: ${css}`)
  return [Number(match[1]), Number(match[2]), Number(match[3])]
}

describe('people list', () => {
  it('gives each person a video Call (the primary action, with a camera icon) and a Voice button (a phone icon) with room between them', async () => {
    const page = await harness().open(memberScenario())
    const row = page.getByRole('listitem').filter({ hasText: 'Alice Liddell' }).first()
    const call = row.getByRole('button', { name: 'Call Alice Liddell', exact: true })
    const voice = row.getByRole('button', { name: 'Voice call Alice Liddell', exact: true })
    await call.waitFor()
    expect(await call.locator('svg.lucide-video').count()).toBe(1)
    expect(await voice.locator('svg.lucide-phone').count()).toBe(1)
    const [callBox, voiceBox] = [await call.boundingBox(), await voice.boundingBox()]
    expect(voiceBox!.x - (callBox!.x + callBox!.width)).toBeGreaterThanOrEqual(6)
    // The primary action is filled with the accent colour; Voice is a plain button.
    const fill = (button: typeof call) => button.evaluate((element) => getComputedStyle(element).backgroundColor)
    const accent = await page.evaluate(() => {
      const probe = document.createElement('span')
      probe.style.color = 'var(--accent)'
      document.body.append(probe)
      const colour = getComputedStyle(probe).color
      probe.remove()
      return colour
    })
    expect(await fill(call)).toBe(accent)
    expect(await fill(voice)).not.toBe(accent)
    await closePage(page)
  })

  it("puts initials on the person's own tone (from their username) and shows a profile picture where there is one", async () => {
    const picture = 'data:image/svg+xml,' + encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8" fill="#3a7"/></svg>')
    const dora = profile('dora', 'Dora Maar', { image: picture })
    const page = await harness().open({ ...memberScenario(), people: [alice, bob, carol, dora] })
    const people = page.getByRole('list', { name: 'People' })
    await people.getByText('Dora Maar').waitFor()
    for (const person of [alice, bob, carol]) {
      const avatar = people.getByRole('listitem').filter({ hasText: person.name }).locator('.avatar')
      expect(await avatar.getAttribute('data-tone')).toBe(String(avatarTone(person.username)))
      const [background, text] = await avatar.evaluate((element) => {
        const style = getComputedStyle(element)
        return [style.backgroundColor, style.color]
      })
      expect(contrast(parseRgb(background), parseRgb(text)), person.username).toBeGreaterThanOrEqual(4.5)
    }
    const doraAvatar = people.getByRole('listitem').filter({ hasText: 'Dora Maar' }).locator('.avatar')
    expect(await doraAvatar.locator('img').getAttribute('src')).toBe(picture)
    expect(await doraAvatar.getAttribute('data-tone')).toBeNull()
    await closePage(page)
  })
})

describe('call history', () => {
  const voiceMissed: CallRecord = { id: 'v1', direction: 'incoming', peer: bob, startedAt: Date.now() - 60_000, outcome: 'missed', kind: 'voice' }
  const videoOut: CallRecord = { id: 'v2', direction: 'outgoing', peer: alice, startedAt: Date.now() - 120_000, outcome: 'answered', durationSeconds: 754, kind: 'video' }

  it('says voice or video on each call, and calls back with the same kind', async () => {
    const page = await harness().open(memberScenario(Date.now(), { 'history:list': [voiceMissed, videoOut] }))
    const recent = page.getByRole('list', { name: 'Recent calls' })
    await recent.getByRole('button', { name: 'Call back Bob Dylan', exact: true }).waitFor()
    expect(await recent.getByRole('listitem').first().innerText()).toContain('Voice')
    expect(await recent.getByRole('listitem').nth(1).innerText()).toContain('Video')
    await recent.getByRole('button', { name: 'Call back Bob Dylan', exact: true }).click()
    await page.getByRole('heading', { name: 'Calling Bob Dylan' }).waitFor()
    expect(await callMethods(page)).toEqual([{ method: 'call', args: ['bob', { video: false }] }])
    await closePage(page)
  })

  it('never leaves a "·" at the start or end of a line when a history line wraps in a narrow window', async () => {
    const long = profile('maxi', 'Maximiliana Wilhelmina Konstantinopolous-Featherstonehaugh')
    const history: CallRecord[] = [
      videoOut,
      { id: 'v3', direction: 'incoming', peer: long, startedAt: Date.now() - 80 * 3_600_000, outcome: 'cancelled' },
      voiceMissed
    ]
    const page = await harness().open(memberScenario(Date.now(), { 'history:list': history }), { viewport: { width: 340, height: 900 } })
    await page.getByRole('list', { name: 'Recent calls' }).getByText('Caller hung up').waitFor()
    const lines = await page.locator('.call-record .detail-line').evaluateAll((details) =>
      details.map((detail) => {
        const visible = detail.getBoundingClientRect()
        return [...detail.querySelectorAll(':scope > .detail-parts > *')].map((part, index, parts) => {
          const box = part.getBoundingClientRect()
          const separator = Number.parseFloat(getComputedStyle(part, '::before').width)
          const previous = parts[index - 1]?.getBoundingClientRect()
          const startsLine = !previous || box.top >= previous.bottom - 1
          // The separator is the part's first `separator` pixels: visible when they lie inside the detail's box.
          const separatorShown = box.left + separator / 2 > visible.left && getComputedStyle(part, '::before').content.includes('·')
          return { startsLine, separatorShown }
        })
      })
    )
    expect(lines).toHaveLength(3)
    const parts = lines.flat()
    // The narrow window makes some part begin a line of its own, or the test proves nothing.
    expect(lines.some((line) => line.slice(1).some((part) => part.startsLine))).toBe(true)
    for (const part of parts) expect(part.separatorShown).toBe(!part.startsLine)
    await closePage(page)
  })
})

describe('banners', () => {
  it('draws a full-width banner edge to edge with square corners', async () => {
    const page = await harness().open(memberScenario())
    await page.getByRole('list', { name: 'People' }).waitFor()
    await emit(page, 'realtime:stateChanged', { state: 'connected' })
    await emit(page, 'realtime:stateChanged', { state: 'disconnected' })
    const banner = page.getByText(/^Offline: /)
    await banner.waitFor()
    const { radius, left, width } = await banner.evaluate((element) => ({
      radius: getComputedStyle(element).borderBottomLeftRadius + ' ' + getComputedStyle(element).borderTopRightRadius,
      left: element.getBoundingClientRect().left,
      width: element.getBoundingClientRect().width
    }))
    expect(radius).toBe('0px 0px')
    expect(left).toBe(0)
    expect(width).toBe(await page.evaluate(() => document.documentElement.clientWidth))
    await closePage(page)
  })
})

describe('sign-in', () => {
  it('asks for the account first and the server after it, with no empty line left in the Server box', async () => {
    const page = await harness().open(memberScenario(Date.now(), { 'session:get': signedOut }))
    const login = page.getByLabel('E-mail or username')
    const server = page.getByLabel('Shoutit server')
    await server.locator('option').first().waitFor({ state: 'attached' })
    expect(await login.evaluate((input, select) => Boolean(input.compareDocumentPosition(select as Node) & Node.DOCUMENT_POSITION_FOLLOWING), await server.elementHandle())).toBe(true)
    const band = await page.locator('fieldset.server-picker').evaluate((fieldset) => {
      const select = fieldset.querySelector('select')!.getBoundingClientRect()
      return fieldset.getBoundingClientRect().bottom - select.bottom
    })
    // The field's own margin and the box's padding and border; an empty status line once added ~1.5 lines more.
    expect(band).toBeLessThanOrEqual(28)
    await closePage(page)
  })

  it('after a network failure, the form has one Try again (its own button), not Try again beside a Sign in', async () => {
    const unreachable = "Can't reach the Shoutit server at 127.0.0.1:8787. Check your connection, or that the server is running."
    const page = await harness().open(memberScenario(Date.now(), { 'session:get': signedOut, 'session:signIn': errorReply({ code: 'network', message: unreachable }) }))
    await page.getByLabel('E-mail or username').fill('ada')
    await page.getByLabel('Password').fill('secret-pass')
    await page.getByRole('button', { name: 'Sign in', exact: true }).click()
    await page.getByRole('alert').filter({ hasText: unreachable }).waitFor()
    expect(await page.getByRole('button', { name: 'Try again' }).count()).toBe(1)
    expect(await page.getByRole('button', { name: 'Sign in', exact: true }).count()).toBe(0)
    await page.evaluate((session) => (window as unknown as { __fakeBridge: FakeBridgeControl }).__fakeBridge.setReply('session:signIn', session), memberSession)
    await page.getByRole('button', { name: 'Try again' }).click()
    await page.getByRole('heading', { name: 'People', level: 1 }).waitFor()
    expect(await invocations(page, 'session:signIn')).toHaveLength(2)
    await closePage(page)
  })
})

describe('settings', () => {
  const SECTIONS = ['Calls', 'Ringtone and notifications', 'Camera, microphone and speaker', 'App', 'Account', 'About']

  async function openSettings(options: Parameters<ReturnType<typeof harness>['open']>[1] = {}, replies = {}): Promise<Page> {
    const page = await harness().open(memberScenario(Date.now(), replies), options)
    await page.getByRole('button', { name: 'Settings' }).click()
    await page.getByRole('heading', { name: 'Calls', level: 2 }).waitFor()
    return page
  }

  it('links to each of its sections from a column beside them; a link brings its section into view and focuses its heading', async () => {
    const page = await openSettings({ viewport: { width: 1100, height: 600 } })
    const nav = page.getByRole('navigation', { name: 'Settings sections' })
    expect(await nav.getByRole('link').allTextContents()).toEqual(SECTIONS)
    const navBox = await nav.boundingBox()
    const callsBox = await page.getByRole('heading', { name: 'Calls', level: 2 }).boundingBox()
    expect(navBox!.x + navBox!.width).toBeLessThanOrEqual(callsBox!.x)
    await nav.getByRole('link', { name: 'About' }).click()
    const about = page.getByRole('heading', { name: 'About', level: 2 })
    await expect.poll(() => about.evaluate((heading) => heading === document.activeElement)).toBe(true)
    const box = await about.boundingBox()
    expect(box!.y).toBeGreaterThanOrEqual(0)
    expect(box!.y).toBeLessThan(600)
    await closePage(page)
  })

  it('puts the section links above the sections in a narrow window', async () => {
    const page = await openSettings({ viewport: { width: 500, height: 700 } })
    const navBox = await page.getByRole('navigation', { name: 'Settings sections' }).boundingBox()
    const callsBox = await page.getByRole('heading', { name: 'Calls', level: 2 }).boundingBox()
    expect(navBox!.y + navBox!.height).toBeLessThanOrEqual(callsBox!.y)
    await closePage(page)
  })

  it('draws the microphone meter visibly in the dark theme: its track against the page, its level against the track (3:1 each)', async () => {
    const page = await openSettings({ viewport: { width: 1100, height: 900 }, colorScheme: 'dark' }, { 'settings:get': { ...defaultSettings, theme: 'dark' } })
    const meter = page.locator('meter')
    await meter.waitFor()
    const background = parseRgb(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor))
    // The test's microphone is silent: a level is set by hand, as a voice would.
    await meter.evaluate((element: HTMLMeterElement) => (element.value = 0.5))
    const picture = PNG.sync.read(await meter.screenshot({ animations: 'disabled' }))
    const pixel = (x: number, y: number): [number, number, number] => {
      const i = (y * picture.width + x) * 4
      return [picture.data[i]!, picture.data[i + 1]!, picture.data[i + 2]!]
    }
    let edge = 1
    for (let x = 0; x < picture.width; x++) for (let y = 0; y < picture.height; y++) edge = Math.max(edge, contrast(pixel(x, y), background))
    const middle = Math.floor(picture.height / 2)
    const level = pixel(Math.floor(picture.width * 0.25), middle)
    const track = pixel(Math.floor(picture.width * 0.75), middle)
    expect(edge).toBeGreaterThanOrEqual(3)
    expect(contrast(level, track)).toBeGreaterThanOrEqual(3)
    expect(contrast(level, background)).toBeGreaterThanOrEqual(3)
    await closePage(page)
  })
})

// The call screen's chrome around the picture: trouble made visible (dimmed video and
// "Reconnecting…", coloured quality bars), the Call quality panel, the muted hint, the name
// said once, no app-wide Offline banner in a call, and controls that fade in a quiet video call.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { seriousAccessibilityViolations } from './support/axe'
import { inCallPhase, memberScenario, SAMPLE_STATS } from './support/fixtures'
import { attachCallMedia, callMethods, emit, setCallPhase, setCallStats, setMicrophoneHears } from './support/ui-harness'
import { useUiHarness } from './support/use-ui-harness'

const harness = useUiHarness()

async function inCallWithAlice(change: Parameters<typeof inCallPhase>[0] = {}, media = true): Promise<Page> {
  const page = await harness().open(memberScenario())
  await page.getByRole('button', { name: 'Call Alice Liddell', exact: true }).click()
  await setCallPhase(page, inCallPhase(change))
  await page.getByRole('toolbar', { name: 'Call controls' }).waitFor()
  if (media) {
    await attachCallMedia(page)
    await expect.poll(() => page.getByLabel('Video of Alice Liddell').evaluate((video: HTMLVideoElement) => video.videoWidth)).toBeGreaterThan(0)
  }
  return page
}

const opacityOf = (page: Page, selector: string) => page.locator(selector).evaluate((element) => getComputedStyle(element).opacity)

describe('trouble made visible', () => {
  it('while reconnecting the video dims under a centred "Reconnecting…", and the timer says it too', async () => {
    const page = await inCallWithAlice()
    expect(await opacityOf(page, '.remote-video')).toBe('1')
    await setCallPhase(page, inCallPhase({ reconnecting: true }))
    const overlay = page.getByRole('status').getByText('Connection lost. Reconnecting…')
    await overlay.waitFor()
    expect(Number(await opacityOf(page, '.remote-video'))).toBeLessThan(0.5)
    // Centred over the video.
    const words = await overlay.boundingBox()
    const video = await page.locator('.remote').boundingBox()
    expect(Math.abs((words?.x ?? 0) + (words?.width ?? 0) / 2 - ((video?.x ?? 0) + (video?.width ?? 0) / 2))).toBeLessThan(4)
    expect(Math.abs((words?.y ?? 0) + (words?.height ?? 0) / 2 - ((video?.y ?? 0) + (video?.height ?? 0) / 2))).toBeLessThan(4)
    expect(await page.locator('.call-topbar').textContent()).toContain('Reconnecting…')
    expect(await page.locator('time.call-duration').count()).toBe(0)
    expect(await seriousAccessibilityViolations(page)).toEqual([])

    await setCallPhase(page, inCallPhase())
    await expect.poll(() => opacityOf(page, '.remote-video')).toBe('1')
    await page.locator('time.call-duration').waitFor()
    expect(await page.getByText('Reconnecting…').count()).toBe(0)
    await page.context().close()
  })

  it('the quality bars: amber at 2, red at 1, the usual colour at 3; in forced colours Mark marks 1 and 2', async () => {
    const page = await inCallWithAlice({}, false)
    const litColour = async () => {
      await page.locator('.network-quality .bar.lit').first().waitFor()
      return page.locator('.network-quality .bar.lit').first().evaluate((bar) => getComputedStyle(bar).backgroundColor)
    }
    await setCallPhase(page, inCallPhase({ networkQuality: 3 }))
    await page.getByRole('img', { name: 'Network quality: fair' }).waitFor()
    expect(await litColour()).toBe('rgb(125, 220, 143)')
    await setCallPhase(page, inCallPhase({ networkQuality: 2 }))
    await expect.poll(litColour).toBe('rgb(255, 197, 61)')
    await setCallPhase(page, inCallPhase({ networkQuality: 1 }))
    await page.getByRole('img', { name: 'Network quality: poor' }).waitFor()
    await expect.poll(litColour).toBe('rgb(255, 107, 97)')
    await page.context().close()

    const forced = await harness().open(memberScenario(), { forcedColors: true })
    await forced.getByRole('button', { name: 'Call Alice Liddell', exact: true }).click()
    const colours: Record<number, string> = {}
    for (const level of [3, 2, 1]) {
      await setCallPhase(forced, inCallPhase({ networkQuality: level }))
      await forced.locator(`.network-quality .bar.lit >> nth=${level - 1}`).waitFor()
      await expect.poll(() => forced.locator('.network-quality').getAttribute('class')).toContain(level === 3 ? 'ok' : level === 2 ? 'weak' : 'bad')
      colours[level] = await forced.locator('.network-quality .bar.lit').first().evaluate((bar) => getComputedStyle(bar).backgroundColor)
    }
    // Level 3 is CanvasText; 2 and 1 are Mark, a different system colour; 1 also has a dashed edge.
    expect(colours[2]).toBe(colours[1])
    expect(colours[3]).not.toBe(colours[2])
    expect(await forced.locator('.network-quality .bar').first().evaluate((bar) => getComputedStyle(bar).borderStyle)).toBe('dashed')
    await forced.context().close()
  })
})

describe('the Call quality panel', () => {
  it('opens from the keyboard, shows the live figures with the reason, refreshes, closes on Escape and gives focus back', async () => {
    const page = await inCallWithAlice({ networkQuality: 4 })
    await setCallStats(page, SAMPLE_STATS)
    const button = page.getByRole('button', { name: 'Call quality' })
    await button.focus()
    await page.keyboard.press('Enter')
    const panel = page.getByRole('dialog', { name: 'Call quality' })
    await panel.waitFor()
    const figures = async () =>
      Object.fromEntries(
        await panel.locator('.quality-figures > div').evaluateAll((rows) => rows.map((row) => [row.querySelector('dt')?.textContent ?? '', row.querySelector('dd')?.textContent ?? '']))
      )
    await expect.poll(figures).toEqual({
      Sending: '1.2 Mb/s',
      Receiving: '456 kb/s',
      'Packets lost': '1.2% received, 0.3% sent',
      'Round trip': '42 ms',
      'Video sent': '1280×720, 30 fps',
      'Video received': '320×180, 15 fps',
      Codecs: 'VP8, opus',
      Connection: 'Relayed (through a TURN server)'
    })
    await panel.getByText('Quality is limited on the other side: their video arrives small or jerky.').waitFor()
    expect(await seriousAccessibilityViolations(page)).toEqual([])

    // Read again every second: new figures appear without reopening.
    await setCallStats(page, { ...SAMPLE_STATS, sendBitrate: 88_000, route: 'direct', cause: 'network', qualityLimitationReason: 'bandwidth' })
    await expect.poll(figures, { timeout: 3_000 }).toMatchObject({ Sending: '88 kb/s', Connection: 'Direct' })
    await panel.getByText('Quality is limited by the network: packets are lost or slow to arrive.').waitFor()
    await setCallStats(page, { ...SAMPLE_STATS, cause: 'cpu', qualityLimitationReason: 'cpu' })
    await panel.getByText('Quality is limited by this computer: it is too busy to send full video.').waitFor({ timeout: 3_000 })

    await page.keyboard.press('Escape')
    await expect.poll(() => panel.count()).toBe(0)
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Call quality')
    await page.context().close()
  })

  it('says so when the engine has no figures', async () => {
    const page = await inCallWithAlice({}, false)
    await setCallStats(page, null)
    await page.getByRole('button', { name: 'Call quality' }).click()
    await page.getByRole('dialog', { name: 'Call quality' }).getByText('This call cannot show its figures.').waitFor()
    await page.getByRole('button', { name: 'Close' }).click()
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0)
    await page.context().close()
  })
})

describe('the muted hint', () => {
  it('appears when the microphone hears speech for a second while muted, unmutes or goes away, and is not repeated at once', async () => {
    const page = await inCallWithAlice({ muted: true }, false)
    const hint = page.getByRole('status').getByText("You're muted. Unmute to be heard.")
    await setMicrophoneHears(page, false)
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 1_500)))
    expect(await hint.count()).toBe(0)
    await setMicrophoneHears(page, true)
    const start = Date.now()
    await hint.waitFor({ timeout: 5_000 })
    // Debounced: about a second of speech first.
    expect(Date.now() - start).toBeGreaterThanOrEqual(900)
    await page.getByRole('button', { name: 'Dismiss' }).click()
    await expect.poll(() => hint.count()).toBe(0)
    // Still speaking, still muted: not said again within the pause.
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 2_000)))
    expect(await hint.count()).toBe(0)
    await page.context().close()

    const again = await inCallWithAlice({ muted: true }, false)
    await setMicrophoneHears(again, true)
    await again.getByRole('button', { name: 'Unmute' }).click()
    expect((await callMethods(again)).at(-1)).toEqual({ method: 'setMuted', args: [false] })
    await expect.poll(() => again.getByText("You're muted. Unmute to be heard.").count()).toBe(0)
    await again.context().close()
  })

  it('never appears while unmuted, however loud', async () => {
    const page = await inCallWithAlice({}, false)
    await setMicrophoneHears(page, true)
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 2_000)))
    expect(await page.getByText("You're muted. Unmute to be heard.").count()).toBe(0)
    await page.context().close()
  })
})

describe('a calm call screen', () => {
  it("says the other person's name once (the screen reader heading aside), with video and without", async () => {
    const page = await inCallWithAlice()
    const visibleNames = () =>
      page.evaluate(() => {
        const walker = document.createTreeWalker(document.querySelector('main') ?? document.body, NodeFilter.SHOW_TEXT)
        let count = 0
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const parent = node.parentElement
          if (!node.textContent?.includes('Alice') || !parent || parent.closest('.visually-hidden')) continue
          if (parent.checkVisibility()) count += 1
        }
        return count
      })
    expect(await visibleNames()).toBe(1)
    await setCallPhase(page, inCallPhase({ remote: { audioMuted: true, videoOff: true, reconnecting: false } }))
    await page.getByText('Camera is off', { exact: true }).waitFor()
    expect(await visibleNames()).toBe(1)
    await page.context().close()
  })

  it('hides the app-wide Offline banner during a call and shows it again once the call is over', async () => {
    const page = await inCallWithAlice({}, false)
    await emit(page, 'realtime:stateChanged', { state: 'connected' })
    await emit(page, 'realtime:stateChanged', { state: 'disconnected' })
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 200)))
    expect(await page.getByText(/^Offline: /).count()).toBe(0)
    await page.getByRole('button', { name: 'Hang up' }).click()
    await page.getByText(/^Offline: /).waitFor()
    await page.context().close()
  })

  it('fades the controls in a quiet video call after 3 s without pointer movement; a movement brings them back', async () => {
    const page = await inCallWithAlice()
    await page.mouse.move(500, 300)
    expect(await opacityOf(page, '.call-controls')).toBe('1')
    await expect.poll(() => page.locator('main.in-call').getAttribute('class'), { timeout: 6_000 }).toContain('controls-hidden')
    await expect.poll(() => opacityOf(page, '.call-controls')).toBe('0')
    await page.mouse.move(520, 320)
    await expect.poll(() => opacityOf(page, '.call-controls')).toBe('1')
    // Still reachable meanwhile: hidden controls stay in the page for the keyboard.
    await expect.poll(() => page.locator('main.in-call').getAttribute('class'), { timeout: 6_000 }).toContain('controls-hidden')
    // A Tab brings them back and keeps them for the rest of the call.
    await page.keyboard.press('Tab')
    await expect.poll(() => opacityOf(page, '.call-controls')).toBe('1')
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 4_000)))
    expect(await page.locator('main.in-call').getAttribute('class')).not.toContain('controls-hidden')
    await page.context().close()
  })

  it('never hides them in an audio-only call, while reconnecting, with a panel open, or with reduced motion', async () => {
    const quietFor4s = (page: Page) => page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 4_000)))
    const hidden = (page: Page) => page.locator('main.in-call').evaluate((main) => main.classList.contains('controls-hidden'))

    const audio = await inCallWithAlice({ remote: { audioMuted: false, videoOff: true, reconnecting: false } })
    await quietFor4s(audio)
    expect(await hidden(audio)).toBe(false)
    await setCallPhase(audio, inCallPhase({ reconnecting: true }))
    await quietFor4s(audio)
    expect(await hidden(audio)).toBe(false)
    await setCallPhase(audio, inCallPhase())
    await audio.getByRole('button', { name: 'Call quality' }).click()
    await quietFor4s(audio)
    expect(await hidden(audio)).toBe(false)
    await audio.context().close()

    const reduced = await inCallWithAlice()
    await reduced.emulateMedia({ reducedMotion: 'reduce' })
    await quietFor4s(reduced)
    expect(await hidden(reduced)).toBe(false)
    await reduced.context().close()
  })
})

describe('tooltips', () => {
  it('name the shortcut of each control that has one', async () => {
    const page = await inCallWithAlice({}, false)
    expect(await page.getByRole('button', { name: 'Mute' }).getAttribute('title')).toBe('Mute (Ctrl+Shift+M)')
    expect(await page.getByRole('button', { name: 'Camera' }).getAttribute('title')).toBe('Camera (Ctrl+Shift+O)')
    expect(await page.getByRole('button', { name: 'Hang up' }).getAttribute('title')).toBe('Hang up (Ctrl+Shift+H)')
    await page.context().close()
  })
})


describe('a dialog opened over the call', () => {
  it("keeps the app's own buttons, as on the settings screen, not the call's dark controls, in light and dark", async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const page = await harness().open(memberScenario(), { colorScheme })
      await page.getByRole('button', { name: 'Settings' }).click()
      const testSound = page.getByRole('button', { name: 'Play test sound' })
      const inSettings = await testSound.evaluate((button) => [getComputedStyle(button).backgroundColor, getComputedStyle(button).color])
      await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'People' }).click()
      await page.getByRole('button', { name: 'Call Alice Liddell', exact: true }).click()
      await setCallPhase(page, inCallPhase())
      const toolbar = page.getByRole('toolbar', { name: 'Call controls' })
      const controlBackground = await toolbar.getByRole('button', { name: 'Devices' }).evaluate((button) => getComputedStyle(button).backgroundColor)
      await toolbar.getByRole('button', { name: 'Devices' }).click()
      const dialog = page.getByRole('dialog', { name: 'Camera, microphone and speaker' })
      const inCall = await dialog.getByRole('button', { name: 'Play test sound' }).evaluate((button) => [getComputedStyle(button).backgroundColor, getComputedStyle(button).color])
      expect(inCall, colorScheme).toEqual(inSettings)
      expect(inCall[0], colorScheme).not.toBe(controlBackground)
      await page.context().close()
    }
  })
})

// Windows High Contrast, as Chromium emulates it (forced-colors: active): the forced palette
// turns every fill into Canvas or ButtonFace, so what a call screen says by colour must
// survive it in system colours: a pressed toggle against an unpressed one, Hang up against
// the other controls, lit network-quality bars against unlit ones and the background.
import type { Locator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { seriousAccessibilityViolations } from './support/axe'
import { alice, inCallPhase, memberScenario } from './support/fixtures'
import { setCallPhase } from './support/ui-harness'
import { useUiHarness } from './support/use-ui-harness'

const harness = useUiHarness()

const style = (locator: Locator) =>
  locator.evaluate((element) => {
    const computed = getComputedStyle(element)
    return { background: computed.backgroundColor, color: computed.color, border: `${computed.borderTopStyle} ${computed.borderTopColor}` }
  })

async function inCallForced(): Promise<Page> {
  const page = await harness().open(memberScenario(), { forcedColors: true })
  expect(await page.evaluate(() => matchMedia('(forced-colors: active)').matches)).toBe(true)
  await page.getByRole('button', { name: 'Call Alice Liddell', exact: true }).click()
  await setCallPhase(page, inCallPhase({ networkQuality: 2, peer: alice }))
  await page.getByRole('toolbar', { name: 'Call controls' }).waitFor()
  return page
}

describe('call screen in forced colours', () => {
  it('a pressed toggle looks pressed, unpressed ones do not, and Hang up stands apart', async () => {
    const page = await inCallForced()
    const toolbar = page.getByRole('toolbar', { name: 'Call controls' })
    const mute = toolbar.getByRole('button', { name: 'Mute', exact: true })
    const share = toolbar.getByRole('button', { name: 'Share screen', exact: true })
    const hangUp = toolbar.getByRole('button', { name: 'Hang up', exact: true })

    const unpressed = await style(mute)
    expect(await style(share)).toEqual(unpressed)
    await mute.click()
    await expect.poll(() => mute.getAttribute('aria-pressed')).toBe('true')
    const pressed = await style(mute)
    expect(pressed.background).not.toBe(unpressed.background)
    expect(pressed.color).not.toBe(unpressed.color)
    // The camera is on, so its toggle is pressed and looks like Mute now does.
    expect(await style(toolbar.getByRole('button', { name: 'Camera', exact: true }))).toMatchObject({ background: pressed.background })

    // Camera off: unpressed, and it looks it (the slashed icon and a dashed edge say off).
    const camera = toolbar.getByRole('button', { name: 'Camera', exact: true })
    await camera.click()
    await expect.poll(() => camera.getAttribute('aria-pressed')).toBe('false')
    expect(await style(camera)).toMatchObject({ background: unpressed.background, color: unpressed.color })
    expect((await style(camera)).border).toMatch(/^dashed /)

    const hangUpStyle = await style(hangUp)
    expect(hangUpStyle.background).not.toBe(unpressed.background)
    expect(hangUpStyle.background).not.toBe(pressed.background)
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await page.context().close()
  })

  it('network-quality bars stay visible: lit bars differ from unlit ones and from the background', async () => {
    const page = await inCallForced()
    await page.getByRole('img', { name: 'Network quality: fair' }).waitFor()
    const bars = page.locator('.network-quality .bar')
    const lit = await style(bars.nth(0))
    const unlit = await style(bars.nth(4))
    const screen = await style(page.locator('.call-topbar'))
    expect(lit.background).not.toBe(unlit.background)
    expect(lit.background).not.toBe(screen.background)
    // An unlit bar keeps an outline in the text colour: five bars are always there to count.
    expect(unlit.border).toMatch(/^solid /)
    expect(unlit.border).not.toContain(unlit.background)
    await page.context().close()
  })
})

// The small call window during a group call: it shows whoever speaks (or spoke last), with
// their own name, camera and microphone, and how many others are in the call.
import { describe, expect, it } from 'vitest'
import { seriousAccessibilityViolations } from './support/axe'
import { alice, bob, carol, groupCallPhase, groupIdentities, memberScenario } from './support/fixtures'
import { attachCallMedia, setCallPhase } from './support/ui-harness'
import { useUiHarness } from './support/use-ui-harness'
import { setWindowAttention } from './support/window-attention'

const harness = useUiHarness()
const MEDIA_TIMEOUT_MS = 20_000

describe('the small call window in a group call', () => {
  it('shows the speaker, follows the next one, and stays on the last while nobody speaks', async () => {
    const phase = groupCallPhase([{ profile: bob, speaking: true }, { profile: carol, cameraOff: true, muted: true }])
    const page = await harness().open(memberScenario(Date.now(), { 'app:showMain': { ok: true } }), { attention: { visible: true, focused: true } })
    await page.getByRole('button', { name: `Call ${alice.name}`, exact: true }).click()
    await setCallPhase(page, phase)
    await attachCallMedia(page, groupIdentities(phase))
    await page.getByRole('list', { name: 'People in the call' }).waitFor()
    const popup = page.waitForEvent('popup', { timeout: 15_000 })
    await setWindowAttention(page, { visible: true, focused: false })
    const pip = await popup
    await pip.getByRole('toolbar', { name: 'Call controls' }).waitFor()

    expect(await pip.locator('.pip-peer').textContent()).toBe('Bob Dylan')
    expect(await pip.locator('.pip-others').textContent()).toBe('and 2 others')
    const bobVideo = pip.getByLabel('Video of Bob Dylan')
    await expect.poll(() => bobVideo.evaluate((video: HTMLVideoElement) => video.videoWidth), { timeout: MEDIA_TIMEOUT_MS }).toBeGreaterThan(0)
    // His stream, not the first participant's.
    expect(await bobVideo.evaluate((video: HTMLVideoElement) => (video.srcObject as MediaStream).id)).toBe(
      await page.locator('[data-identity="bob-identity"] video').evaluate((video: HTMLVideoElement) => (video.srcObject as MediaStream).id)
    )
    expect(await pip.getByRole('main').getAttribute('aria-label')).toBe('Group call with Alice Liddell, Bob Dylan, and Carol Danvers')

    // Carol speaks: her picture (camera off) and her muted badge.
    await setCallPhase(page, groupCallPhase([bob, { profile: carol, cameraOff: true, muted: true, speaking: true }]))
    await expect.poll(() => pip.locator('.pip-peer').textContent()).toBe('Carol Danvers')
    await pip.getByText('Camera is off', { exact: true }).waitFor()
    expect(await pip.locator('.pip-placeholder .avatar').textContent()).toBe('CD')
    await pip.locator('.pip-topbar').getByText('Muted').waitFor()
    // Silence: Carol stays.
    await setCallPhase(page, groupCallPhase([bob, { profile: carol, cameraOff: true, muted: true }]))
    await pip.waitForTimeout(100)
    expect(await pip.locator('.pip-peer').textContent()).toBe('Carol Danvers')
    expect(await seriousAccessibilityViolations(pip)).toEqual([])
    await page.context().close()
  })
})

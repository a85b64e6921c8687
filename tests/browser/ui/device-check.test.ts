// "Check your devices" in Chromium, with its fake camera and microphone and the fake bridge
// answering for main: before a call when the setting asks for it (Start call, Cancel), and
// from Settings; each check's result in words, and "Check again" asking the server anew.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { seriousAccessibilityViolations } from './support/axe'
import type { FakeScenario } from './support/fake-bridge'
import { defaultSettings, deviceCheckReplies, memberScenario } from './support/fixtures'
import { callMethods, emit, invocations } from './support/ui-harness'
import { useUiHarness } from './support/use-ui-harness'

const harness = useUiHarness()
const MEDIA_TIMEOUT_MS = 20_000

function checkScenario(replies: FakeScenario['replies'] = {}): FakeScenario {
  return memberScenario(Date.now(), {
    'settings:get': { ...defaultSettings, checkDevicesBeforeCall: true },
    ...deviceCheckReplies(),
    ...replies
  })
}

/** The result row of one check: its status word and what it says. */
async function result(page: Page, name: string): Promise<string> {
  const row = page.getByRole('list', { name: 'Results' }).getByRole('listitem').filter({ has: page.locator('.check-name', { hasText: name }) })
  return ((await row.textContent()) ?? '').replace(name, '').trim()
}

describe('checking devices before a call', () => {
  it('shows the camera and every result in words, then starts the call the user asked for', async () => {
    const page = await harness().open(checkScenario())
    await page.getByRole('button', { name: 'Call Alice Liddell', exact: true }).click()
    await page.getByRole('heading', { name: 'Check your devices', level: 1 }).waitFor()
    await page.getByText('Before calling Alice Liddell').waitFor()
    // Nothing rings while the user checks.
    expect((await callMethods(page)).filter((call) => call.method === 'call')).toEqual([])

    const preview = page.getByLabel('Camera preview')
    await expect.poll(() => preview.evaluate((video: HTMLVideoElement) => video.videoWidth), { timeout: MEDIA_TIMEOUT_MS }).toBeGreaterThan(0)
    await expect.poll(() => result(page, 'Camera')).toBe('OKYour camera works.')
    await expect.poll(() => result(page, 'Server')).toBe('OKThe server answers (42 ms).')
    expect(await result(page, 'Incoming calls')).toBe('OKConnected: calls can reach you.')
    // A server that gives no TURN server: said so, not called a failure.
    await expect.poll(() => result(page, 'Relay (TURN)')).toBe('OKNo TURN server configured — direct connections only.')
    expect(await invocations(page, 'video:getToken')).toEqual([{ minValidSeconds: 120 }])
    expect(await seriousAccessibilityViolations(page)).toEqual([])

    await page.getByRole('button', { name: 'Start call' }).click()
    await expect.poll(async () => (await callMethods(page)).filter((call) => call.method === 'call').map((call) => call.args[0])).toEqual(['alice'])
    await page.context().close()
  })

  it('Cancel goes back to the people without calling', async () => {
    const page = await harness().open(checkScenario())
    await page.getByRole('button', { name: 'Call Alice Liddell', exact: true }).click()
    await page.getByRole('button', { name: 'Cancel' }).click()
    await page.getByRole('list', { name: 'People' }).waitFor()
    expect((await callMethods(page)).filter((call) => call.method === 'call')).toEqual([])
    await page.context().close()
  })

  it('says what is wrong and what to do: a server that does not answer, calls that cannot reach you; Check again asks again', async () => {
    const page = await harness().open(checkScenario({ 'check:server': { reachable: false, reason: 'timeout' } }))
    await page.getByRole('button', { name: 'Call Alice Liddell', exact: true }).click()
    await expect.poll(() => result(page, 'Server')).toBe('ProblemThe server did not answer in time.Check your internet connection, VPN or proxy, then check again.')
    await emit(page, 'realtime:stateChanged', { state: 'failed' })
    await expect
      .poll(() => result(page, 'Incoming calls'))
      .toBe('ProblemNot connected: calls cannot reach you right now.Shoutit keeps trying. Check your internet connection, or sign out and in again.')
    const again = page.getByRole('button', { name: 'Check again' })
    await expect.poll(() => again.isEnabled()).toBe(true)
    await again.click()
    await expect.poll(async () => (await invocations(page, 'check:server')).length).toBe(2)
    await page.context().close()
  })
})

describe('checking devices from Settings', () => {
  it('opens from Settings and Done goes back there', async () => {
    const page = await harness().open(checkScenario({ 'settings:get': defaultSettings }))
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click()
    await page.getByRole('button', { name: 'Check devices' }).click()
    await page.getByRole('heading', { name: 'Check your devices', level: 1 }).waitFor()
    expect(await page.getByRole('button', { name: 'Start call' }).count()).toBe(0)
    await page.getByRole('button', { name: 'Done' }).click()
    await page.getByRole('button', { name: 'Check devices' }).waitFor()
    await page.context().close()
  })
})

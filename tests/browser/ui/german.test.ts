// The renderer in German: main says "de" (or, without an answer, the browser's language
// does), and the screens, the call and the ring window speak it, with German plurals,
// durations from Intl, and buttons that still fit. English stays the default elsewhere.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { seriousAccessibilityViolations } from './support/axe'
import { bob, german, type InCallPhase, inCallPhase, memberScenario, signedOut } from './support/fixtures'
import { emit, invocations, setCallPhase } from './support/ui-harness'
import { useUiHarness } from './support/use-ui-harness'

const harness = useUiHarness()

const inCall = (change: Partial<InCallPhase> = {}): InCallPhase => inCallPhase({ startedAt: Date.now() - 125_000, networkQuality: 4, ...change })

/** Horizontal overflow of the page: 0 when nothing sticks out sideways. */
const sidewaysOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)

async function expectInside(page: Page, names: string[], width: number, height: number): Promise<void> {
  for (const name of names) {
    const button = page.getByRole('button', { name, exact: true })
    const box = await button.boundingBox()
    expect(box, name).not.toBeNull()
    expect((box?.x ?? -1) >= 0 && (box?.x ?? 0) + (box?.width ?? 0) <= width, `${name} across`).toBe(true)
    expect((box?.y ?? 0) + (box?.height ?? 0) <= height, `${name} down`).toBe(true)
    // Its words are not cut off or spilling out of it.
    expect(await button.evaluate((element) => element.scrollWidth <= element.clientWidth + 1), `${name} text fits`).toBe(true)
  }
}

describe('the app in German', () => {
  it('signs in in German: headings, labels, buttons, the page language and title', async () => {
    const page = await harness().open({ ...memberScenario(), replies: { ...memberScenario().replies, ...german, 'session:get': signedOut } })
    await page.getByRole('heading', { name: 'Bei Shoutit anmelden' }).waitFor()
    await page.getByLabel('E-Mail oder Benutzername').waitFor()
    await page.getByLabel('Passwort').waitFor()
    for (const name of ['Anmelden', 'Als Gast fortfahren', 'Ich bin neu hier']) await page.getByRole('button', { name, exact: true }).waitFor()
    expect(await page.evaluate(() => [document.documentElement.lang, document.title])).toEqual(['de', 'Shoutit'])
    await page.getByRole('button', { name: 'Ich bin neu hier' }).click()
    await page.getByRole('heading', { name: 'Dein Shoutit-Konto erstellen' }).waitFor()
    await page.getByText('6 bis 30 Zeichen').waitFor()
    expect(await page.getByText('Sign in', { exact: false }).count()).toBe(0)
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await page.context().close()
  })

  it('lists people and recent calls with German plurals, durations and times', async () => {
    const page = await harness().open(memberScenario(Date.now(), german))
    await page.getByRole('heading', { name: 'Personen', level: 1 }).waitFor()
    await page.getByRole('button', { name: 'Alice Liddell anrufen', exact: true }).waitFor()
    await page.getByRole('button', { name: 'Bob Dylan zurückrufen' }).waitFor()
    await page.getByText('3 Personen').waitFor()
    await page.getByText('1 verpasster Anruf').waitFor()
    const recent = page.getByRole('list', { name: 'Letzte Anrufe' })
    // 65 s in German short units, from Intl (Chromium's DurationFormat); "vor 3 Stunden" from RelativeTimeFormat.
    await recent.getByText('Ausgehender Anruf, 1 Min., 5 Sek.').waitFor()
    await recent.getByText('vor 3 Stunden').waitFor()
    await recent.getByText('vor 5 Minuten').waitFor()
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0)
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await page.context().close()
  })

  it('runs a call in German, and every control fits, also at 200 % zoom', async () => {
    for (const [viewport, deviceScaleFactor] of [
      [{ width: 900, height: 680 }, 1],
      [{ width: 450, height: 340 }, 2]
    ] as const) {
      const page = await harness().open(memberScenario(Date.now(), german), { viewport, deviceScaleFactor })
      await page.getByRole('button', { name: 'Bob Dylan anrufen', exact: true }).click()
      await setCallPhase(page, { phase: 'ringing', peer: bob, attempt: 2, maxAttempts: 3, calleeOffline: false, muted: false, cameraOff: false })
      await page.getByRole('heading', { name: 'Bob Dylan wird angerufen' }).waitFor()
      await page.getByText('Klingelt…', { exact: true }).waitFor()
      await page.getByRole('button', { name: 'Abbrechen' }).waitFor()

      await setCallPhase(page, inCall({ peer: bob, muted: true }))
      const toolbar = page.getByRole('toolbar', { name: 'Anrufsteuerung' })
      await toolbar.waitFor()
      const names = ['Stummschalten', 'Kamera', 'Bildschirm teilen', 'Geräte', 'Auflegen']
      await expectInside(page, names, viewport.width, viewport.height)
      expect(await page.locator('.call-duration').getAttribute('aria-label')).toMatch(/^Anrufdauer 2 Minuten, \d+ Sekunden$/)
      await page.getByRole('img', { name: 'Netzwerkqualität: gut' }).waitFor()
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0)
      if (deviceScaleFactor === 1) expect(await seriousAccessibilityViolations(page)).toEqual([])

      await setCallPhase(page, { phase: 'ended', peer: bob, outcome: 'missed' })
      await page.getByRole('heading', { name: 'Bob Dylan hat nicht abgenommen' }).waitFor()
      await expectInside(page, ['Bob Dylan erneut anrufen', 'Schließen'], viewport.width, viewport.height)
      await page.context().close()
    }
  })

  it('switches language live from Settings, without a reload', async () => {
    const page = await harness().open(memberScenario())
    await page.getByRole('button', { name: 'Settings', exact: true }).click()
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor()
    await page.getByLabel('Language').selectOption('de')
    await expect.poll(() => invocations(page, 'settings:update')).toContainEqual({ language: 'de' })
    // What main does on that change: tell every window.
    await emit(page, 'app:languageChanged', { language: 'de', system: 'en' })
    await page.getByRole('heading', { name: 'Einstellungen', level: 1 }).waitFor()
    await page.getByRole('navigation').getByRole('button', { name: /^Personen/ }).waitFor()
    expect(await page.getByLabel('Sprache').inputValue()).toBe('de')
    await page.getByRole('option', { name: 'Wie das System (English)' }).waitFor({ state: 'attached' })
    await page.getByText('Gilt nach einem Neustart von Shoutit', { exact: false }).waitFor()
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('de')
    await page.getByRole('radio', { name: 'Dunkel' }).waitFor()
    await page.getByText('40 %').waitFor()
    await page.getByText('Angemeldet als Ada Lovelace (@ada).').waitFor()
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0)
    await page.context().close()
  })

  it("follows the browser's language when main does not say (an Austrian system)", async () => {
    const page = await harness().open(memberScenario(), { locale: 'de-AT' })
    await page.getByRole('heading', { name: 'Personen', level: 1 }).waitFor()
    await page.context().close()
    const french = await harness().open(memberScenario(), { locale: 'fr-FR' })
    await french.getByRole('heading', { name: 'People', level: 1 }).waitFor()
    await french.context().close()
  })

  it('rings in German, fitting the 360×220 ring window and reachable at 200 % zoom', async () => {
    const ring = { room: 'room-abcdefgh', callerIdentity: 'b'.repeat(32), caller: bob, kind: 'video' }
    const page = await harness().open(memberScenario(Date.now(), { ...german, 'ring:current': ring }), { view: 'ring', viewport: { width: 360, height: 220 } })
    await page.getByRole('heading', { name: 'Bob Dylan' }).waitFor()
    await page.getByText('Eingehender Videoanruf · @bob').waitFor()
    expect(await page.evaluate(() => document.title)).toBe('Eingehender Anruf — Shoutit')
    const overflow = await page.evaluate(() => ({
      x: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      y: document.documentElement.scrollHeight - document.documentElement.clientHeight
    }))
    expect(overflow).toEqual({ x: 0, y: 0 })
    await expectInside(page, ['Annehmen', 'Annehmen, nur Audio', 'Ablehnen'], 360, 220)
    await page.context().close()

    const zoomed = await harness().open(memberScenario(Date.now(), { ...german, 'ring:current': ring }), { view: 'ring', viewport: { width: 180, height: 110 }, deviceScaleFactor: 2 })
    await zoomed.getByRole('heading', { name: 'Bob Dylan' }).waitFor()
    expect(await sidewaysOverflow(zoomed)).toBeLessThanOrEqual(0)
    await zoomed.getByRole('button', { name: 'Annehmen', exact: true }).scrollIntoViewIfNeeded()
    await zoomed.getByRole('button', { name: 'Annehmen', exact: true }).click()
    await expect.poll(() => invocations(zoomed, 'ring:accept')).toEqual([{ room: ring.room }])
    await zoomed.getByRole('heading', { name: 'Angenommen' }).waitFor()
    await zoomed.context().close()
  })
})

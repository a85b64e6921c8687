// The app's screens in Chromium against a scripted main: what a user sees and can do when
// signed out, signed in, as a guest, and when main reports problems.
import type { Page } from 'playwright-core'
import type { Profile } from '../../../common/api'
import { describe, expect, it } from 'vitest'
import { ACCOUNT_LIMITS } from '../../../common/limits'
import { signInRefused } from '../../../renderer/ui/screens/accountErrors'
import { englishT } from '../../support/i18n'
import { seriousAccessibilityViolations } from './support/axe'
import { errorReply, type FakeBridgeControl } from './support/fake-bridge'
import { alice, bob, carol, guestSession, historyAt, me, memberScenario, memberSession, profile, signedOut } from './support/fixtures'
import { UNDO_CLEAR_MS } from '../../../renderer/ui/screens/RecentCalls'
import { callMethods, emit, invocations, setCallPhase } from './support/ui-harness'
import { useUiHarness } from './support/use-ui-harness'
import { setWindowAttention } from './support/window-attention'

const SIGN_IN_REFUSED = signInRefused(englishT)

const harness = useUiHarness()

async function closePage(page: Page): Promise<void> {
  await page.context().close()
}

describe('start-up', () => {
  it('says why it cannot start when main cannot read the session, and retries', async () => {
    const page = await harness().open(
      memberScenario(Date.now(), { 'session:get': errorReply({ code: 'internal', message: 'The secret store is locked.' }) })
    )
    await page.getByRole('alert').filter({ hasText: 'Shoutit could not start: The secret store is locked.' }).waitFor()
    await page.evaluate((session) => (window as unknown as { __fakeBridge: FakeBridgeControl }).__fakeBridge.setReply('session:get', session), memberSession)
    await page.getByRole('button', { name: 'Try again' }).click()
    await page.getByRole('heading', { name: 'People', level: 1 }).waitFor()
    await closePage(page)
  })
})

describe('sign-in screen', () => {
  it('signs in with a login and password and shows the people screen', async () => {
    const page = await harness().open(memberScenario(Date.now(), { 'session:get': signedOut, 'session:signIn': memberSession }))
    await page.getByRole('heading', { name: 'Sign in to Shoutit' }).waitFor()
    await page.getByLabel('E-mail or username').fill('ada')
    await page.getByLabel('Password').fill('secret-pass')
    await page.getByRole('button', { name: 'Sign in', exact: true }).click()
    await page.getByRole('heading', { name: 'People', level: 1 }).waitFor()
    expect(await invocations(page, 'session:signIn')).toEqual([{ login: 'ada', password: 'secret-pass' }])
    await closePage(page)
  })

  it('says the same for an unknown account and a wrong password, and stays on the form', async () => {
    const page = await harness().open(
      memberScenario(Date.now(), {
        'session:get': signedOut,
        'session:signIn': errorReply({ code: 'api_error', status: 400, reason: 'invalid', location: 'email', message: 'No account with this e-mail or username' })
      })
    )
    const shown: string[] = []
    await page.getByLabel('E-mail or username').fill('nobody')
    await page.getByLabel('Password').fill('wrong')
    await page.getByLabel('Password').press('Enter')
    shown.push(await page.getByRole('alert').innerText())
    await page.evaluate(
      (reply) => (window as unknown as { __fakeBridge: FakeBridgeControl }).__fakeBridge.setReply('session:signIn', reply),
      errorReply({ code: 'api_error', status: 400, reason: 'invalid', location: 'password', message: 'Wrong password' })
    )
    await page.getByLabel('E-mail or username').fill('ada')
    await page.getByLabel('Password').press('Enter')
    await expect.poll(async () => (await invocations(page, 'session:signIn')).length).toBe(2)
    shown.push(await page.getByRole('alert').innerText())
    expect(shown).toEqual([SIGN_IN_REFUSED, SIGN_IN_REFUSED])
    expect(await page.getByText(/No account|Wrong password/).count()).toBe(0)
    expect(await page.getByRole('heading', { name: 'Sign in to Shoutit' }).isVisible()).toBe(true)
    await closePage(page)
  })

  it("says in words when the server can't be reached, and Try again repeats the sign-in", async () => {
    const unreachable = "Can't reach the Shoutit server at 127.0.0.1:8787. Check your connection, or that the server is running."
    const page = await harness().open(memberScenario(Date.now(), { 'session:get': signedOut, 'session:signIn': errorReply({ code: 'network', message: unreachable }) }))
    await page.getByLabel('E-mail or username').fill('ada')
    await page.getByLabel('Password').fill('secret-pass')
    await page.getByRole('button', { name: 'Sign in', exact: true }).click()
    const alert = page.getByRole('alert').filter({ hasText: unreachable })
    await alert.waitFor()
    await page.evaluate((session) => (window as unknown as { __fakeBridge: FakeBridgeControl }).__fakeBridge.setReply('session:signIn', session), memberSession)
    await alert.getByRole('button', { name: 'Try again' }).click()
    await page.getByRole('heading', { name: 'People', level: 1 }).waitFor()
    expect(await invocations(page, 'session:signIn')).toEqual([
      { login: 'ada', password: 'secret-pass' },
      { login: 'ada', password: 'secret-pass' }
    ])
    await closePage(page)
  })

  it('switching between sign-in and sign-up drops the old error and keeps a username out of the e-mail field', async () => {
    const page = await harness().open(
      memberScenario(Date.now(), {
        'session:get': signedOut,
        'session:signIn': errorReply({ code: 'api_error', status: 400, reason: 'invalid', location: 'password', message: 'Wrong password' })
      })
    )
    await page.getByLabel('E-mail or username').fill('ada')
    await page.getByLabel('Password').fill('wrong')
    await page.getByLabel('Password').press('Enter')
    await page.getByRole('alert').filter({ hasText: SIGN_IN_REFUSED }).waitFor()
    await page.getByRole('button', { name: "I'm new here" }).click()
    await page.getByRole('heading', { name: 'Create your Shoutit account' }).waitFor()
    expect(await page.getByRole('alert').count()).toBe(0)
    expect(await page.getByLabel('E-mail', { exact: true }).inputValue()).toBe('')
    expect(await page.getByLabel('Password').inputValue()).toBe('')
    await page.getByRole('button', { name: 'I have an account' }).click()
    expect(await page.getByLabel('E-mail or username').inputValue()).toBe('ada')
    expect(await page.getByRole('alert').count()).toBe(0)
    await closePage(page)
  })

  it("gives every sign-up field the server's limits, and explains a refused field in words beside it", async () => {
    const page = await harness().open(
      memberScenario(Date.now(), {
        'session:get': signedOut,
        'session:signUp': errorReply({
          code: 'api_error',
          status: 400,
          reason: 'invalid',
          location: 'name',
          message: 'name: Too big: expected string to have <=60 characters'
        })
      })
    )
    await page.getByRole('button', { name: "I'm new here" }).click()
    const name = page.getByLabel('Your name')
    const email = page.getByLabel('E-mail', { exact: true })
    const password = page.getByLabel('Password')
    const limits = (field: typeof name) =>
      field.evaluate((input: HTMLInputElement) => ({ required: input.required, min: input.minLength, max: input.maxLength, type: input.type }))
    expect(await limits(name)).toEqual({ required: true, min: ACCOUNT_LIMITS.name.min, max: ACCOUNT_LIMITS.name.max, type: 'text' })
    expect(await limits(email)).toEqual({ required: true, min: -1, max: ACCOUNT_LIMITS.email.max, type: 'email' })
    expect(await limits(password)).toEqual({ required: true, min: ACCOUNT_LIMITS.password.min, max: ACCOUNT_LIMITS.password.max, type: 'password' })
    // The browser's own checks stop a too-short password before main is asked.
    await name.fill('Ada Lovelace')
    await email.fill('ada@example.com')
    await password.fill('12345')
    await page.getByRole('button', { name: 'Create account' }).click()
    expect(await password.evaluate((input: HTMLInputElement) => input.validity.tooShort || input.validity.valid === false)).toBe(true)
    expect(await invocations(page, 'session:signUp')).toEqual([])

    await password.fill('123456')
    await page.getByRole('button', { name: 'Create account' }).click()
    const explanation = page.getByRole('alert').filter({ hasText: `Enter your name, up to ${ACCOUNT_LIMITS.name.max} characters.` })
    await explanation.waitFor()
    expect(await name.getAttribute('aria-invalid')).toBe('true')
    expect((await name.getAttribute('aria-describedby'))?.split(' ')).toContain(await explanation.getAttribute('id'))
    await page.getByText(`Up to ${ACCOUNT_LIMITS.name.max} characters`, { exact: true }).waitFor()
    expect(await page.getByText(/Too big|expected string/).count()).toBe(0)
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await closePage(page)
  })

  it('signs up with name, e-mail and password', async () => {
    const page = await harness().open(memberScenario(Date.now(), { 'session:get': signedOut, 'session:signUp': memberSession }))
    await page.getByRole('button', { name: "I'm new here" }).click()
    await page.getByRole('heading', { name: 'Create your Shoutit account' }).waitFor()
    await page.getByLabel('Your name').fill('Ada Lovelace')
    await page.getByLabel('E-mail').fill('ada@example.com')
    await page.getByLabel('Password').fill('123456')
    await page.getByRole('button', { name: 'Create account' }).click()
    await page.getByRole('heading', { name: 'People', level: 1 }).waitFor()
    expect(await invocations(page, 'session:signUp')).toEqual([{ name: 'Ada Lovelace', email: 'ada@example.com', password: '123456' }])
    await closePage(page)
  })

  it('chooses a custom server address', async () => {
    const scenario = memberScenario(Date.now(), { 'session:get': signedOut })
    scenario.replies['servers:select'] = { ...(scenario.replies['servers:get'] as object), selected: 'custom', url: 'http://10.0.0.5:8080' }
    const page = await harness().open(scenario)
    await page.getByLabel('Shoutit server').selectOption('custom')
    await page.getByLabel('Server address').fill('http://10.0.0.5:8080')
    await page.getByRole('button', { name: 'Use this server' }).click()
    await page.getByText('Using http://10.0.0.5:8080').waitFor()
    expect(await invocations(page, 'servers:select')).toEqual([{ id: 'custom', url: 'http://10.0.0.5:8080' }])
    await closePage(page)
  })

  it('tells a would-be guest that calls need an account, and continues as guest', async () => {
    const page = await harness().open(memberScenario(Date.now(), { 'session:get': signedOut, 'session:continueAsGuest': guestSession }))
    await page.getByText('Guests can look around, but video calls need an account.').waitFor()
    await page.getByRole('button', { name: 'Continue as guest' }).click()
    await page.getByRole('heading', { name: 'People', level: 1 }).waitFor()
    await page.getByText('Video calls need an account.').waitFor()
    expect(await page.getByRole('button', { name: /^Call / }).count()).toBe(0)
    await closePage(page)
  })

  it('has no serious accessibility violations', async () => {
    const page = await harness().open(memberScenario(Date.now(), { 'session:get': { ...signedOut, reason: 'Your session expired.' } }))
    await page.getByRole('heading', { name: 'Sign in to Shoutit' }).waitFor()
    await page.getByRole('alert').filter({ hasText: 'Your session expired.' }).waitFor()
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await closePage(page)
  })
})

describe('people screen', () => {
  it('lists people with their online state and searches as the user types', async () => {
    const page = await harness().open(memberScenario())
    const people = page.getByRole('list', { name: 'People' })
    await people.getByText('Alice Liddell').waitFor()
    expect(await people.getByRole('listitem').count()).toBe(3)
    expect(await people.getByRole('listitem').filter({ hasText: 'Alice Liddell' }).getByText('Online').count()).toBe(1)
    expect(await people.getByRole('listitem').filter({ hasText: 'Bob Dylan' }).getByText('Offline').count()).toBe(1)
    // No presence known: no claim either way.
    expect(await people.getByRole('listitem').filter({ hasText: 'Carol' }).getByText(/Online|Offline/).count()).toBe(0)

    await page.getByLabel('Search people').fill('bo')
    await expect.poll(() => people.getByRole('listitem').count()).toBe(1)
    expect(await people.getByText('Bob Dylan').isVisible()).toBe(true)
    expect((await invocations(page, 'people:search')).at(-1)).toEqual({ search: 'bo', page: 1 })
    await closePage(page)
  })

  it('watches the people listed and follows their presence live: rows flip on main\'s presence:changed, with no new search', async () => {
    const page = await harness().open(memberScenario())
    const people = page.getByRole('list', { name: 'People' })
    await people.getByText('Alice Liddell').waitFor()
    const row = (name: string) => people.getByRole('listitem').filter({ hasText: name })
    const searches = (await invocations(page, 'people:search')).length

    // Main is asked to watch exactly the people listed.
    await expect.poll(async () => (await invocations(page, 'presence:watch')).at(-1)).toEqual({ profileIds: [alice.id, bob.id, carol.id] })
    await emit(page, 'presence:changed', { online: [bob.id], offline: [alice.id] })
    await row('Bob Dylan').getByText('Online').waitFor()
    await row('Alice Liddell').getByText('Offline').waitFor()
    await emit(page, 'presence:changed', { online: [carol.id], offline: [] })
    await row('Carol').getByText('Online').waitFor()
    expect(await invocations(page, 'people:search')).toHaveLength(searches)

    // Searching narrows the list: whoever left it is no longer watched, and what was heard
    // live about who stays still shows.
    await page.getByLabel('Search people').fill('bo')
    await expect.poll(async () => (await invocations(page, 'presence:watch')).at(-1)).toEqual({ profileIds: [bob.id] })
    await row('Bob Dylan').getByText('Online').waitFor()
    await closePage(page)
  })

  it('claims nobody online or offline while the app is offline, and shows presence again once connected', async () => {
    const page = await harness().open(memberScenario())
    const people = page.getByRole('list', { name: 'People' })
    const row = (name: string) => people.getByRole('listitem').filter({ hasText: name })
    await row('Alice Liddell').getByText('Online').waitFor()

    await emit(page, 'realtime:stateChanged', { state: 'unavailable' })
    await page.getByText(/^Offline: calls to you will not ring/).waitFor()
    await expect.poll(() => people.getByText(/^(Online|Offline)$/).count()).toBe(0)
    expect(await row('Alice Liddell').getByText('Status unknown').count()).toBe(1)
    expect(await row('Bob Dylan').getByText('Status unknown').count()).toBe(1)

    await emit(page, 'realtime:stateChanged', { state: 'connected' })
    await row('Alice Liddell').getByText('Online').waitFor()
    expect(await row('Bob Dylan').getByText('Offline').count()).toBe(1)
    expect(await people.getByText('Status unknown').count()).toBe(0)
    await closePage(page)
  })

  it('shows recent calls with outcomes and the missed count, and marks missed calls seen in a watched window', async () => {
    const page = await harness().open(memberScenario(), { attention: { visible: true, focused: true } })
    const recent = page.getByRole('list', { name: 'Recent calls' })
    await recent.getByText('Missed call').waitFor()
    expect(await recent.getByRole('listitem').first().textContent()).toContain('Bob Dylan')
    expect(await recent.getByText('Outgoing call, 1 min, 5 sec').count()).toBe(1)
    expect(await page.getByText('1 missed call').isVisible()).toBe(true)
    await expect.poll(async () => (await invocations(page, 'missed:markSeen')).length).toBe(1)
    await emit(page, 'missed:countChanged', { count: 0 })
    await expect.poll(() => page.getByText('1 missed call').count()).toBe(0)

    await emit(page, 'history:changed', [{ id: 'h9', direction: 'outgoing', peer: alice, startedAt: Date.now(), outcome: 'declined' }])
    await recent.getByText('Declined').waitFor()
    expect(await recent.getByRole('listitem').count()).toBe(1)
    await closePage(page)
  })

  it('offers Call back on incoming calls and Call again on outgoing ones', async () => {
    const page = await harness().open(memberScenario())
    const recent = page.getByRole('list', { name: 'Recent calls' })
    await recent.getByText('Missed call').waitFor()
    await emit(page, 'history:changed', [
      { id: 'h5', direction: 'outgoing', peer: alice, startedAt: Date.now(), outcome: 'answered', durationSeconds: 5 },
      { id: 'h6', direction: 'incoming', peer: bob, startedAt: Date.now() - 1_000, outcome: 'answered', durationSeconds: 5 },
      { id: 'h7', direction: 'incoming', peer: carol, startedAt: Date.now() - 2_000, outcome: 'missed' }
    ])
    await recent.getByRole('button', { name: 'Call again: Alice Liddell', exact: true }).waitFor()
    expect(await recent.getByRole('button').allTextContents()).toEqual(['Call again', 'Call back', 'Call back'])
    expect(await recent.getByRole('button', { name: 'Call back Bob Dylan', exact: true }).count()).toBe(1)
    expect(await recent.getByRole('button', { name: /^Call back Carol/ }).count()).toBe(1)
    expect(await recent.getByRole('button', { name: /^Call back Alice/ }).count()).toBe(0)
    await recent.getByRole('button', { name: 'Call again: Alice Liddell', exact: true }).click()
    await page.getByRole('heading', { name: 'Calling Alice Liddell' }).waitFor()
    await closePage(page)
  })

  it('dates calls of the day before as yesterday, and older ones by their date', async () => {
    const page = await harness().open(memberScenario())
    const noon = Date.UTC(2026, 11, 7, 12)
    await page.clock.setFixedTime(noon)
    const recent = page.getByRole('list', { name: 'Recent calls' })
    await recent.getByText('Missed call').waitFor()
    await emit(page, 'history:changed', [
      { id: 'h7', direction: 'outgoing', peer: alice, startedAt: noon - 27 * 3_600_000, outcome: 'declined' },
      { id: 'h8', direction: 'incoming', peer: bob, startedAt: noon - 3 * 86_400_000, outcome: 'missed' }
    ])
    expect(await recent.getByRole('listitem').filter({ hasText: 'Alice Liddell' }).locator('time').textContent()).toBe('yesterday')
    expect(await recent.getByRole('listitem').filter({ hasText: 'Bob Dylan' }).locator('time').textContent()).toBe('Dec 4, 2026')
    await closePage(page)
  })

  it('offers Undo after Clear call history: main brings the calls back; the offer ends after a while unless held', async () => {
    const now = Date.now()
    const page = await harness().open(memberScenario(now))
    await page.clock.install()
    const recent = page.getByRole('list', { name: 'Recent calls' })
    const undo = page.getByRole('button', { name: 'Undo' })
    const cleared = page.getByRole('status').filter({ hasText: 'Call history cleared.' })
    await recent.getByText('Missed call').waitFor()

    await page.getByRole('button', { name: 'Clear call history' }).click()
    await expect.poll(async () => (await invocations(page, 'history:clear')).length).toBe(1)
    await emit(page, 'history:changed', [])
    await cleared.waitFor()
    expect(await undo.evaluate((button) => button === document.activeElement)).toBe(true)
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    // Focus on Undo holds the offer.
    await page.clock.runFor(3 * UNDO_CLEAR_MS)
    await undo.click()
    await expect.poll(async () => (await invocations(page, 'history:restoreCleared')).length).toBe(1)
    expect(await cleared.count()).toBe(0)
    expect(await page.getByRole('heading', { name: 'Recent calls' }).evaluate((heading) => heading === document.activeElement)).toBe(true)
    await emit(page, 'history:changed', historyAt(now))
    await recent.getByText('Missed call').waitFor()

    // Left alone, the offer goes: nothing is restored.
    await page.getByRole('button', { name: 'Clear call history' }).click()
    await emit(page, 'history:changed', [])
    await cleared.waitFor()
    await undo.evaluate((button) => button.blur())
    await page.mouse.move(1, 1)
    await page.clock.runFor(UNDO_CLEAR_MS - 500)
    expect(await cleared.count()).toBe(1)
    await page.clock.runFor(1_000)
    await expect.poll(() => cleared.count()).toBe(0)
    expect(await invocations(page, 'history:restoreCleared')).toHaveLength(1)
    await page.getByText('No calls yet.').waitFor()
    await closePage(page)
  })

  it('marks missed calls seen only while the people screen is shown in a visible, focused window', async () => {
    const page = await harness().open(memberScenario(), { attention: { visible: false, focused: false } })
    const markSeenCount = async () => (await invocations(page, 'missed:markSeen')).length
    // An absence can only be checked after giving the page time to act.
    const settle = () => page.waitForTimeout(200)
    await page.getByRole('list', { name: 'Recent calls' }).getByText('Missed call').waitFor()
    await settle()
    expect(await markSeenCount()).toBe(0)

    await setWindowAttention(page, { visible: true, focused: false })
    await settle()
    expect(await markSeenCount()).toBe(0)
    await setWindowAttention(page, { visible: false, focused: true })
    await settle()
    expect(await markSeenCount()).toBe(0)
    expect(await page.getByText('1 missed call').count()).toBe(1)

    await setWindowAttention(page, { visible: true, focused: true })
    await expect.poll(markSeenCount).toBe(1)
    await emit(page, 'missed:countChanged', { count: 0 })

    // A call missed while the user is in another window waits for them to come back.
    await setWindowAttention(page, { visible: true, focused: false })
    await emit(page, 'missed:countChanged', { count: 1 })
    await page.getByText('1 missed call').waitFor()
    await settle()
    expect(await markSeenCount()).toBe(1)
    await setWindowAttention(page, { visible: true, focused: true })
    await expect.poll(markSeenCount).toBe(2)
    await emit(page, 'missed:countChanged', { count: 0 })

    // Other screens do not list calls: nothing is seen until People is shown again.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click()
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor()
    await emit(page, 'missed:countChanged', { count: 1 })
    await settle()
    expect(await markSeenCount()).toBe(2)
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /^People/ }).click()
    await expect.poll(markSeenCount).toBe(3)
    await closePage(page)
  })

  it('keeps long names on one line with an ellipsis, and the whole name in the title, in the header, the lists and the call', async () => {
    // As long as a name can be (the server's limit, 60 characters): longer ones never reach the screen whole.
    const longName = 'Maximiliana Wilhelmina Konstantinopolous-Featherstonehaugh W'
    expect(longName).toHaveLength(60)
    const long = profile('maxi', longName, { is_online: true })
    const scenario = memberScenario(Date.now(), {
      'session:get': { ...memberSession, profile: { ...me, name: longName, is_guest: false, email: 'ada@example.com' } },
      'history:list': [{ id: 'h1', direction: 'incoming', peer: long, startedAt: Date.now() - 60_000, outcome: 'missed' }]
    })
    scenario.people = [long, alice]
    const page = await harness().open(scenario, { viewport: { width: 900, height: 680 } })
    await page.getByRole('list', { name: 'People' }).getByText(longName).waitFor()
    /** The element's height in lines, whether its text is cut, and its title. */
    const measure = (selector: string) =>
      page.locator(selector).evaluateAll((elements) =>
        elements.map((element) => ({
          lines: Math.round(element.getBoundingClientRect().height / parseFloat(getComputedStyle(element).lineHeight)),
          cut: element.scrollWidth > element.clientWidth,
          title: element.getAttribute('title')
        }))
      )
    const oneLineCut = { lines: 1, cut: true, title: longName }
    expect(await measure('.app-header .me-name')).toEqual([oneLineCut])
    expect(await measure('.person-list .person-name')).toEqual([oneLineCut, { lines: 1, cut: false, title: 'Alice Liddell' }])
    expect(await measure('.call-list .person-name')).toEqual([oneLineCut])
    // The header stays one row: brand, navigation and the name side by side.
    const header = await page.locator('.app-header').boundingBox()
    const brand = await page.locator('.app-header .brand').boundingBox()
    expect(header?.height ?? 0).toBeLessThan(2 * (brand?.height ?? 0) + 40)

    await page.getByRole('button', { name: `Call ${longName}`, exact: true }).click()
    await setCallPhase(page, {
      phase: 'in-call',
      peer: long,
      startedAt: Date.now(),
      reconnecting: false,
      networkQuality: 4,
      muted: false,
      cameraOff: false,
      sharingScreen: false,
      remote: { audioMuted: false, videoOff: false, reconnecting: false },
      participants: [{ identity: 'long-identity', remote: { audioMuted: false, videoOff: false, reconnecting: false }, speaking: false }],
      invitations: []
    })
    await page.locator('.call-peer').waitFor()
    // The call's top bar is wide enough for a longest name at this size: one line, nothing cut.
    expect(await measure('.call-peer')).toEqual([{ ...oneLineCut, cut: false }])
    const peer = await page.locator('.call-peer').boundingBox()
    const duration = await page.locator('.call-duration').boundingBox()
    // The duration sits beside the name, not on a line of its own.
    expect(Math.abs((peer?.y ?? 0) - (duration?.y ?? 100))).toBeLessThan(10)
    await closePage(page)
  })

  it('shows a search error clearly instead of an empty list', async () => {
    const page = await harness().open(
      memberScenario(Date.now(), { 'people:search': errorReply({ code: 'network', message: 'The server cannot be reached.' }) })
    )
    await page.getByRole('alert').filter({ hasText: 'Could not search: The server cannot be reached.' }).waitFor()
    await closePage(page)
  })

  it('searches again when the connection comes back, or when the user asks', async () => {
    const page = await harness().open(
      memberScenario(Date.now(), { 'people:search': errorReply({ code: 'network', message: 'The server cannot be reached.' }) })
    )
    const failure = page.getByRole('alert').filter({ hasText: 'Could not search' })
    await failure.waitFor()
    const found = (people: Profile[]) => ({ count: people.length, next: null, previous: null, results: people })
    const setReply = (reply: unknown) =>
      page.evaluate((value) => (window as unknown as { __fakeBridge: FakeBridgeControl }).__fakeBridge.setReply('people:search', value), reply)
    await setReply(found([alice]))
    // Still reconnecting: no point asking yet.
    await emit(page, 'realtime:stateChanged', { state: 'connecting' })
    await page.waitForTimeout(200)
    expect(await failure.count()).toBe(1)
    await emit(page, 'realtime:stateChanged', { state: 'connected' })
    await page.getByRole('button', { name: 'Call Alice Liddell', exact: true }).waitFor()
    expect(await failure.count()).toBe(0)

    await setReply(errorReply({ code: 'network', message: 'The server cannot be reached.' }))
    await page.getByRole('searchbox', { name: 'Search people' }).fill('bo')
    await failure.waitFor()
    await setReply(found([bob]))
    await page.getByRole('button', { name: 'Try again' }).click()
    await page.getByRole('button', { name: 'Call Bob Dylan', exact: true }).waitFor()
    await closePage(page)
  })

  it("shows main's notices as toasts, and connection and video-token problems as banners", async () => {
    const page = await harness().open(memberScenario())
    await page.getByRole('heading', { name: 'People', level: 1 }).waitFor()
    await emit(page, 'notice', { level: 'error', message: 'Could not reach the server.' })
    await page.getByRole('alert').getByText('Could not reach the server.').waitFor()
    await page.getByRole('button', { name: 'Dismiss notice' }).click()
    await expect.poll(() => page.getByText('Could not reach the server.').count()).toBe(0)

    await emit(page, 'realtime:stateChanged', { state: 'connecting' })
    await page.getByText(/^Reconnecting…/).waitFor()
    await emit(page, 'realtime:stateChanged', { state: 'connected' })
    await expect.poll(() => page.getByText(/^Reconnecting…/).count()).toBe(0)

    await emit(page, 'video:tokenStateChanged', { state: 'failed', error: 'the server refused' })
    await page.getByText('Video calls are unavailable: Shoutit could not get video access (the server refused).').waitFor()
    await closePage(page)
  })

  it('warns once that the sign-in will not survive a restart when there is no keyring', async () => {
    const warning = 'No keyring is available: you will have to sign in again after a restart.'
    const page = await harness().open(memberScenario(Date.now(), { 'session:get': { ...memberSession, storage: { persistent: false, backend: 'memory', warning } } }))
    await page.getByText(warning).waitFor()
    await page.getByRole('button', { name: 'Got it' }).click()
    await expect.poll(() => page.getByText(warning).count()).toBe(0)
    await closePage(page)
  })

  it('offers a ready update with a restart button, and hides it during a call', async () => {
    const page = await harness().open(memberScenario())
    await page.getByRole('heading', { name: 'People', level: 1 }).waitFor()
    await emit(page, 'update:stateChanged', { state: 'ready', version: '0.2.0' })
    await page.getByText('Shoutit 0.2.0 is ready. Restart when it suits you.').waitFor()
    await page.getByRole('button', { name: 'Restart now' }).click()
    await expect.poll(async () => (await invocations(page, 'update:installNow')).length).toBe(1)
    await page.getByRole('button', { name: 'Call Alice Liddell', exact: true }).click()
    await page.getByRole('heading', { name: 'Calling Alice Liddell' }).waitFor()
    expect(await page.getByRole('button', { name: 'Restart now' }).count()).toBe(0)
    await closePage(page)
  })

  it('asks before a deep-linked call and calls only when confirmed', async () => {
    const page = await harness().open(memberScenario())
    await page.getByRole('heading', { name: 'People', level: 1 }).waitFor()
    await emit(page, 'navigate', { to: 'call', username: 'bob', confirm: true })
    const dialog = page.getByRole('dialog', { name: 'Call Bob Dylan?' })
    await dialog.waitFor()
    await page.keyboard.press('Escape')
    await expect.poll(() => dialog.count()).toBe(0)
    expect(await page.evaluate(() => (window as unknown as { __fakeCall: { loads(): number } }).__fakeCall.loads())).toBe(0)

    await emit(page, 'navigate', { to: 'call', username: 'bob', confirm: true })
    await dialog.getByRole('button', { name: 'Call', exact: true }).click()
    await page.getByRole('heading', { name: 'Calling Bob Dylan' }).waitFor()
    await closePage(page)
  })

  it('starts a voice call, without asking, from the missed-call notification\'s "Voice call back"', async () => {
    const page = await harness().open(memberScenario())
    await page.getByRole('heading', { name: 'People', level: 1 }).waitFor()
    await emit(page, 'navigate', { to: 'call', username: 'bob', confirm: false, video: false })
    await page.getByRole('heading', { name: 'Calling Bob Dylan' }).waitFor()
    expect(await callMethods(page)).toEqual([{ method: 'call', args: ['bob', { video: false }] }])
    await closePage(page)
  })

  it("refuses a guest's call from a deep link with an explanation", async () => {
    const page = await harness().open(memberScenario(Date.now(), { 'session:get': guestSession }))
    await page.getByRole('heading', { name: 'People', level: 1 }).waitFor()
    await emit(page, 'navigate', { to: 'call', username: 'bob', confirm: false })
    await page.getByText('Video calls need an account. Create one to call people.').waitFor()
    expect(await page.evaluate(() => (window as unknown as { __fakeCall: { loads(): number } }).__fakeCall.loads())).toBe(0)
    await closePage(page)
  })

  it('has no serious accessibility violations, with banners and a missed call showing', async () => {
    const page = await harness().open(memberScenario())
    await page.getByRole('list', { name: 'People' }).waitFor()
    await emit(page, 'realtime:stateChanged', { state: 'failed' })
    await emit(page, 'notice', { level: 'info', message: 'Welcome back.' })
    await page.getByText('Welcome back.').waitFor()
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await closePage(page)
  })

  it('keeps contrast and labels in the dark colour scheme too', async () => {
    const page = await harness().open(memberScenario(), { colorScheme: 'dark' })
    await page.getByRole('list', { name: 'Recent calls' }).waitFor()
    await emit(page, 'video:tokenStateChanged', { state: 'retrying', error: 'timeout' })
    await emit(page, 'notice', { level: 'warning', message: 'Your camera is in use.' })
    await page.getByText('Your camera is in use.').waitFor()
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await page.getByRole('button', { name: 'Settings' }).click()
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor()
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await closePage(page)
  })

  it('works by keyboard alone: Tab reaches the search field and a call button, with a visible focus ring', async () => {
    const page = await harness().open(memberScenario())
    await page.getByRole('list', { name: 'People' }).waitFor()
    const reached: string[] = []
    for (let step = 0; step < 12; step++) {
      await page.keyboard.press('Tab')
      reached.push(await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent ?? ''))
      if (reached.at(-1) === 'Call Alice Liddell') break
    }
    expect(reached).toContain('Call Alice Liddell')
    const outline = await page.evaluate(() => {
      const style = getComputedStyle(document.activeElement as Element)
      return { width: style.outlineWidth, style: style.outlineStyle }
    })
    expect(outline.style).toBe('solid')
    expect(parseFloat(outline.width)).toBeGreaterThanOrEqual(2)
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { name: 'Calling Alice Liddell' }).waitFor()
    await closePage(page)
  })

  it('reflows at 200 % zoom: nothing scrolls sideways on people, settings or sign-in, and the controls stay on screen', async () => {
    // A 1280×800 window at 200 % zoom lays out like a 640×400 one.
    const page = await harness().open(memberScenario(), { viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 })
    await page.getByRole('list', { name: 'People' }).waitFor()
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
    expect(overflow).toBeLessThanOrEqual(0)
    const call = page.getByRole('button', { name: 'Call Bob Dylan', exact: true })
    const box = await call.boundingBox()
    expect(box).not.toBeNull()
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(640)

    await page.getByRole('button', { name: 'Settings' }).click()
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor()
    await page.getByLabel('Camera preview').waitFor()
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0)
    await closePage(page)

    const signIn = await harness().open(memberScenario(Date.now(), { 'session:get': signedOut }), { viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 })
    await signIn.getByRole('heading', { name: 'Sign in to Shoutit' }).waitFor()
    expect(await signIn.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0)
    await closePage(signIn)
  })
})

describe('settings screen', () => {
  it('saves call settings and lists devices with a live preview', async () => {
    const page = await harness().open(memberScenario())
    await page.getByRole('button', { name: 'Settings' }).click()
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor()
    await page.getByLabel(/Do not disturb/).check()
    await expect.poll(async () => (await invocations(page, 'settings:update')).at(-1)).toEqual({ doNotDisturb: true })
    const toggle = page.getByRole('button', { name: 'Do not disturb' })
    await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('true')
    await toggle.click()
    await expect.poll(async () => (await invocations(page, 'settings:update')).at(-1)).toEqual({ doNotDisturb: false })
    await expect.poll(() => page.getByLabel(/Do not disturb:/).isChecked()).toBe(false)

    // Chromium's fake devices appear once the preview has permission.
    const camera = page.getByLabel('Camera', { exact: true })
    await expect.poll(() => camera.locator('option').count()).toBeGreaterThan(1)
    const cameraId = await camera.locator('option').nth(1).getAttribute('value')
    await camera.selectOption(cameraId ?? '')
    await expect.poll(async () => (await invocations(page, 'settings:update')).at(-1)).toEqual({ cameraId })
    await expect
      .poll(() => page.getByRole('region', { name: /Camera, microphone/ }).locator('video').evaluate((video: HTMLVideoElement) => video.videoWidth))
      .toBeGreaterThan(0)
    expect(await page.getByLabel('Speaker', { exact: true }).isVisible()).toBe(true)
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await closePage(page)
  })

  it('has noise suppression on by default among the devices, and saves it when switched off', async () => {
    const page = await harness().open(memberScenario())
    await page.getByRole('button', { name: 'Settings' }).click()
    const box = page.getByRole('region', { name: /Camera, microphone/ }).getByRole('checkbox', { name: 'Suppress background noise (fans, typing, traffic)' })
    expect(await box.isChecked()).toBe(true)
    await box.uncheck()
    await expect.poll(async () => (await invocations(page, 'settings:update')).at(-1)).toEqual({ noiseSuppression: false })
    await expect.poll(() => box.isChecked()).toBe(false)
    await closePage(page)
  })

  it('chooses the ringtone and its volume, tests it, and turns missed-call notifications off', async () => {
    const page = await harness().open(memberScenario())
    await page.addInitScript(trackTones)
    await page.reload()
    await page.getByRole('button', { name: 'Settings' }).click()
    const ringtone = page.getByLabel('Ringtone', { exact: true })
    expect(await ringtone.inputValue()).toBe('classic')
    await ringtone.selectOption('chime')
    await expect.poll(async () => (await invocations(page, 'settings:update')).at(-1)).toEqual({ ringtone: 'chime' })
    const volume = page.getByRole('slider', { name: 'Ringtone volume' })
    await volume.fill('70')
    await expect.poll(async () => (await invocations(page, 'settings:update')).at(-1)).toEqual({ ringtoneVolume: 70 })
    await page.getByText('70%').waitFor()

    // Test plays the chosen tone (chime: 659 and 988 Hz) until Stop.
    const test = page.getByRole('button', { name: 'Test ringtone' })
    await test.click()
    const stop = page.getByRole('button', { name: 'Stop ringtone' })
    expect(await stop.getAttribute('aria-pressed')).toBe('true')
    await expect.poll(() => tones(page)).toEqual([{ state: 'running', frequencies: [659, 988] }])
    await stop.click()
    await expect.poll(() => tones(page)).toEqual([{ state: 'closed', frequencies: [659, 988] }])
    await test.waitFor()

    const notifications = page.getByRole('checkbox', { name: 'Show a notification for each missed call' })
    expect(await notifications.isChecked()).toBe(true)
    await notifications.uncheck()
    await expect.poll(async () => (await invocations(page, 'settings:update')).at(-1)).toEqual({ missedCallNotifications: false })
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await closePage(page)
  })

  it('offers System, Light and Dark themes, and shows the version main reports in About', async () => {
    const page = await harness().open(memberScenario(Date.now(), { 'app:about': { name: 'Shoutit', version: '9.8.7' } }))
    await page.getByRole('button', { name: 'Settings' }).click()
    const theme = page.getByRole('group', { name: 'Theme' })
    expect(await theme.getByRole('radio', { name: 'Same as the system' }).isChecked()).toBe(true)
    await theme.getByRole('radio', { name: 'Dark' }).check()
    await expect.poll(async () => (await invocations(page, 'settings:update')).at(-1)).toEqual({ theme: 'dark' })
    await expect.poll(() => theme.getByRole('radio', { name: 'Dark' }).isChecked()).toBe(true)
    const about = page.getByRole('region', { name: 'About' })
    await about.getByText('9.8.7').waitFor()
    expect(await about.textContent()).toMatch(/Shoutit version 9\.8\.7/)
    expect(await invocations(page, 'app:about')).toEqual([{}])
    await closePage(page)
  })

  it('turns hardware acceleration off and says it applies after a restart', async () => {
    const page = await harness().open(memberScenario())
    await page.getByRole('button', { name: 'Settings' }).click()
    const acceleration = page.getByRole('checkbox', { name: 'Use hardware acceleration' })
    expect(await acceleration.isChecked()).toBe(true)
    expect(await acceleration.getAttribute('aria-describedby')).not.toBeNull()
    const note = page.locator(`[id="${await acceleration.getAttribute('aria-describedby')}"]`)
    expect(await note.textContent()).toMatch(/Applies after Shoutit restarts/)
    await acceleration.uncheck()
    await expect.poll(async () => (await invocations(page, 'settings:update')).at(-1)).toEqual({ hardwareAcceleration: false })
    await expect.poll(() => acceleration.isChecked()).toBe(false)
    await closePage(page)
  })

  it('follows devicechange: a device that appears is listed without reopening the screen', async () => {
    const page = await harness().open(memberScenario())
    await page.getByRole('button', { name: 'Settings' }).click()
    const microphone = page.getByLabel('Microphone', { exact: true })
    await expect.poll(() => microphone.locator('option').count()).toBeGreaterThan(1)
    const before = await microphone.locator('option').count()
    await page.evaluate(() => {
      const original = navigator.mediaDevices.enumerateDevices.bind(navigator.mediaDevices)
      navigator.mediaDevices.enumerateDevices = async () => [
        ...(await original()),
        { deviceId: 'usb-headset', groupId: 'usb', kind: 'audioinput', label: 'USB headset', toJSON: () => ({}) } as MediaDeviceInfo
      ]
      navigator.mediaDevices.dispatchEvent(new Event('devicechange'))
    })
    await expect.poll(() => microphone.locator('option').count()).toBe(before + 1)
    expect(await microphone.locator('option', { hasText: 'USB headset' }).count()).toBe(1)
    await closePage(page)
  })

  it('signs out', async () => {
    const page = await harness().open(memberScenario())
    await page.getByRole('button', { name: 'Settings' }).click()
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.getByRole('heading', { name: 'Sign in to Shoutit' }).waitFor()
    await closePage(page)
  })
})

/** Records each AudioContext the page opens and the oscillator frequencies it plays. */
function trackTones(): void {
  const Original = window.AudioContext
  const opened: Array<{ context: AudioContext; frequencies: number[] }> = []
  class Tracked extends Original {
    constructor(options?: AudioContextOptions) {
      super(options)
      const entry = { context: this as AudioContext, frequencies: [] as number[] }
      opened.push(entry)
      const create = this.createOscillator.bind(this)
      this.createOscillator = () => {
        const oscillator = create()
        queueMicrotask(() => entry.frequencies.push(oscillator.frequency.value))
        return oscillator
      }
    }
  }
  Object.assign(window, { AudioContext: Tracked, __tones: opened })
}

/** The contexts that played tones (the microphone level meter opens one that plays none). */
function tones(page: Page): Promise<Array<{ state: string; frequencies: number[] }>> {
  return page.evaluate(() =>
    (window as unknown as { __tones: Array<{ context: AudioContext; frequencies: number[] }> }).__tones
      .filter(({ frequencies }) => frequencies.length > 0)
      .map(({ context, frequencies }) => ({ state: context.state, frequencies: [...frequencies].sort((a, b) => a - b) }))
  )
}


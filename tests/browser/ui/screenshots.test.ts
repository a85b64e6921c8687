// A picture of every screen a person meets, saved to test-results/screenshots/<screen>.png
// (see README.md), compared pixel by pixel with its committed baseline in baselines/, and
// checked with axe while it is shown. Adding a screen is one entry in SCREENS (its file name,
// the window size, and how to reach it from a fresh page), then `npm run screenshots:update`
// to write its baseline. Pages render deterministically: fixed fonts, a still camera, a
// silent microphone, UTC, and `Date` standing still at PICTURE_TIME.
import type { Page } from 'playwright-core'
import { afterAll, describe, expect, it } from 'vitest'
import type { CallRecord } from '../../../common/calls'
import type { CallPhase } from '../../../renderer/calling/controller-types'
import { seriousAccessibilityViolations } from './support/axe'
import { errorReply, type FakeScenario } from './support/fake-bridge'
import { alice, bob, carol, dave, defaultSettings, deviceCheckReplies, erin, frank, german, groupCallPhase, groupIdentities, type InCallPhase, inCallPhase, memberScenario, profile, SAMPLE_STATS, signedOut } from './support/fixtures'
import { BASELINE_DIR, matchBaseline, PICTURE_TIME, saveScreenshot, SCREENSHOT_DIR, updatingBaselines } from './support/screenshots'
import { attachCallMedia, emit, setCallPhase, setCallStats, type OpenOptions } from './support/ui-harness'
import { useUiHarness } from './support/use-ui-harness'
import { setWindowAttention } from './support/window-attention'
import { PIP_HEIGHT, PIP_WIDTH } from '../../../common/pip'

const harness = useUiHarness({ deterministic: { fixedTime: PICTURE_TIME } })

/** The main window's default size, and the ring window's. */
const WINDOW = { viewport: { width: 1100, height: 740 } }
const SMALL_WINDOW = { viewport: { width: 900, height: 680 } }
/** Windows High Contrast, as Chromium emulates it. */
const FORCED_COLORS: OpenOptions = { ...WINDOW, forcedColors: true }
const ZOOMED_200 = { viewport: { width: 450, height: 340 }, deviceScaleFactor: 2 }
const RING_WINDOW = { view: 'ring', viewport: { width: 360, height: 220 } } as const

/** Chromium's fake camera can take a while to deliver a first frame on a busy machine. */
const MEDIA_TIMEOUT_MS = 20_000
// Pages see PICTURE_TIME as now; so do the fixtures.
const now = PICTURE_TIME
const ring = { room: 'room-abcdefgh', callerIdentity: 'b'.repeat(32), caller: bob, kind: 'video' }
const inCall = (change: Partial<InCallPhase> = {}): CallPhase => inCallPhase({ startedAt: now - 754_000, networkQuality: 4, ...change })
const longHistory: CallRecord[] = [
  { id: 'h1', direction: 'incoming', peer: bob, startedAt: now - 4 * 60_000, outcome: 'missed' },
  { id: 'h2', direction: 'outgoing', peer: alice, startedAt: now - 3 * 3_600_000, outcome: 'answered', durationSeconds: 754 },
  { id: 'h3', direction: 'incoming', peer: carol, startedAt: now - 5 * 3_600_000, outcome: 'answered', durationSeconds: 65 },
  { id: 'h4', direction: 'outgoing', peer: bob, startedAt: now - 26 * 3_600_000, outcome: 'declined' },
  { id: 'h5', direction: 'outgoing', peer: carol, startedAt: now - 50 * 3_600_000, outcome: 'busy' },
  {
    id: 'h6',
    direction: 'incoming',
    peer: profile('maxi', 'Maximiliana Wilhelmina Konstantinopolous-Featherstonehaugh'),
    startedAt: now - 80 * 3_600_000,
    outcome: 'cancelled'
  }
]

async function open(scenario: FakeScenario, options: OpenOptions, ready: (page: Page) => Promise<unknown>): Promise<Page> {
  const page = await harness().open(scenario, options)
  await ready(page)
  return page
}
const heading = (name: string) => (page: Page) => page.getByRole('heading', { name, level: 1 }).waitFor()
const signedOutScreen = (options: OpenOptions = WINDOW, replies: FakeScenario['replies'] = {}) =>
  open(memberScenario(now, { 'session:get': signedOut, ...replies }), options, heading('Sign in to Shoutit'))
const peopleScreen = (options: OpenOptions = WINDOW, replies: FakeScenario['replies'] = {}) =>
  open(memberScenario(now, replies), options, (page) => page.getByRole('list', { name: 'People' }).waitFor())

/** Calls Alice from the people screen and puts the call in `phase`, with moving video when in the call. */
async function inCallWith(phase: CallPhase, options: OpenOptions = WINDOW, after?: (page: Page) => Promise<unknown>, replies: FakeScenario['replies'] = {}): Promise<Page> {
  const page = await peopleScreen(options, replies)
  await page.getByRole('button', { name: 'Call Alice Liddell', exact: true }).click()
  await setCallPhase(page, phase)
  if (phase.phase === 'ended') {
    // The end screen, not the call chunk's loading fallback, is what the picture is of.
    await page.getByRole('button', { name: `Call ${phase.peer.name} again`, exact: true }).waitFor()
    // Time stands still and the pointer is away, so the picture shows the screen as it waits to close.
    await page.clock.install()
    await page.mouse.move(0, 0)
  } else {
    await attachCallMedia(page)
    const video = phase.phase === 'in-call' ? page.getByLabel('Video of Alice Liddell') : page.getByLabel('Your camera')
    await expect.poll(() => video.evaluate((element: HTMLVideoElement) => element.videoWidth), { timeout: MEDIA_TIMEOUT_MS }).toBeGreaterThan(0)
  }
  await after?.(page)
  return page
}

/** A group call reached from the people screen, every participant with moving video; `after` takes it on (the speaker view, Add people). */
async function groupCallWith(phase: InCallPhase, options: OpenOptions = WINDOW, after?: (page: Page) => Promise<unknown>, replies: FakeScenario['replies'] = {}): Promise<Page> {
  const page = await harness().open({ ...memberScenario(now, replies), people: [alice, bob, carol, dave, erin, frank] }, options)
  await page.getByRole('list', { name: replies['app:language'] ? 'Personen' : 'People' }).waitFor()
  await page.locator('.call-button').first().click()
  await setCallPhase(page, phase)
  await attachCallMedia(page, groupIdentities(phase))
  for (const participant of phase.participants.filter((member) => !member.remote.videoOff)) {
    const video = page.locator(`[data-identity="${participant.identity}"] video`)
    await expect.poll(() => video.evaluate((element: HTMLVideoElement) => element.videoWidth), { timeout: MEDIA_TIMEOUT_MS }).toBeGreaterThan(0)
  }
  await after?.(page)
  return page
}
const groupOfThree = () => inCall({ ...groupCallPhase([{ profile: bob, speaking: true }]), startedAt: now - 754_000, networkQuality: 4 }) as InCallPhase
const groupOfSix = () =>
  inCall({
    ...groupCallPhase([{ profile: bob, muted: true }, { profile: carol, speaking: true }, { profile: dave, cameraOff: true }, erin], { muted: true }),
    startedAt: now - 754_000,
    networkQuality: 4
  }) as InCallPhase
async function toSpeakerView(page: Page): Promise<Page> {
  await page.locator('.call-controls .call-toggle[aria-pressed="false"]').filter({ has: page.locator('[data-icon="speaker-view"]') }).click()
  await page.locator('.participant-grid.speaker-view').waitFor()
  return page
}
async function toAddPeople(page: Page): Promise<Page> {
  await page.locator('.call-controls button').filter({ has: page.locator('[data-icon="add-people"]') }).click()
  const dialog = page.locator('dialog.add-people-dialog')
  await dialog.waitFor()
  await dialog.locator('.person-list .person').first().waitFor()
  // The search field has the focus; its ring is part of the picture.
  return page
}
const withInvitations = (phase: InCallPhase): InCallPhase => ({
  ...phase,
  invitations: [
    { profile: frank, state: 'ringing' },
    { profile: erin, state: 'declined' },
    { profile: dave, state: 'busy' }
  ]
})

const germanPeople = (options: OpenOptions = WINDOW, replies: FakeScenario['replies'] = {}) =>
  open(memberScenario(now, { ...german, ...replies }), options, (page) => page.getByRole('list', { name: 'Personen' }).waitFor())

/** inCallWith, in German. */
async function germanCall(phase: CallPhase, options: OpenOptions = WINDOW, replies: FakeScenario['replies'] = {}): Promise<Page> {
  const page = await germanPeople(options, replies)
  await page.getByRole('button', { name: 'Alice Liddell anrufen', exact: true }).click()
  await setCallPhase(page, phase)
  if (phase.phase === 'ended') {
    await page.getByRole('button', { name: `${phase.peer.name} erneut anrufen`, exact: true }).waitFor()
    await page.clock.install()
    await page.mouse.move(0, 0)
  } else {
    await attachCallMedia(page)
    const video = phase.phase === 'in-call' ? page.getByLabel('Video von Alice Liddell') : page.getByLabel('Deine Kamera')
    await expect.poll(() => video.evaluate((element: HTMLVideoElement) => element.videoWidth), { timeout: MEDIA_TIMEOUT_MS }).toBeGreaterThan(0)
  }
  return page
}

async function toGermanSettings(page: Page): Promise<Page> {
  await page.getByRole('button', { name: 'Einstellungen' }).click()
  const preview = page.getByRole('region', { name: /Kamera, Mikrofon/ }).locator('video')
  await expect.poll(() => preview.evaluate((video: HTMLVideoElement) => video.videoWidth), { timeout: MEDIA_TIMEOUT_MS }).toBeGreaterThan(0)
  return page
}

// Steps from one screen to the next; each hands the page on.
/** The realtime connection drops during a call: the call screen shows no Offline banner for it. */
async function offlineInCall(page: Page): Promise<Page> {
  await emit(page, 'realtime:stateChanged', { state: 'connected' })
  await emit(page, 'realtime:stateChanged', { state: 'disconnected' })
  await expect.poll(() => page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(document.querySelectorAll('.status-banners .banner').length))))).toBe(0)
  return page
}
/** The Call quality panel open, its figures from the fake controller. */
async function qualityPanel(page: Page): Promise<Page> {
  await setCallStats(page, SAMPLE_STATS)
  await page.getByRole('button', { name: 'Call quality' }).click()
  await page.getByRole('dialog', { name: 'Call quality' }).getByText('1.2 Mb/s').waitFor()
  return page
}
async function offline(page: Page): Promise<Page> {
  await emit(page, 'realtime:stateChanged', { state: 'connected' })
  await emit(page, 'realtime:stateChanged', { state: 'disconnected' })
  await page.getByText(/^Offline: /).waitFor()
  return page
}
async function clearHistory(page: Page): Promise<Page> {
  await page.getByRole('button', { name: 'Clear call history' }).click()
  await emit(page, 'history:changed', [])
  // Undo has the focus, which holds the offer open while the picture is taken.
  await page.getByRole('button', { name: 'Undo' }).waitFor()
  return page
}
/**
 * "Check your devices" before calling Alice, every check finished: the camera playing, the
 * server's fixed answer, no TURN server, and the silent microphone's verdict after it listened.
 */
async function deviceCheckBeforeCall(options: OpenOptions = WINDOW): Promise<Page> {
  const page = await peopleScreen(options, {
    'settings:get': { ...defaultSettings, checkDevicesBeforeCall: true },
    ...deviceCheckReplies(now)
  })
  await page.getByRole('button', { name: 'Call Alice Liddell', exact: true }).click()
  const preview = page.getByLabel('Camera preview')
  await expect.poll(() => preview.evaluate((video: HTMLVideoElement) => video.videoWidth), { timeout: MEDIA_TIMEOUT_MS }).toBeGreaterThan(0)
  await page.getByText('Your camera works.').waitFor()
  await page.getByText('The server answers (42 ms).').waitFor()
  await page.getByText('No TURN server configured — direct connections only.').waitFor()
  await page.getByText('Your microphone is silent.').waitFor({ timeout: 10_000 })
  await page.mouse.move(0, 0)
  return page
}
async function signIn(page: Page): Promise<Page> {
  await page.getByLabel('E-mail or username').fill('ada')
  await page.getByLabel('Password').fill('secret')
  await page.getByLabel('Password').press('Enter')
  await page.getByRole('alert').waitFor()
  return page
}
/** The call's Devices dialog, where the background is picked during a call. */
async function toCallDevices(page: Page): Promise<Page> {
  await page.getByRole('button', { name: 'Devices' }).click()
  await page.getByRole('group', { name: 'Background in calls' }).waitFor()
  return page
}
async function toSignUp(page: Page): Promise<Page> {
  await page.getByRole('button', { name: "I'm new here" }).click()
  await heading('Create your Shoutit account')(page)
  return page
}
async function toSettings(page: Page): Promise<Page> {
  await page.getByRole('button', { name: 'Settings' }).click()
  const preview = page.getByRole('region', { name: /Camera, microphone/ }).locator('video')
  await expect.poll(() => preview.evaluate((video: HTMLVideoElement) => video.videoWidth), { timeout: MEDIA_TIMEOUT_MS }).toBeGreaterThan(0)
  return page
}
/** Takes the main window out of sight during the call and returns the small call window that opens, at its size in the app. */
async function toPip(page: Page, videoLabel = 'Video of Alice Liddell'): Promise<Page> {
  const popup = page.waitForEvent('popup')
  await setWindowAttention(page, { visible: false, focused: false })
  const pip = await popup
  await pip.setViewportSize({ width: PIP_WIDTH, height: PIP_HEIGHT })
  await expect.poll(() => pip.locator('main.pip').evaluate((element) => getComputedStyle(element).position)).toBe('fixed')
  const video = pip.getByLabel(videoLabel)
  if ((await video.count()) > 0) await expect.poll(() => video.evaluate((element: HTMLVideoElement) => element.videoWidth), { timeout: MEDIA_TIMEOUT_MS }).toBeGreaterThan(0)
  return pip
}
const WATCHED_WINDOW: OpenOptions = { ...WINDOW, attention: { visible: true, focused: true } }
const unreachable = errorReply({
  code: 'network',
  message: "Can't reach the Shoutit server at api.shoutit.example. Check your connection, or that the server is running."
})

interface Screen {
  name: string
  reach: () => Promise<Page>
  /** Only this part of the page is pictured. */
  part?: (page: Page) => ReturnType<Page['locator']>
  /** A CSS selector whose buttons must share one row (small windows, longer languages). */
  oneRow?: string
}

const RING_ANSWERS = '.ring-actions'
const PIP_CONTROLS = '.pip-controls'

/** The distinct tops of the buttons under `selector`: one entry when they sit on one row. */
async function buttonRows(page: Page, selector: string): Promise<number[]> {
  const tops = await page.locator(`${selector} button`).evaluateAll((buttons) => buttons.map((button) => Math.round(button.getBoundingClientRect().top)))
  expect(tops.length).toBeGreaterThan(1)
  return [...new Set(tops)]
}

const SCREENS: Screen[] = [
  { name: 'sign-in', reach: () => signedOutScreen() },
  { name: 'sign-in-unreachable', reach: () => signedOutScreen(WINDOW, { 'session:signIn': unreachable }).then(signIn) },
  { name: 'sign-up', reach: () => signedOutScreen().then(toSignUp) },
  { name: 'people', reach: () => peopleScreen() },
  { name: 'history', reach: () => peopleScreen(WINDOW, { 'history:list': longHistory }), part: (page) => page.locator('section', { has: page.getByRole('heading', { name: 'Recent calls' }) }) },
  {
    name: 'history-cleared',
    reach: () => peopleScreen().then(clearHistory),
    part: (page) => page.locator('section', { has: page.getByRole('heading', { name: 'Recent calls' }) })
  },
  { name: 'settings', reach: () => peopleScreen().then(toSettings) },
  {
    name: 'settings-dark',
    reach: () => peopleScreen({ ...WINDOW, colorScheme: 'dark' }, { 'settings:get': { ...defaultSettings, theme: 'dark' } }).then(toSettings),
    part: (page) => page.locator('main.settings-screen')
  },
  {
    name: 'about',
    reach: () => peopleScreen(WINDOW, { 'app:about': { name: 'Shoutit', version: '0.1.0' } }).then(toSettings),
    part: (page) => page.getByRole('region', { name: 'About' })
  },
  {
    name: 'settings-background',
    reach: () => peopleScreen(WINDOW, { 'settings:get': { ...defaultSettings, background: 'picture', backgroundPictureId: 'lake' } }).then(toSettings),
    part: (page) => page.getByRole('group', { name: 'Background in calls' })
  },
  { name: 'offline', reach: () => peopleScreen().then(offline) },
  { name: 'outgoing', reach: () => inCallWith({ phase: 'ringing', peer: alice, attempt: 2, maxAttempts: 3, calleeOffline: false, muted: false, cameraOff: false }) },
  { name: 'ring', reach: () => open(memberScenario(now, { 'ring:current': ring }), RING_WINDOW, (page) => page.getByRole('button', { name: 'Accept' }).waitFor()), oneRow: RING_ANSWERS },
  {
    name: 'ring-missed',
    reach: () =>
      open(memberScenario(now, { 'ring:current': { ...ring, kind: 'voice' } }), RING_WINDOW, async (page) => {
        await page.getByRole('button', { name: 'Accept' }).waitFor()
        await emit(page, 'ring:ended', { room: ring.room, reason: 'timeout' })
        await page.getByRole('button', { name: 'Call back Bob Dylan', exact: true }).waitFor()
      }),
    oneRow: RING_ANSWERS
  },
  { name: 'in-call', reach: () => inCallWith(inCall()) },
  { name: 'device-check', reach: () => deviceCheckBeforeCall() },
  { name: 'device-check-dark', reach: () => deviceCheckBeforeCall({ ...WINDOW, colorScheme: 'dark' }) },
  {
    name: 'in-call-background-blur',
    reach: () => inCallWith(inCall({ background: 'on' }), WINDOW, toCallDevices, { 'settings:get': { ...defaultSettings, background: 'blur' } }),
    part: (page) => page.getByRole('dialog')
  },
  { name: 'in-call-remote-camera-off-muted', reach: () => inCallWith(inCall({ muted: true, remote: { audioMuted: true, videoOff: true, reconnecting: false } })) },
  { name: 'audio-only-call', reach: () => inCallWith(inCall({ cameraOff: true, remote: { audioMuted: false, videoOff: true, reconnecting: false } })) },
  { name: 'audio-only-call-zoom-200', reach: () => inCallWith(inCall({ cameraOff: true, remote: { audioMuted: true, videoOff: true, reconnecting: false } }), ZOOMED_200) },
  { name: 'in-call-offline-900x680', reach: () => inCallWith(inCall(), SMALL_WINDOW, offlineInCall) },
  { name: 'in-call-offline-zoom-200', reach: () => inCallWith(inCall(), ZOOMED_200, offlineInCall) },
  { name: 'in-call-reconnecting', reach: () => inCallWith(inCall({ reconnecting: true, networkQuality: 1 })) },
  { name: 'in-call-quality-weak', reach: () => inCallWith(inCall({ networkQuality: 2 })), part: (page) => page.locator('.call-topbar') },
  { name: 'in-call-quality-bad', reach: () => inCallWith(inCall({ networkQuality: 1 })), part: (page) => page.locator('.call-topbar') },
  { name: 'in-call-quality-panel', reach: () => inCallWith(inCall({ networkQuality: 2 }), WINDOW, qualityPanel) },
  { name: 'forced-colors-quality-bad', reach: () => inCallWith(inCall({ networkQuality: 1 }), FORCED_COLORS), part: (page) => page.locator('.call-topbar') },
  // Forced colours: pressed toggles in Highlight, Hang up in Mark, the quality bars outlined.
  { name: 'forced-colors-in-call', reach: () => inCallWith(inCall({ muted: true, networkQuality: 3 }), FORCED_COLORS) },
  {
    name: 'forced-colors-audio-only-call',
    reach: () => inCallWith(inCall({ cameraOff: true, networkQuality: 2, remote: { audioMuted: true, videoOff: true, reconnecting: false } }), FORCED_COLORS)
  },
  { name: 'forced-colors-sign-in', reach: () => signedOutScreen(FORCED_COLORS) },
  { name: 'forced-colors-people', reach: () => peopleScreen(FORCED_COLORS, { 'history:list': longHistory }) },
  { name: 'forced-colors-settings', reach: () => peopleScreen(FORCED_COLORS).then(toSettings) },
  { name: 'forced-colors-ring', reach: () => open(memberScenario(now, { 'ring:current': ring }), { ...RING_WINDOW, forcedColors: true }, (page) => page.getByRole('button', { name: 'Accept' }).waitFor()), oneRow: RING_ANSWERS },
  { name: 'forced-colors-device-check', reach: () => deviceCheckBeforeCall(FORCED_COLORS) },
  { name: 'forced-colors-outgoing', reach: () => inCallWith({ phase: 'ringing', peer: alice, attempt: 1, maxAttempts: 3, calleeOffline: false, muted: true, cameraOff: false }, FORCED_COLORS) },
  { name: 'pip', reach: () => inCallWith(inCall(), WATCHED_WINDOW).then(toPip), oneRow: PIP_CONTROLS },
  { name: 'pip-remote-camera-off', reach: () => inCallWith(inCall({ remote: { audioMuted: true, videoOff: true, reconnecting: false } }), WATCHED_WINDOW).then(toPip), oneRow: PIP_CONTROLS },
  // Group calls: a grid that fits the window at 16:9, the speaker outlined; the speaker view; Add people.
  { name: 'group-call-3', reach: () => groupCallWith(groupOfThree()) },
  { name: 'group-call-6', reach: () => groupCallWith(groupOfSix()) },
  { name: 'group-call-speaker-view', reach: () => groupCallWith(groupOfSix(), WINDOW, toSpeakerView) },
  { name: 'group-add-people', reach: () => groupCallWith(withInvitations(groupOfThree()), WINDOW, toAddPeople) },
  { name: 'ended', reach: () => inCallWith({ phase: 'ended', peer: alice, outcome: 'answered', durationSeconds: 754, message: 'Alice Liddell hung up.' }) },
  { name: 'ended-declined', reach: () => inCallWith({ phase: 'ended', peer: alice, outcome: 'declined' }) },
  {
    name: 'ended-camera-refused',
    reach: () =>
      inCallWith(
        { phase: 'ended', peer: alice, outcome: 'failed', message: 'Shoutit may not use your camera or microphone.', blocked: 'camera' },
        WINDOW,
        (page) => page.getByRole('button', { name: 'Open system settings' }).waitFor(),
        { 'app:platform': { os: 'macos' } }
      )
  },
  // German: longer words in the same places (buttons, the ring window, the history line).
  { name: 'de-sign-in', reach: () => open(memberScenario(now, { ...german, 'session:get': signedOut }), WINDOW, heading('Bei Shoutit anmelden')) },
  { name: 'de-people', reach: () => germanPeople(WINDOW, { 'history:list': longHistory }) },
  { name: 'de-settings', reach: () => germanPeople().then(toGermanSettings), part: (page) => page.locator('main.settings-screen') },
  { name: 'de-ring', reach: () => open(memberScenario(now, { ...german, 'ring:current': ring }), RING_WINDOW, (page) => page.getByRole('button', { name: 'Annehmen', exact: true }).waitFor()), oneRow: RING_ANSWERS },
  { name: 'de-in-call', reach: () => germanCall(inCall({ muted: true })) },
  { name: 'de-in-call-zoom-200', reach: () => germanCall(inCall({ muted: true, cameraOff: true, remote: { audioMuted: true, videoOff: true, reconnecting: false } }), ZOOMED_200) },
  { name: 'de-pip', reach: () => germanCall(inCall({ muted: true }), WATCHED_WINDOW).then((page) => toPip(page, 'Video von Alice Liddell')), oneRow: PIP_CONTROLS },
  {
    name: 'de-ended-camera-refused',
    reach: () =>
      germanCall({ phase: 'ended', peer: alice, outcome: 'failed', message: 'Shoutit darf deine Kamera oder dein Mikrofon nicht verwenden.', blocked: 'camera' }, WINDOW, {
        'app:platform': { os: 'windows' }
      }).then(async (page) => {
        await page.getByRole('button', { name: 'Systemeinstellungen öffnen' }).waitFor()
        return page
      })
  },
  { name: 'de-group-add-people', reach: () => groupCallWith(withInvitations(groupOfThree()), WINDOW, toAddPeople, german) },
  { name: 'de-ended', reach: () => germanCall({ phase: 'ended', peer: alice, outcome: 'answered', durationSeconds: 754, message: 'Alice Liddell hat aufgelegt.' }) }
]

describe('screenshots', () => {
  it.each(SCREENS.map((screen) => [screen.name, screen] as const))('%s', async (_name, screen) => {
    const page = await screen.reach()
    try {
      await saveScreenshot(screen.part ? screen.part(page) : page, screen.name)
      await matchBaseline(screen.name)
      if (screen.oneRow) expect(await buttonRows(page, screen.oneRow)).toHaveLength(1)
      expect(await seriousAccessibilityViolations(page)).toEqual([])
    } finally {
      await page.context().close()
    }
  })

  afterAll(() => {
    console.log(`[screenshots] ${SCREENS.length} screens in ${SCREENSHOT_DIR}${updatingBaselines() ? `, written as the baselines in ${BASELINE_DIR}` : ''}`)
  })
})

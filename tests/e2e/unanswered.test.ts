// Scenarios 2–4: calls bob does not take. Declined (ends at once, still reported missed,
// no notification for bob's own decline); offline (never rung, notified once at sign-in);
// no answer at the real pace (3 rings within 30 s, one missed, one notification, tray 1).
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest'
import { closeEndedCall, declineRing, DISPLAY_NAMES, pressCall, sleep, waitForEndedText } from '../support/harness/calls'
import { createDesktopNotifier, type ClosableDesktopNotifier } from '../../main/platform/notifier'
import { hasDbusDaemon, startNotificationSessionBus, type FakeNotificationDaemon, type NotificationSessionBus } from '../support/fake-notification-daemon'
import type { TestClient } from '../support/harness/client'
import { signInThroughUi } from '../support/harness/harness'
import { useHarness } from '../support/harness/use-harness'

const MISSED_FROM_ALICE = /You missed a call from Alice/

const harness = useHarness()
let alice: TestClient
let bob: TestClient
// Bob's notifications also go the real app's way (notify-send → D-Bus) to a fake
// notification daemon on a private bus, where dbus-daemon exists.
let bus: NotificationSessionBus | undefined
let daemon: FakeNotificationDaemon | undefined
let osNotifier: ClosableDesktopNotifier | undefined

beforeAll(async () => {
  if (hasDbusDaemon()) {
    bus = await startNotificationSessionBus()
    daemon = bus.daemon
    osNotifier = createDesktopNotifier({ appName: 'Shoutit', defaultIcon: '/nonexistent/shoutit.png', logger: notifierLogger() })
  } else {
    console.log('dbus-daemon not found: notifications are checked where main hands them over, not on D-Bus')
  }
  ;[alice, bob] = await Promise.all([
    harness().signedInClient('alice'),
    harness().signedInClient('bob', osNotifier ? { forwardNotifications: osNotifier } : {})
  ])
})

function notifierLogger() {
  const log = (message: string) => console.log(`[bob notifier] ${message}`)
  return { debug: () => undefined, info: () => undefined, warn: log, error: log }
}

function osNotificationsFromAlice(fromId: number) {
  return (daemon?.notifications ?? []).filter((shown) => MISSED_FROM_ALICE.test(shown.body) && shown.id >= fromId)
}

beforeEach(async () => {
  await Promise.all([closeEndedCall(alice), closeEndedCall(bob)])
})

afterAll(async () => {
  osNotifier?.dispose()
  await bus?.stop()
})

function callsSince(since: number) {
  const calls = harness().server.audit.list('video_call').filter((entry) => entry.at >= since && entry.callerUsername === 'alice')
  return { rings: calls.filter((entry) => !entry.missed), missed: calls.filter((entry) => entry.missed) }
}


test('declined: alice sees it at once, no further rings, the missed POST still comes, bob is not notified', async () => {
  // A short pause: a loop that failed to stop would ring again within the wait below.
  await alice.invoke('settings:update', { retryPauseSeconds: 1 })
  const since = Date.now()
  await pressCall(alice, DISPLAY_NAMES.bob)
  await (await bob.ringPage()).getByRole('button', { name: 'Decline' }).waitFor()
  const declinedAt = Date.now()
  await declineRing(bob)
  await waitForEndedText(alice, `${DISPLAY_NAMES.bob} declined the call`, 5_000)
  expect(Date.now() - declinedAt).toBeLessThan(3_000)

  await sleep(3_000)
  const { rings, missed } = callsSince(since)
  const rejects = harness().server.audit.list('video_reject').filter((entry) => entry.at >= since)
  expect(rejects).toMatchObject([{ reason: 'rejected', room: rings[0]!.room }])
  // Rings sent before alice heard of the decline are fine (the pause is short); none after it.
  // The server's clock alone cannot say that: with a 1 s pause, a ring alice sent while the
  // decline was on its way to her reaches the server after it logged the reject.
  expect(rings.length).toBeGreaterThanOrEqual(1)
  const told = alice.eventsOn('call:rejected').find((event) => event.at >= since)
  expect(told, "alice's window told of the decline").toBeDefined()
  const sentAfterTold = alice.requests.filter((request) => request.at > told!.at && request.method === 'POST' && request.path === '/v3/twilio/video_call')
  // Once she knows, the only video_call alice sends is the missed report.
  expect(sentAfterTold).toHaveLength(1)
  // At most the one ring in flight reaches the server after the reject.
  expect(rings.filter((entry) => entry.at > rejects[0]!.at).length).toBeLessThanOrEqual(1)
  expect(missed).toHaveLength(1)
  expect(missed[0]!.at).toBeGreaterThanOrEqual(rejects[0]!.at)

  expect(bob.notifications.filter((shown) => shown.at >= since)).toEqual([])
  expect(osNotificationsFromAlice(0)).toEqual([])
  expect((await bob.invoke('history:list', {}))[0]).toMatchObject({ direction: 'incoming', outcome: 'declined', peer: { username: 'alice' } })
  expect((await alice.invoke('history:list', {}))[0]).toMatchObject({ direction: 'outgoing', outcome: 'declined' })
  expect(bob.desktop.ringWindow.isOpen).toBe(false)
  await closeEndedCall(alice)
})

test('offline callee: every attempt is not available, then one missed; bob is notified once when he signs in', async () => {
  await alice.invoke('settings:update', { retryPauseSeconds: 1 })
  await bob.invoke('session:signOut', {})
  await bob.page.getByRole('heading', { name: 'Sign in to Shoutit' }).waitFor()
  const since = Date.now()

  await pressCall(alice, DISPLAY_NAMES.bob)
  // Nobody is rung, but the loop keeps its 30 s window (bob could come online meanwhile),
  // and alice is told rather than shown a ringing that is not happening.
  await alice.page.getByRole('status').filter({ hasText: 'Not online right now. Still trying…' }).waitFor({ timeout: 10_000 })
  await waitForEndedText(alice, `${DISPLAY_NAMES.bob} didn't answer`, 40_000)
  await waitForEndedText(alice, `${DISPLAY_NAMES.bob} isn't online. They will see that you called.`)
  const { rings, missed } = callsSince(since)
  expect(rings).toHaveLength(3)
  expect(rings.every((entry) => entry.available === false)).toBe(true)
  expect(missed).toHaveLength(1)
  expect(bob.ringsReceived.filter((ring) => ring.at >= since)).toEqual([])
  await closeEndedCall(alice)

  await signInThroughUi(bob.page, 'bob')
  await expect.poll(() => bob.notifications.filter((shown) => shown.at >= since && MISSED_FROM_ALICE.test(shown.body)).length, { timeout: 10_000 }).toBe(1)
  // Once: not again a moment later, nor after signing out and in once more.
  await sleep(1_500)
  await bob.invoke('session:signOut', {})
  await signInThroughUi(bob.page, 'bob')
  await sleep(1_500)
  expect(bob.notifications.filter((shown) => shown.at >= since && MISSED_FROM_ALICE.test(shown.body))).toHaveLength(1)
}, 90_000)

test('no answer at the real pace: 3 rings within 30 s, then exactly one missed; bob is notified, his tray counts 1', async () => {
  await alice.invoke('settings:update', { retryPauseSeconds: 10 })
  await bob.invoke('missed:markSeen', {})
  await expect.poll(async () => (await bob.invoke('missed:count', {})).count).toBe(0)
  // Bob is not looking at Shoutit: its window is closed, the app waits in the tray.
  await bob.closeMainWindow()
  const since = Date.now()
  const busIdsBefore = Math.max(0, ...(daemon?.notifications ?? []).map((shown) => shown.id))

  await pressCall(alice, DISPLAY_NAMES.bob)
  await bob.ringPage()
  await waitForEndedText(alice, `${DISPLAY_NAMES.bob} didn't answer`, 40_000)
  const endedAt = Date.now()

  const { rings, missed } = callsSince(since)
  expect(rings).toHaveLength(3)
  expect(new Set(rings.map((entry) => entry.room)).size).toBe(1)
  expect(missed).toHaveLength(1)
  expect(rings.at(-1)!.at - rings[0]!.at).toBeLessThanOrEqual(30_000)
  expect(endedAt - since).toBeLessThan(40_000)

  // All three rings reached bob's main process within 30 s; he saw one ring, not three.
  const reached = bob.ringsReceived.filter((ring) => ring.at >= since)
  expect(reached).toHaveLength(3)
  expect(reached.at(-1)!.at - reached[0]!.at).toBeLessThanOrEqual(30_000)
  expect(bob.desktop.ringWindow.opened).toBeGreaterThanOrEqual(1)
  expect(bob.eventsOn('ring:incoming').filter((event) => event.at >= since)).toHaveLength(1)

  await expect.poll(() => bob.notifications.filter((shown) => shown.at >= since).map((shown) => shown.body), { timeout: 10_000 }).toEqual([
    expect.stringMatching(MISSED_FROM_ALICE)
  ])
  expect(bob.notifications.at(-1)!.title).toBe('Missed video call')
  if (daemon) {
    const onBus = await daemon.waitFor((shown) => MISSED_FROM_ALICE.test(shown.body) && shown.id > busIdsBefore, 10_000)
    expect(onBus.summary).toBe('Missed video call')
    expect(osNotificationsFromAlice(busIdsBefore + 1)).toHaveLength(1)
  }
  await expect.poll(async () => (await bob.invoke('missed:count', {})).count).toBe(1)
  expect(bob.tray.current?.icon).toBe('missed')
  expect(bob.desktop.shell.badgeCount).toBe(1)
  // The ring window stays on the missed ring (name, Call back, Close) for 20 s, as the missed-ring view does.
  expect(bob.desktop.ringWindow.isOpen).toBe(true)

  // Opening Shoutit from the tray shows the missed call; seeing it clears the count.
  bob.tray.click({ type: 'open' })
  const window = await bob.mainWindow()
  await window.getByText(/Missed call/).first().waitFor({ timeout: 10_000 })
  await expect.poll(async () => (await bob.invoke('missed:count', {})).count, { timeout: 10_000 }).toBe(0)
}, 90_000)

test('no event main sent broke the IPC contract', () => {
  expect(alice.contractViolations()).toEqual([])
  expect(bob.contractViolations()).toEqual([])
})

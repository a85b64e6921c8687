// End-to-end benchmarks (npm run bench:e2e): printed figures, not pass/fail tests.
//
// 1. Call setup: alice presses Call, until the first remote video frame is painted on both
//    sides; bob accepts the moment his main process has the ring (the definition;
//    the ratio is taken on this), and separately as a person does, clicking Accept in his
//    ring window once it shows the ring. Side by side in the same Chromium with a bare
//    two-page WebRTC loopback call (no app, no server) as the floor. Each run prints where
//    the time goes (IPC, realtime, signalling and media milestones, median after the click).
// 2. Ring latency: alice's video_call POST → bob's main-process realtime service receives
//    the ring → bob's ring window shows it.
// 3. Idle cost of a signed-in client over a simulated day: HTTP requests and timers fired
//    in its main process (server and client on one fake clock, stepped a minute at a time).
// 4. What a running call costs: renderer CPU per second and JS heap at 720p, the app with
//    each media stage on or off beside the bare WebRTC floor (call-cost.ts).
//
// Usage: scripts/run-in-netns.sh npx tsx scripts/bench/e2e.ts [--calls 10] [--cost-seconds 120] [--only setup,ring,idle,cost]
import { parseArgs } from 'node:util'
import type { Browser } from 'playwright-core'
import { acceptOnRing, clickTimed, closeEndedCall, DISPLAY_NAMES, hangUpAndClose, pressCall, sleep, waitForEndedText } from '../../tests/support/harness/calls'
import { launchChromium } from '../../tests/support/chromium'
import { ringShownTimes, type TestClient } from '../../tests/support/harness/client'
import { Harness } from '../../tests/support/harness/harness'
import { waitFor } from '../../tests/support/harness/wait'
import { probeSnapshot, resetProbe, waitForFirstRemoteFrame } from '../../tests/support/harness/media-probe'
import { serveFreshRenderer } from '../../tests/support/harness/renderer-build'
import { FakeClock } from '../../tests/support/platform/fake-clock'
import { addMilestones, formatSummary, probeMilestones, summarize } from './e2e-stats'
import { benchCallCost } from './call-cost'
import { runFloorCalls } from './webrtc-floor'

const { values } = parseArgs({
  options: {
    calls: { type: 'string', default: '10' },
    'cost-seconds': { type: 'string', default: '120' },
    only: { type: 'string', default: 'setup,ring,idle,cost' }
  }
})
const CALLS = Math.max(1, Number(values.calls))
const ONLY = new Set(values.only.split(','))
const COST_SECONDS = Math.max(5, Number(values['cost-seconds']))

type AcceptMode = 'on-ring' | 'click'

interface AppCall {
  callerMs: number
  calleeMs: number
  bothMs: number
  /** Bob's ring view shown; Accept clicked there (click mode only). */
  ringShownMs?: number
  acceptToBothMs?: number
}

async function benchCallSetup(browser: Browser, rendererUrl: string): Promise<void> {
  console.log(`\n== Call setup: click on Call → first remote frame on both sides (${CALLS} calls, 1 warm-up each) ==`)
  const floor = await runFloorCalls(browser, CALLS)
  const floorBoth = summarize(floor.map((call) => call.bothMs))

  const harness = await Harness.start({ rendererUrl, browser })
  try {
    const [alice, bob] = await Promise.all([harness.signedInClient('alice'), harness.signedInClient('bob')])
    const onRing = await runAppCalls(alice, bob, 'on-ring')
    const byClick = await runAppCalls(alice, bob, 'click')

    console.log(formatSummary('floor (bare WebRTC, two pages): both sides', floorBoth))
    console.log(formatSummary('app, bob accepting on ring: both sides', summarize(onRing.calls.map((call) => call.bothMs))))
    console.log(formatSummary('app, bob accepting on ring: at alice', summarize(onRing.calls.map((call) => call.callerMs))))
    console.log(formatSummary('app, bob accepting on ring: at bob', summarize(onRing.calls.map((call) => call.calleeMs))))
    console.log(formatSummary('app, bob clicking Accept: both sides', summarize(byClick.calls.map((call) => call.bothMs))))
    console.log(formatSummary("  of which: bob's ring view shown", summarize(byClick.calls.flatMap((call) => call.ringShownMs ?? []))))
    console.log(formatSummary("  of which: bob's Accept click → both", summarize(byClick.calls.flatMap((call) => call.acceptToBothMs ?? []))))
    const floorMilestones = new Map<string, number[]>()
    for (const call of floor) addMilestones(floorMilestones, call.milestones)
    printMilestones('the floor call', floorMilestones)
    const ratio = summarize(onRing.calls.map((call) => call.bothMs)).median / floorBoth.median
    console.log(`ratio app/floor (medians, bob accepting on ring as the issue defines it): ${ratio.toFixed(2)}×  (target ≤ 1.3×)`)
    printMilestones('the app call, bob accepting on ring', onRing.milestones)
    printMilestones('the app call, bob clicking Accept', byClick.milestones)
  } finally {
    await harness.stop()
  }
}

function printMilestones(title: string, milestones: Map<string, number[]>): void {
  console.log(`where ${title} spends its time (median ms after the click):`)
  for (const [label, offsets] of [...milestones].sort((a, b) => summarize(a[1]).median - summarize(b[1]).median)) {
    console.log(`  ${summarize(offsets).median.toFixed(0).padStart(6)}  ${label}`)
  }
}

/**
 * CALLS timed calls (after one warm-up) from alice to bob. Bob accepts either the moment his
 * main process has the ring (`on-ring`: the definition; the accept is the ring:accept
 * call his ring window's Accept button makes), or as a person does, clicking Accept in his
 * ring window once it shows the ring (`click`).
 */
async function runAppCalls(alice: TestClient, bob: TestClient, mode: AcceptMode): Promise<{ calls: AppCall[]; milestones: Map<string, number[]> }> {
  const calls: AppCall[] = []
  const milestones = new Map<string, number[]>()
  const mark = (label: string, at: number | undefined, clickedAt: number) => addMilestones(milestones, { [label]: at === undefined ? undefined : at - clickedAt })
  const invokedAt = (client: TestClient, channel: string, since: number) =>
    [...client.bindings.values()].flatMap((binding) => binding.invokes).find((entry) => entry.at >= since && entry.channel === channel)?.at
  const stopAutoAccept = mode === 'on-ring' ? acceptOnRing(bob) : () => undefined
  try {
    for (let i = 0; i <= CALLS; i += 1) {
      await Promise.all([resetProbe(alice.page), resetProbe(bob.page)])
      const clickedAt = await pressCall(alice, DISPLAY_NAMES.bob)
      const [aliceFrame, bobFrame, answer] = await Promise.all([
        waitForFirstRemoteFrame(alice.page, 30_000),
        waitForFirstRemoteFrame(bob.page, 30_000),
        mode === 'click' ? acceptOnceShown(bob) : Promise.resolve(undefined)
      ])
      if (i > 0) {
        const bothAt = Math.max(aliceFrame, bobFrame)
        calls.push({
          callerMs: aliceFrame - clickedAt,
          calleeMs: bobFrame - clickedAt,
          bothMs: bothAt - clickedAt,
          ...(answer ? { ringShownMs: answer.shownAt - clickedAt, acceptToBothMs: bothAt - answer.acceptedAt } : {})
        })
        if (answer) {
          mark("bob's ring view shown (Accept on screen)", answer.shownAt, clickedAt)
          mark('bob clicks Accept', answer.acceptedAt, clickedAt)
        }
        mark('alice asks main for video:identity', invokedAt(alice, 'video:identity', clickedAt), clickedAt)
        mark('alice asks main for video:getToken', invokedAt(alice, 'video:getToken', clickedAt), clickedAt)
        mark('alice authorises the room channel', invokedAt(alice, 'realtime:authorizeRoom', clickedAt), clickedAt)
        mark('alice rings (video:ring)', invokedAt(alice, 'video:ring', clickedAt), clickedAt)
        mark("bob's main receives the ring", bob.ringsReceived.find((ring) => ring.at >= clickedAt)?.at, clickedAt)
        mark("bob's window told to answer (navigate)", bob.eventsOn('navigate').find((event) => event.at >= clickedAt)?.at, clickedAt)
        mark('bob asks main for video:getToken', invokedAt(bob, 'video:getToken', clickedAt), clickedAt)
        mark('bob authorises the room channel', invokedAt(bob, 'realtime:authorizeRoom', clickedAt), clickedAt)
        const [aliceProbe, bobProbe] = await Promise.all([probeSnapshot(alice.page), probeSnapshot(bob.page)])
        addMilestones(milestones, probeMilestones('alice', aliceProbe, clickedAt))
        addMilestones(milestones, probeMilestones('bob', bobProbe, clickedAt))
        mark('first remote frame at alice', aliceFrame, clickedAt)
        mark('first remote frame at bob', bobFrame, clickedAt)
      }
      await hangUpAndClose(alice, bob)
    }
  } finally {
    stopAutoAccept()
  }
  return { calls, milestones }
}

/**
 * Bob answers as a person does: once his ring window shows the ring, he clicks Accept there.
 * Returns when the ring view appeared and when Accept was clicked (epoch ms).
 */
async function acceptOnceShown(callee: TestClient): Promise<{ shownAt: number; acceptedAt: number }> {
  const ringPage = await callee.ringPage()
  const accept = ringPage.getByRole('button', { name: 'Accept' })
  await accept.waitFor({ timeout: 15_000 })
  const shownAt = (await ringShownTimes(ringPage)).at(-1)
  if (shownAt === undefined) throw new Error(`${callee.name}: the ring page shows Accept but recorded no ring shown`)
  const acceptedAt = await clickTimed(ringPage, accept)
  return { shownAt, acceptedAt }
}

async function benchRingLatency(browser: Browser, rendererUrl: string): Promise<void> {
  console.log(`\n== Ring latency: video_call POST → bob's main receives the ring → bob's ring view shown (${CALLS} rings) ==`)
  const harness = await Harness.start({ rendererUrl, browser })
  try {
    const [alice, bob] = await Promise.all([harness.signedInClient('alice'), harness.signedInClient('bob')])
    await alice.invoke('settings:update', { retryPauseSeconds: 10 })
    const toMain: number[] = []
    const toView: number[] = []
    const total: number[] = []
    for (let i = 0; i <= CALLS; i += 1) {
      const since = Date.now()
      await pressCall(alice, DISPLAY_NAMES.bob)
      const ringPage = await bob.ringPage()
      await ringPage.getByRole('button', { name: 'Decline' }).waitFor({ timeout: 15_000 })
      const posted = alice.requests.find((request) => request.at >= since && request.method === 'POST' && request.path === '/v3/twilio/video_call')
      const received = bob.ringsReceived.find((ring) => ring.at >= since)
      const shown = (await ringShownTimes(ringPage)).at(-1)
      if (i > 0 && posted && received && shown) {
        toMain.push(received.at - posted.at)
        toView.push(shown - received.at)
        total.push(shown - posted.at)
      }
      await ringPage.getByRole('button', { name: 'Decline' }).click()
      await waitForEndedText(alice, `${DISPLAY_NAMES.bob} declined the call`)
      await closeEndedCall(alice)
      // Best effort, as before: a ring window still up after 5 s only skews the next sample.
      await waitFor(() => !bob.desktop.ringWindow.isOpen, 'ring window still open', 5_000).catch(() => undefined)
    }
    console.log(formatSummary("POST → bob's main receives the ring", summarize(toMain)))
    console.log(formatSummary("bob's main → ring view shown (preloaded window)", summarize(toView)))
    console.log(formatSummary('POST → ring view shown (total)', summarize(total)))
  } finally {
    await harness.stop()
  }
}

async function benchIdleDay(browser: Browser, rendererUrl: string): Promise<void> {
  console.log('\n== Idle cost of a signed-in client over a simulated day (main process, default token lifetimes) ==')
  const clock = new FakeClock(Date.now())
  const harness = await Harness.start({ rendererUrl, browser, server: { clock: () => clock.now() } })
  try {
    const bob: TestClient = await harness.startClient('bob', { openWindow: false, adaptPlatform: (platform) => ({ ...platform, clock }) })
    await bob.invoke('session:signIn', { login: 'bob', password: 'bob-password' })
    await bob.waitForEvent('realtime:stateChanged', (state) => state.state === 'connected', { timeoutMs: 15_000 })
    await settleRequests(bob)
    const requestsBefore = bob.requests.length
    const timersBefore = clock.firedCount
    const pushersBefore = bob.pusherStats.created
    const MINUTE = 60_000
    for (let minute = 0; minute < 24 * 60; minute += 1) {
      await clock.advance(MINUTE)
      await settleRequests(bob)
    }
    const requests = bob.requests.slice(requestsBefore)
    const byPath = new Map<string, number>()
    for (const request of requests) byPath.set(`${request.method} ${request.path}`, (byPath.get(`${request.method} ${request.path}`) ?? 0) + 1)
    console.log(`HTTP requests in 24 h: ${requests.length}`)
    for (const [path, count] of [...byPath].sort((a, b) => b[1] - a[1])) console.log(`  ${String(count).padStart(5)}  ${path}`)
    console.log(`main-process timers fired in 24 h: ${clock.firedCount - timersBefore} (still pending at the end: ${clock.pendingTimers})`)
    console.log(`new realtime connections in 24 h: ${bob.pusherStats.created - pushersBefore}; realtime still connected: ${bob.main.services.realtime.state().state}`)
    console.log('not simulated: pusher-js keep-alive pings run on real timers (one ping/pong per 120 s of silence, the server default: ≤ 720 a day)')
  } finally {
    await harness.stop()
  }
}

/** Lets real I/O started by fired timers finish before simulated time moves on. */
async function settleRequests(client: TestClient): Promise<void> {
  for (let round = 0; round < 200; round += 1) {
    await new Promise((resolve) => setImmediate(resolve))
    if (client.requests.every((request) => request.status !== null)) {
      if (round > 3) return
    } else await sleep(2)
  }
}

async function main(): Promise<void> {
  const renderer = await serveFreshRenderer()
  const browser = await launchChromium()
  try {
    if (ONLY.has('setup')) await benchCallSetup(browser, renderer.url)
    if (ONLY.has('ring')) await benchRingLatency(browser, renderer.url)
    if (ONLY.has('idle')) await benchIdleDay(browser, renderer.url)
    if (ONLY.has('cost')) await benchCallCost(browser, renderer.url, COST_SECONDS)
  } finally {
    await browser.close()
    await renderer.close()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})

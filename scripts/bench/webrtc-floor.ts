// The floor for call setup: a bare WebRTC call between two pages of one headless Chromium,
// with no app and no server. Each page lives in its own browser context (as each client
// does in the end-to-end harness), gets the same fake camera and microphone, and relays
// offer, answer and ICE candidates through this Node process. A call is timed like an app
// call: from the caller's "click" (before it asks for its camera) until the first remote
// video frame is painted on both sides, the callee "accepting" the moment the offer arrives.
//
// Run alone: scripts/run-in-netns.sh npx tsx scripts/bench/webrtc-floor.ts [calls]
import { pathToFileURL } from 'node:url'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { launchChromium, newHarnessContext } from '../../tests/support/chromium'
import { installMediaProbe, probeSnapshot, resetProbe, waitForFirstRemoteFrame } from '../../tests/support/harness/media-probe'
import { formatSummary, probeMilestones, summarize } from './e2e-stats'

// getUserMedia needs a secure context; a routed https origin gives one without any server.
const FLOOR_ORIGIN = 'https://webrtc-floor.invalid/'

type Signal = { kind: 'offer' | 'answer'; sdp: string } | { kind: 'candidate'; candidate: RTCIceCandidateInit } | { kind: 'hangup' }

/** The floor's camera for call setup: what a first frame needs, not what the app asks for. */
const SETUP_VIDEO: MediaTrackConstraints = { width: 640, height: 480 }

/** In-page peer: one RTCPeerConnection per call, signalling through the __floorSend binding. */
function installFloorPeer(video: MediaTrackConstraints): void {
  type FloorWindow = Window & {
    __floorSend: (signal: unknown) => Promise<void>
    __floor: { call: () => Promise<number>; receive: (signal: Signal) => Promise<void>; hangup: () => void }
  }
  type Signal = { kind: 'offer' | 'answer'; sdp: string } | { kind: 'candidate'; candidate: RTCIceCandidateInit } | { kind: 'hangup' }
  const w = window as unknown as FloorWindow
  let pc: RTCPeerConnection | null = null
  let local: MediaStream | null = null
  const pendingCandidates: RTCIceCandidateInit[] = []

  const open = async () => {
    local = await navigator.mediaDevices.getUserMedia({ audio: true, video })
    pc = new RTCPeerConnection({ iceServers: [] })
    pc.onicecandidate = (event) => {
      if (event.candidate) void w.__floorSend({ kind: 'candidate', candidate: event.candidate.toJSON() })
    }
    for (const track of local.getTracks()) pc.addTrack(track, local)
    return pc
  }
  const hangup = () => {
    pc?.close()
    pc = null
    for (const track of local?.getTracks() ?? []) track.stop()
    local = null
    pendingCandidates.length = 0
  }
  w.__floor = {
    async call() {
      const clickedAt = performance.timeOrigin + performance.now()
      const peer = await open()
      const offer = await peer.createOffer()
      await peer.setLocalDescription(offer)
      await w.__floorSend({ kind: 'offer', sdp: offer.sdp })
      return clickedAt
    },
    async receive(signal: Signal) {
      if (signal.kind === 'hangup') return hangup()
      if (signal.kind === 'candidate') {
        if (pc?.remoteDescription) await pc.addIceCandidate(signal.candidate)
        else pendingCandidates.push(signal.candidate)
        return
      }
      if (signal.kind === 'offer') {
        const peer = await open()
        await peer.setRemoteDescription({ type: 'offer', sdp: signal.sdp })
        const answer = await peer.createAnswer()
        await peer.setLocalDescription(answer)
        await w.__floorSend({ kind: 'answer', sdp: answer.sdp })
      } else {
        await pc?.setRemoteDescription({ type: 'answer', sdp: signal.sdp })
      }
      for (const candidate of pendingCandidates.splice(0)) await pc?.addIceCandidate(candidate)
    },
    hangup
  }
}

interface FloorPeer {
  context: BrowserContext
  page: Page
}

async function openFloorPeer(browser: Browser, name: string, video: MediaTrackConstraints = SETUP_VIDEO): Promise<FloorPeer> {
  const context = await newHarnessContext(browser)
  await context.route(`${FLOOR_ORIGIN}**`, (route) =>
    route.fulfill({ contentType: 'text/html', body: `<!doctype html><title>${name}</title>` })
  )
  const page = await context.newPage()
  await installMediaProbe(page)
  await page.addInitScript(installFloorPeer, video)
  return { context, page }
}

async function relay(from: FloorPeer, to: FloorPeer): Promise<void> {
  await from.page.exposeBinding('__floorSend', async (_source, signal: Signal) => {
    await to.page.evaluate((s) => (window as unknown as { __floor: { receive: (s: unknown) => Promise<void> } }).__floor.receive(s), signal)
  })
}

export interface FloorCall {
  /** Caller's click → first remote frame at the caller. */
  callerMs: number
  /** Caller's click → first remote frame at the callee. */
  calleeMs: number
  /** Caller's click → first remote frame on both sides. */
  bothMs: number
  /** Milestones after the click (ms), for comparing where the app's call spends its time. */
  milestones: Record<string, number | undefined>
}

/**
 * Runs `warmup` untimed calls (the first call in a fresh browser pays for codec and device
 * start-up, which the app run pays for the same way) and then `calls` timed ones.
 */
export async function runFloorCalls(browser: Browser, calls: number, options: { warmup?: number; timeoutMs?: number } = {}): Promise<FloorCall[]> {
  const { warmup = 1, timeoutMs = 20_000 } = options
  const caller = await openFloorPeer(browser, 'floor-caller')
  const callee = await openFloorPeer(browser, 'floor-callee')
  try {
    await relay(caller, callee)
    await relay(callee, caller)
    await Promise.all([caller.page.goto(FLOOR_ORIGIN), callee.page.goto(FLOOR_ORIGIN)])
    const results: FloorCall[] = []
    for (let i = 0; i < warmup + calls; i += 1) {
      await Promise.all([resetProbe(caller.page), resetProbe(callee.page)])
      const clickedAt = await caller.page.evaluate(() => (window as unknown as { __floor: { call: () => Promise<number> } }).__floor.call())
      const [callerFrame, calleeFrame] = await Promise.all([
        waitForFirstRemoteFrame(caller.page, timeoutMs),
        waitForFirstRemoteFrame(callee.page, timeoutMs)
      ])
      if (i >= warmup) {
        const [callerProbe, calleeProbe] = await Promise.all([probeSnapshot(caller.page), probeSnapshot(callee.page)])
        results.push({
          callerMs: callerFrame - clickedAt,
          calleeMs: calleeFrame - clickedAt,
          bothMs: Math.max(callerFrame, calleeFrame) - clickedAt,
          milestones: { ...probeMilestones('caller', callerProbe, clickedAt), ...probeMilestones('callee', calleeProbe, clickedAt) }
        })
      }
      const hangup = () => (window as unknown as { __floor: { hangup: () => void } }).__floor.hangup()
      await Promise.all([caller.page.evaluate(hangup), callee.page.evaluate(hangup)])
    }
    return results
  } finally {
    await caller.context.close()
    await callee.context.close()
  }
}

/** A floor call held open (for measuring what a running call costs): both pages, and its end. */
export interface HeldFloorCall {
  pages: [Page, Page]
  close(): Promise<void>
}

/** Dials one floor call with this camera and returns once both sides paint remote video. */
export async function holdFloorCall(browser: Browser, video: MediaTrackConstraints, timeoutMs = 20_000): Promise<HeldFloorCall> {
  const caller = await openFloorPeer(browser, 'floor-caller', video)
  const callee = await openFloorPeer(browser, 'floor-callee', video)
  const close = async () => {
    await caller.context.close()
    await callee.context.close()
  }
  try {
    await relay(caller, callee)
    await relay(callee, caller)
    await Promise.all([caller.page.goto(FLOOR_ORIGIN), callee.page.goto(FLOOR_ORIGIN)])
    await caller.page.evaluate(() => (window as unknown as { __floor: { call: () => Promise<number> } }).__floor.call())
    await Promise.all([waitForFirstRemoteFrame(caller.page, timeoutMs), waitForFirstRemoteFrame(callee.page, timeoutMs)])
    return { pages: [caller.page, callee.page], close }
  } catch (error) {
    await close()
    throw error
  }
}

async function main(): Promise<void> {
  const calls = Number(process.argv[2] ?? 10)
  const browser = await launchChromium()
  try {
    const results = await runFloorCalls(browser, calls)
    console.log(formatSummary('floor: click → first remote frame (both)', summarize(results.map((r) => r.bothMs))))
    console.log(formatSummary('floor: click → first remote frame (caller)', summarize(results.map((r) => r.callerMs))))
    console.log(formatSummary('floor: click → first remote frame (callee)', summarize(results.map((r) => r.calleeMs))))
  } finally {
    await browser.close()
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    console.error(error)
    process.exitCode = 1
  })
}

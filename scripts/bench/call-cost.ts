// What a running call costs (npm run bench:e2e, part "cost"): renderer CPU per second and
// the JS heap during a p2p call at 720p, for the app with nothing on, with noise
// suppression, and with each other media stage it gains, side by side with the bare
// two-page WebRTC floor at the same camera size, all in one run on one Chromium.
//
// CPU is Chromium's own account of each renderer process (SystemInfo.getProcessInfo; a
// browser context never shares a renderer process with another, so a client's window is
// its own process): WebRTC's encoder and decoder threads, the audio worklet and the page's
// main thread together. Shared processes (GPU, audio and network services) are printed
// apart. Nothing else runs in the browser while a configuration is measured.
import type { Browser, CDPSession, Page } from 'playwright-core'
import type { Settings } from '../../common/ipc'
import type { TestClient } from '../../tests/support/harness/client'
import { acceptOnRing, DISPLAY_NAMES, hangUpAndClose, pressCall, waitInCall } from '../../tests/support/harness/calls'
import { Harness } from '../../tests/support/harness/harness'
import { waitForFirstRemoteFrame } from '../../tests/support/harness/media-probe'
import { sleep } from '../../tests/support/harness/wait'
import { processCpu } from './process-cpu'
import { holdFloorCall } from './webrtc-floor'

/** The size the app asks its camera for (renderer/calling/media.ts); the floor asks the same. */
const CAMERA_720P: MediaTrackConstraints = { width: 1280, height: 720, frameRate: 30 }
/** Let the call settle (the p2p engine starts its camera at half size, bitrate ramps up). */
const SETTLE_MS = 8_000

interface ProcessTimes {
  renderer: Map<number, number>
  shared: number
}

interface SentVideo {
  width: number
  height: number
  fps: number
}

interface CostRow {
  label: string
  /** Renderer CPU seconds per wall-clock second, per client (mean over the clients). */
  rendererCpuPerClient: number
  /** GPU, audio and network service processes together, per second. */
  sharedCpu: number
  /** JS heap used per client window at the end, MB (mean). */
  heapMb: number
  sent: SentVideo | null
  /** Renderer processes alive at the end (a client's window, its ring window, any spare). */
  rendererProcesses: number
}

/** Cumulative CPU seconds of every process of the browser, by kind. */
async function processTimes(browserSession: CDPSession): Promise<ProcessTimes> {
  const processInfo = await processCpu(browserSession)
  const renderer = new Map<number, number>()
  let shared = 0
  for (const entry of processInfo) {
    if (entry.type === 'renderer') renderer.set(entry.id, entry.cpuTime)
    else if (entry.type !== 'browser') shared += entry.cpuTime
  }
  return { renderer, shared }
}

/** CPU used between two readings; a process that ended in between counts from zero. */
function cpuBetween(before: ProcessTimes, after: ProcessTimes): { renderer: number; shared: number } {
  let renderer = 0
  for (const [pid, cpu] of after.renderer) renderer += cpu - (before.renderer.get(pid) ?? 0)
  return { renderer, shared: after.shared - before.shared }
}

async function heapUsedMb(page: Page): Promise<number> {
  const session = await page.context().newCDPSession(page)
  try {
    await session.send('Performance.enable')
    const { metrics } = (await session.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> }
    return (metrics.find((metric) => metric.name === 'JSHeapUsedSize')?.value ?? 0) / 1024 / 1024
  } finally {
    await session.detach()
  }
}

/** The video this page sends, as its own peer connections report it. */
async function sentVideo(page: Page): Promise<SentVideo | null> {
  return page.evaluate(async () => {
    const probe = (window as unknown as { __mediaProbe?: { connections: RTCPeerConnection[] } }).__mediaProbe
    for (const pc of probe?.connections ?? []) {
      if (pc.connectionState === 'closed') continue
      let found: { width: number; height: number; fps: number } | null = null
      ;(await pc.getStats()).forEach((entry: Record<string, unknown>) => {
        if (entry.type === 'outbound-rtp' && entry.kind === 'video' && typeof entry.frameWidth === 'number') {
          found = { width: entry.frameWidth, height: Number(entry.frameHeight), fps: Number(entry.framesPerSecond ?? 0) }
        }
      })
      if (found) return found
    }
    return null
  })
}

async function measure(label: string, browserSession: CDPSession, pages: Page[], seconds: number): Promise<CostRow> {
  await sleep(SETTLE_MS)
  const before = await processTimes(browserSession)
  const startedAt = Date.now()
  await sleep(seconds * 1000)
  const after = await processTimes(browserSession)
  const elapsed = (Date.now() - startedAt) / 1000
  const used = cpuBetween(before, after)
  const heaps = await Promise.all(pages.map(heapUsedMb))
  return {
    label,
    rendererCpuPerClient: used.renderer / elapsed / pages.length,
    sharedCpu: used.shared / elapsed,
    heapMb: heaps.reduce((sum, heap) => sum + heap, 0) / heaps.length,
    sent: await sentVideo(pages[0]!),
    rendererProcesses: after.renderer.size
  }
}

/** One app configuration: settings for both clients, one call held for `seconds`. */
interface AppConfiguration {
  label: string
  settings: Partial<Settings>
}

const APP_CONFIGURATIONS: AppConfiguration[] = [
  { label: 'app, nothing on', settings: { noiseSuppression: false } },
  { label: 'app, noise suppression', settings: { noiseSuppression: true } }
]

async function measureAppCall(alice: TestClient, bob: TestClient, configuration: AppConfiguration, browserSession: CDPSession, seconds: number): Promise<CostRow> {
  for (const client of [alice, bob]) client.main.services.settings.update(configuration.settings)
  const stopAutoAccept = acceptOnRing(bob)
  try {
    await pressCall(alice, DISPLAY_NAMES.bob)
    await Promise.all([waitInCall(alice), waitInCall(bob)])
    await Promise.all([waitForFirstRemoteFrame(alice.page, 30_000), waitForFirstRemoteFrame(bob.page, 30_000)])
    const row = await measure(configuration.label, browserSession, [alice.page, bob.page], seconds)
    await hangUpAndClose(alice, bob)
    return row
  } finally {
    stopAutoAccept()
  }
}

function formatRow(row: CostRow): string {
  const sent = row.sent ? `${row.sent.width}×${row.sent.height} @ ${row.sent.fps.toFixed(0)} fps` : 'no video sent'
  return (
    `${row.label.padEnd(28)} renderer CPU ${row.rendererCpuPerClient.toFixed(3)} s/s per client` +
    `   shared processes ${row.sharedCpu.toFixed(3)} s/s   JS heap ${row.heapMb.toFixed(1)} MB per window   sending ${sent}` +
    `   (${row.rendererProcesses} renderer processes)`
  )
}

export async function benchCallCost(browser: Browser, rendererUrl: string, seconds: number): Promise<void> {
  console.log(`\n== Call cost: a ${seconds} s p2p call at 720p, per client, after ${SETTLE_MS / 1000} s to settle ==`)
  const browserSession = await browser.newBrowserCDPSession()
  const rows: CostRow[] = []
  try {
    const floor = await holdFloorCall(browser, CAMERA_720P)
    try {
      rows.push(await measure('floor (bare WebRTC)', browserSession, floor.pages, seconds))
    } finally {
      await floor.close()
    }
    const harness = await Harness.start({ rendererUrl, browser })
    try {
      const [alice, bob] = await Promise.all([harness.signedInClient('alice'), harness.signedInClient('bob')])
      for (const configuration of APP_CONFIGURATIONS) rows.push(await measureAppCall(alice, bob, configuration, browserSession, seconds))
    } finally {
      await harness.stop()
    }
  } finally {
    await browserSession.detach()
  }
  for (const row of rows) console.log(formatRow(row))
  const floorCpu = rows[0]!.rendererCpuPerClient
  for (const row of rows.slice(1)) console.log(`${row.label}: ${(row.rendererCpuPerClient / floorCpu).toFixed(2)}× the floor's renderer CPU`)
}

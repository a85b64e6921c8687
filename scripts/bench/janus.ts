// Group calls through Janus (npm run bench:janus): printed figures, not pass/fail tests.
// Four people (four Chromium pages running the app's janus engine with the fake camera)
// in one room of a real Janus started on loopback, each sending once and receiving the
// three others. After a warm-up (WebRTC's bitrate ramps up), over a measured window:
//   - uplink: what each page's publisher connection sends (outbound-rtp bytes, audio and
//     video), in kbit/s: with an SFU it does not grow with the number of people;
//   - renderer CPU: CPU seconds per second of each page's renderer process (Chromium's
//     SystemInfo.getProcessInfo), where WebRTC encodes and decodes;
//   - Janus CPU, for the server side of the same call.
//
// Usage: scripts/run-in-netns.sh npx tsx scripts/bench/janus.ts [--people 4] [--warmup 8] [--seconds 15]
import path from 'node:path'
import { parseArgs } from 'node:util'
import type { Browser, Page } from 'playwright-core'
import { launchChromium } from '../../tests/support/chromium'
import { closeGroup, joinGroup, openGroup, waitForEveryVideo } from '../../tests/support/browser/janus-group'
import { buildTestPage } from '../../tests/support/browser/page-bundle'
import { janusTestsCanRun, startJanusServer } from '../../tests/support/janus-server'
import { startTestServer } from '../../tests/support/server'
import { processCpu, processCpuSeconds } from './process-cpu'

const { values } = parseArgs({
  options: {
    people: { type: 'string', default: '4' },
    warmup: { type: 'string', default: '8' },
    seconds: { type: 'string', default: '15' }
  }
})
const PEOPLE = Math.max(2, Number(values.people))
const WARMUP_S = Math.max(0, Number(values.warmup))
const WINDOW_S = Math.max(1, Number(values.seconds))

/** Bytes this page has sent on its sending connections (the publisher), all kinds together. */
function sentBytes(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const probe = (window as unknown as { __mediaProbe: { connections: RTCPeerConnection[] } }).__mediaProbe
    let bytes = 0
    for (const pc of probe.connections) {
      if (pc.connectionState === 'closed') continue
      const stats = await pc.getStats()
      stats.forEach((report: { type: string; bytesSent?: number }) => {
        if (report.type === 'outbound-rtp') bytes += report.bytesSent ?? 0
      })
    }
    return bytes
  })
}

/** CPU seconds so far of each renderer process, by process id. */
async function rendererCpu(browser: Browser): Promise<Map<number, number>> {
  const processes = await processCpu(browser)
  return new Map(processes.filter((process) => process.type === 'renderer').map((process) => [process.id, process.cpuTime]))
}


const format = (values: number[], unit: string, digits = 0): string => {
  const sorted = [...values].sort((a, b) => a - b)
  const median = sorted[Math.floor(sorted.length / 2)]!
  return `median ${median.toFixed(digits)} ${unit} (min ${sorted[0]!.toFixed(digits)}, max ${sorted.at(-1)!.toFixed(digits)})`
}

async function main(): Promise<void> {
  if (!janusTestsCanRun('bench:janus')) process.exit(1)
  const [janus, bundle, browser] = await Promise.all([startJanusServer(), buildTestPage(path.join(import.meta.dirname, '../../tests/browser/call/janus-page')), launchChromium()])
  const server = await startTestServer({ janus: { url: janus.url, tokenSecret: janus.tokenSecret, adminKey: janus.adminKey } })
  const members = await openGroup({ server, bundle, browser }, PEOPLE)
  try {
    console.log(`\n== ${PEOPLE} people through Janus: uplink and CPU over ${WINDOW_S} s, after ${WARMUP_S} s of warm-up ==`)
    await joinGroup(server, members, `janus-bench-${process.pid}`)
    await waitForEveryVideo(members)
    await new Promise((resolve) => setTimeout(resolve, WARMUP_S * 1000))

    const sentBefore = await Promise.all(members.map((member) => sentBytes(member.page)))
    const cpuBefore = await rendererCpu(browser)
    const janusBefore = processCpuSeconds(janus.pid)
    const startedAt = performance.now()
    await new Promise((resolve) => setTimeout(resolve, WINDOW_S * 1000))
    const elapsed = (performance.now() - startedAt) / 1000
    const sentAfter = await Promise.all(members.map((member) => sentBytes(member.page)))
    const cpuAfter = await rendererCpu(browser)
    const janusAfter = processCpuSeconds(janus.pid)

    const uplinkKbps = sentAfter.map((bytes, index) => ((bytes - sentBefore[index]!) * 8) / 1000 / elapsed)
    const rendererLoad = [...cpuAfter].filter(([id]) => cpuBefore.has(id)).map(([id, cpu]) => (cpu - cpuBefore.get(id)!) / elapsed)
    // Only the pages' renderers are busy: an idle extra renderer (none is expected) would only lower the median.
    const busiest = rendererLoad.sort((a, b) => b - a).slice(0, PEOPLE)
    console.log(`uplink per person (audio + video sent to Janus): ${format(uplinkKbps, 'kbit/s')}`)
    console.log(`renderer CPU per person: ${format(busiest, 'CPU s/s', 2)}, receiving ${PEOPLE - 1} videos each`)
    console.log(`Janus CPU: ${((janusAfter - janusBefore) / elapsed).toFixed(2)} CPU s/s for the whole room`)
    console.log('(cameras: Chromium\'s fake device at 320x240; one machine runs every page, Janus and the server, so the CPU figures compete)')
  } finally {
    await closeGroup(members)
    await browser.close()
    await server.stop()
    await janus.stop()
    await bundle.dispose()
  }
}

await main()

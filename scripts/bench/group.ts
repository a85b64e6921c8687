// Group-call benchmark (npm run bench:group): printed figures, not pass/fail tests.
//
// N people (default 4) in one p2p mesh, each a Chromium page running the app's call
// controller against the reference server, as in tests/browser/call/p2p-mesh.test.ts.
// Once everyone receives everyone, it prints per second, for each client: what it sends
// (uplink: one copy of its camera and microphone per other member), what it receives, the
// frames it decodes, and the CPU of each Chromium renderer process (encoding and decoding
// run there).
//
// Usage: scripts/run-in-netns.sh npx tsx scripts/bench/group.ts [--people 4] [--seconds 10]
import { loadavg } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { launchChromium } from '../../tests/support/chromium'
import { buildTestPage } from '../../tests/support/browser/page-bundle'
import { DEMO_ACCOUNTS, startTestServer } from '../../tests/support/server'
import { joinRoom, pairMedia, signUp, waitForConnectedPairs, waitForParticipants, type PairMedia } from '../../tests/browser/call/group'
import { connectCall, openSide, type Side } from '../../tests/browser/call/two-pages'

const { values } = parseArgs({
  options: {
    people: { type: 'string', default: '4' },
    seconds: { type: 'string', default: '10' }
  }
})
const PEOPLE = Math.max(2, Number(values.people))
const SECONDS = Math.max(2, Number(values.seconds))
/** After everyone is connected: WebRTC's bandwidth estimate climbs for a few seconds. */
const WARM_UP_MS = 8_000

interface ProcessInfo {
  type: string
  id: number
  cpuTime: number
}

/** CPU seconds of the page's renderer process so far (Performance.getMetrics' ProcessTime). */
async function rendererCpuSeconds(side: Side): Promise<number> {
  const session = await side.context.newCDPSession(side.page)
  try {
    await session.send('Performance.enable')
    const { metrics } = await session.send('Performance.getMetrics')
    const processTime = metrics.find((metric) => metric.name === 'ProcessTime')
    if (!processTime) throw new Error('this Chromium reports no ProcessTime metric')
    return processTime.value
  } finally {
    await session.detach()
  }
}

const sum = (pairs: PairMedia[], key: keyof PairMedia): number => pairs.reduce((total, pair) => total + pair[key], 0)
const kbps = (bytes: number, seconds: number): string => ((bytes * 8) / 1000 / seconds).toFixed(0).padStart(6)

async function main(): Promise<void> {
  const extra = Array.from({ length: Math.max(0, PEOPLE - DEMO_ACCOUNTS.length) }, (_, index) => ({
    name: `Guest Number${index + 1}`,
    email: `group-${index + 1}@example.com`,
    password: `group-password-${index + 1}`
  }))
  const [server, bundle, browser] = await Promise.all([
    startTestServer({ roomMemberLimit: PEOPLE }),
    buildTestPage(path.join(import.meta.dirname, '../../tests/browser/call/page')),
    launchChromium()
  ])
  try {
    for (const account of extra) await signUp(server, account)
    const world = { server, bundle, browser }
    const sides: Side[] = await Promise.all([
      ...DEMO_ACCOUNTS.slice(0, Math.min(PEOPLE, DEMO_ACCOUNTS.length)).map((account) => openSide(world, account.username)),
      ...extra.map((account) => openSide(world, account.email, { password: account.password }))
    ])
    const [first, second, ...rest] = sides as [Side, Side, ...Side[]]
    const room = await connectCall(first, second)
    for (const side of rest) await joinRoom(side, first, room)
    await Promise.all(sides.map((side) => waitForParticipants(side, PEOPLE - 1)))
    await Promise.all(sides.map((side) => waitForConnectedPairs(side, PEOPLE - 1)))
    console.log(`\n== ${PEOPLE} people in one p2p mesh: ${PEOPLE - 1} connections each; warming up ${WARM_UP_MS / 1000} s, then ${SECONDS} s measured ==`)
    await new Promise((resolve) => setTimeout(resolve, WARM_UP_MS))

    const cdp = await browser.newBrowserCDPSession()
    const processes = async (): Promise<ProcessInfo[]> => ((await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: ProcessInfo[] }).processInfo
    const [mediaBefore, cpuBefore, rendererBefore] = await Promise.all([Promise.all(sides.map(pairMedia)), processes(), Promise.all(sides.map(rendererCpuSeconds))])
    const startedAt = performance.now()
    await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000))
    const [mediaAfter, cpuAfter, rendererAfter] = await Promise.all([Promise.all(sides.map(pairMedia)), processes(), Promise.all(sides.map(rendererCpuSeconds))])
    const elapsed = (performance.now() - startedAt) / 1000

    console.log('client        uplink kbps  (per pair)            downlink kbps  frames decoded/s  renderer CPU (cores)')
    for (const [index, side] of sides.entries()) {
      const before = mediaBefore[index]!
      const after = mediaAfter[index]!
      const perPair = after.map((pair, pairIndex) => kbps(pair.bytesSent - (before[pairIndex]?.bytesSent ?? 0), elapsed).trim()).join(' / ')
      const sent = sum(after, 'bytesSent') - sum(before, 'bytesSent')
      const received = sum(after, 'bytesReceived') - sum(before, 'bytesReceived')
      const frames = (sum(after, 'framesDecoded') - sum(before, 'framesDecoded')) / elapsed
      const cpu = (rendererAfter[index]! - rendererBefore[index]!) / elapsed
      console.log(`${side.profile.username.padEnd(12)} ${kbps(sent, elapsed)}       (${perPair})`.padEnd(48) + `${kbps(received, elapsed)}         ${frames.toFixed(1).padStart(6)}            ${cpu.toFixed(2)}`)
    }
    console.log(`machine load average at the end: ${loadavg()[0]!.toFixed(1)} (figures are only comparable on an idle machine)`)
    console.log('every Chromium process, CPU (cores busy, 1.00 = one core all the time):')
    for (const process of cpuAfter) {
      const earlier = cpuBefore.find((candidate) => candidate.id === process.id)
      if (!earlier) continue
      console.log(`  ${process.type.padEnd(10)} pid ${String(process.id).padEnd(8)} ${((process.cpuTime - earlier.cpuTime) / elapsed).toFixed(2)}`)
    }
    const renderers = cpuAfter.filter((process) => process.type === 'renderer')
    const rendererCpu = renderers.reduce((total, process) => total + process.cpuTime - (cpuBefore.find((candidate) => candidate.id === process.id)?.cpuTime ?? process.cpuTime), 0) / elapsed
    console.log(`renderer processes: ${renderers.length}, together ${rendererCpu.toFixed(2)} cores, ${(rendererCpu / PEOPLE).toFixed(2)} per client`)
  } finally {
    await browser.close()
    await bundle.dispose()
    await server.stop()
  }
}

await main()

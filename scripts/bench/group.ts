// Group-call benchmark (npm run bench:group): printed figures, not pass/fail tests.
//
// The same number of people (default 4) in one call twice in one run, side by side:
//   - p2p mesh: each a Chromium page running the app's call controller against the reference
//     server (as in tests/browser/call/p2p-mesh.test.ts); each sends one copy of its camera
//     and microphone per other member;
//   - Janus: each a page running the app's janus engine in one room of a real Janus started on
//     loopback (as in tests/browser/call/janus.test.ts); each sends once.
// For each client, over a measured window after a warm-up (WebRTC's bitrate ramps up): what it
// sends (uplink, audio and video), and the CPU of its Chromium renderer process, where WebRTC
// encodes and decodes. And the join time of the third person in the mesh: from the call
// controller's invite() to the third person receiving moving media from both others (the
// invitee accepts the moment the server has the ring: no human answer time).
//
// Usage: scripts/run-in-netns.sh npx tsx scripts/bench/group.ts [--people 4] [--warmup 6] [--seconds 8]
import { loadavg } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import type { Page } from 'playwright-core'
import type { Profile } from '../../common/api'
import { joinRoom, pairMedia, signUp, waitForConnectedPairs, waitForParticipants } from '../../tests/browser/call/group'
import { connectCall, openSide, waitForPhase, type Side } from '../../tests/browser/call/two-pages'
import { launchChromium } from '../../tests/support/chromium'
import { closeGroup, joinGroup, openGroup, waitForEveryVideo } from '../../tests/support/browser/janus-group'
import { buildTestPage } from '../../tests/support/browser/page-bundle'
import { waitForFirstRemoteFrame } from '../../tests/support/harness/media-probe'
import { janusTestsCanRun, startJanusServer } from '../../tests/support/janus-server'
import { DEMO_ACCOUNTS, startTestServer, type TestServer } from '../../tests/support/server'
import { pageCpuSeconds, processCpuSeconds } from './process-cpu'

const { values } = parseArgs({
  options: {
    people: { type: 'string', default: '4' },
    warmup: { type: 'string', default: '6' },
    seconds: { type: 'string', default: '8' }
  }
})
const PEOPLE = Math.max(3, Number(values.people))
const WARMUP_MS = Math.max(0, Number(values.warmup)) * 1000
const WINDOW_S = Math.max(2, Number(values.seconds))

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** What a page has sent so far on its live connections (all kinds), and the largest video frame it sends. */
function sent(page: Page): Promise<{ bytes: number; width: number; height: number }> {
  return page.evaluate(async () => {
    const probe = (window as unknown as { __mediaProbe: { connections: RTCPeerConnection[] } }).__mediaProbe
    const total = { bytes: 0, width: 0, height: 0 }
    for (const pc of probe.connections) {
      if (pc.connectionState === 'closed') continue
      ;(await pc.getStats()).forEach((entry: Record<string, unknown>) => {
        if (entry.type !== 'outbound-rtp') return
        total.bytes += Number(entry.bytesSent ?? 0)
        if (entry.kind === 'video' && Number(entry.frameWidth ?? 0) > total.width) {
          total.width = Number(entry.frameWidth)
          total.height = Number(entry.frameHeight ?? 0)
        }
      })
    }
    return total
  })
}

interface ClientFigures {
  uplinkKbps: number
  rendererCpu: number
  sentSize: string
}

/** Each page's uplink and renderer CPU per second over the measured window, after the warm-up. */
async function measure(pages: Page[]): Promise<ClientFigures[]> {
  await sleep(WARMUP_MS)
  const read = () => Promise.all(pages.map(async (page) => ({ sent: await sent(page), cpu: await pageCpuSeconds(page) })))
  const before = await read()
  const startedAt = performance.now()
  await sleep(WINDOW_S * 1000)
  const after = await read()
  const elapsed = (performance.now() - startedAt) / 1000
  return after.map((end, index) => ({
    uplinkKbps: ((end.sent.bytes - before[index]!.sent.bytes) * 8) / 1000 / elapsed,
    rendererCpu: (end.cpu - before[index]!.cpu) / elapsed,
    sentSize: end.sent.width > 0 ? `${end.sent.width}x${end.sent.height}` : 'none'
  }))
}

/** Epoch ms when every one of the page's `count` pairs has received video frames and audio energy. */
async function mediaFromAll(side: Side, count: number): Promise<number> {
  await waitForConnectedPairs(side, count)
  for (;;) {
    const pairs = await pairMedia(side)
    if (pairs.length === count && pairs.every((pair) => pair.framesDecoded > 0 && pair.audioEnergy > 0)) return Date.now()
    await sleep(50)
  }
}

interface JoinTimes {
  /** invite() → the server has the ring. */
  rungMs: number
  /** invite() → the first frame from anyone painted on the invitee's page. */
  firstFrameMs: number
  /** invite() → video and audio arriving from both others. */
  allMediaMs: number
}

/** The first person invites `third` with the call controller; `third` answers once the server has the ring. */
async function inviteThird(server: TestServer, first: Side, third: Side, room: string): Promise<JoinTimes> {
  const since = Date.now()
  const invitedAt = await first.page.evaluate(
    (person: Profile) => {
      const at = performance.timeOrigin + performance.now()
      window.callTest.controller!.invite(person)
      return at
    },
    third.profile
  )
  let rungAt = 0
  while (!rungAt) {
    const ring = server.audit.list('video_call').find((entry) => entry.at >= since && entry.calleeProfileId === third.profile.id && !entry.missed && entry.room === room)
    if (ring) rungAt = Date.now()
    else await sleep(10)
  }
  const callerIdentity = await first.page.evaluate(async () => {
    const token = await window.shoutit.invoke('video:getToken', { minValidSeconds: 0 })
    return token.ok ? token.value.identity : ''
  })
  await third.page.evaluate(({ ring }) => void window.callTest.ready.then((controller) => controller.answer(ring)), {
    ring: { room, callerIdentity, caller: first.profile }
  })
  const [firstFrameAt, allMediaAt] = await Promise.all([waitForFirstRemoteFrame(third.page, 60_000), mediaFromAll(third, 2)])
  return { rungMs: rungAt - invitedAt, firstFrameMs: firstFrameAt - invitedAt, allMediaMs: allMediaAt - invitedAt }
}

async function meshRun(browser: Awaited<ReturnType<typeof launchChromium>>): Promise<{ figures: ClientFigures[]; names: string[]; join: JoinTimes }> {
  const extra = Array.from({ length: Math.max(0, PEOPLE - DEMO_ACCOUNTS.length) }, (_, index) => ({
    name: `Guest Number${index + 1}`,
    email: `group-${index + 1}@example.com`,
    password: `group-password-${index + 1}`
  }))
  const [server, bundle] = await Promise.all([startTestServer({ roomMemberLimit: PEOPLE }), buildTestPage(path.join(import.meta.dirname, '../../tests/browser/call/page'))])
  try {
    for (const account of extra) await signUp(server, account)
    const world = { server, bundle, browser }
    const sides: Side[] = await Promise.all([
      ...DEMO_ACCOUNTS.slice(0, Math.min(PEOPLE, DEMO_ACCOUNTS.length)).map((account) => openSide(world, account.username)),
      ...extra.map((account) => openSide(world, account.email, { password: account.password }))
    ])
    const [first, second, third, ...rest] = sides as [Side, Side, Side, ...Side[]]
    const room = await connectCall(first, second)
    await waitForConnectedPairs(first, 1)
    const join = await inviteThird(server, first, third, room)
    await waitForPhase(third, 'in-call')
    for (const side of rest) await joinRoom(side, first, room)
    await Promise.all(sides.map((side) => waitForParticipants(side, PEOPLE - 1)))
    await Promise.all(sides.map((side) => waitForConnectedPairs(side, PEOPLE - 1)))
    const figures = await measure(sides.map((side) => side.page))
    for (const side of sides) await side.context.close()
    return { figures, names: sides.map((side) => side.profile.username), join }
  } finally {
    await server.stop()
    await bundle.dispose()
  }
}

async function janusRun(browser: Awaited<ReturnType<typeof launchChromium>>): Promise<{ figures: ClientFigures[]; janusCpu: number } | null> {
  if (!janusTestsCanRun('the Janus half of bench:group')) return null
  const [janus, bundle] = await Promise.all([startJanusServer(), buildTestPage(path.join(import.meta.dirname, '../../tests/browser/call/janus-page'))])
  const server = await startTestServer({ roomMemberLimit: PEOPLE, janus: { url: janus.url, tokenSecret: janus.tokenSecret, adminKey: janus.adminKey } })
  const members = await openGroup({ server, bundle, browser }, PEOPLE)
  try {
    await joinGroup(server, members, `group-bench-${process.pid}`)
    await waitForEveryVideo(members)
    const janusBefore = processCpuSeconds(janus.pid)
    const startedAt = performance.now()
    const figures = await measure(members.map((member) => member.page))
    const janusCpu = (processCpuSeconds(janus.pid) - janusBefore) / ((performance.now() - startedAt) / 1000)
    return { figures, janusCpu }
  } finally {
    await closeGroup(members)
    await server.stop()
    await janus.stop()
    await bundle.dispose()
  }
}

async function main(): Promise<void> {
  const runStartedAt = performance.now()
  const browser = await launchChromium()
  try {
    console.log(`\n== ${PEOPLE} people in one call: p2p mesh, then Janus; each ${WARMUP_MS / 1000} s of warm-up, then ${WINDOW_S} s measured ==`)
    const mesh = await meshRun(browser)
    const janus = await janusRun(browser)
    const cell = (figures: ClientFigures | undefined) =>
      figures ? `${figures.uplinkKbps.toFixed(0).padStart(6)} kbit/s  ${figures.rendererCpu.toFixed(2).padStart(5)}  ${figures.sentSize.padEnd(9)}` : '(not run)'.padEnd(32)
    console.log(`${''.padEnd(10)}  ${'p2p mesh'.padEnd(32)}  Janus`)
    console.log(`${'client'.padEnd(10)}  ${'uplink        CPU    sends'.padEnd(32)}  uplink        CPU    sends`)
    for (const [index, name] of mesh.names.entries()) console.log(`${`${index + 1} ${name}`.padEnd(10).slice(0, 10)}  ${cell(mesh.figures[index])}  ${cell(janus?.figures[index])}`)
    const total = (figures: ClientFigures[] | undefined, key: 'uplinkKbps' | 'rendererCpu') => (figures ?? []).reduce((sum, client) => sum + client[key], 0)
    console.log(
      `${'together'.padEnd(10)}  ${total(mesh.figures, 'uplinkKbps').toFixed(0).padStart(6)} kbit/s  ${total(mesh.figures, 'rendererCpu').toFixed(2).padStart(5)}           ` +
        (janus ? `${total(janus.figures, 'uplinkKbps').toFixed(0).padStart(6)} kbit/s  ${total(janus.figures, 'rendererCpu').toFixed(2).padStart(5)}  (+ Janus ${janus.janusCpu.toFixed(2)})` : '')
    )
    console.log('(uplink: audio + video sent, per second; CPU: the client\'s renderer process, CPU seconds per second; sends: the largest video frame sent)')
    console.log(
      `join time of the 3rd person (mesh): invite → server has the ring ${mesh.join.rungMs.toFixed(0)} ms, → first frame painted ${mesh.join.firstFrameMs.toFixed(0)} ms, → video and audio from both others ${mesh.join.allMediaMs.toFixed(0)} ms`
    )
    console.log(`run took ${((performance.now() - runStartedAt) / 1000).toFixed(0)} s; machine load average at the end: ${loadavg()[0]!.toFixed(1)} (figures compare only on an idle machine)`)
  } finally {
    await browser.close()
  }
}

await main()

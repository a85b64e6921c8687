// Where the pages' main threads go during one call's setup: a CPU profile of alice's and
// bob's main windows (Chrome DevTools protocol) from alice's click until both see the other,
// bob accepting on ring as in bench:e2e. Prints the functions with the most self time
// between those moments, and saves the profiles for chrome://inspect or DevTools.
//
// Usage: scripts/run-in-netns.sh npx tsx scripts/bench/profile-call.ts [--out dir]
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import type { CDPSession, Page } from 'playwright-core'
import { acceptOnRing, DISPLAY_NAMES, hangUpAndClose, pressCall } from '../../tests/support/harness/calls'
import { launchChromium } from '../../tests/support/chromium'
import type { TestClient } from '../../tests/support/harness/client'
import { Harness } from '../../tests/support/harness/harness'
import { resetProbe, waitForFirstRemoteFrame } from '../../tests/support/harness/media-probe'
import { serveFreshRenderer } from '../../tests/support/harness/renderer-build'

const { values } = parseArgs({ options: { out: { type: 'string', default: 'profiles' } } })

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}
interface Profile {
  nodes: ProfileNode[]
  startTime: number
  endTime: number
  samples: number[]
  timeDeltas: number[]
}

async function startProfiling(page: Page): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Profiler.enable')
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 })
  await cdp.send('Profiler.start')
  return cdp
}

/** Self time per function (ms), over the whole profile. */
function selfTimes(profile: Profile): Array<{ name: string; ms: number }> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const totals = new Map<string, number>()
  profile.samples.forEach((id, index) => {
    const node = byId.get(id)
    if (!node) return
    const { functionName, url, lineNumber } = node.callFrame
    const name = `${functionName || '(anonymous)'} ${url ? `${path.basename(url)}:${lineNumber + 1}` : ''}`.trim()
    totals.set(name, (totals.get(name) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000)
  })
  return [...totals].map(([name, ms]) => ({ name, ms })).sort((a, b) => b.ms - a.ms)
}

async function oneCall(alice: TestClient, bob: TestClient): Promise<number> {
  await Promise.all([resetProbe(alice.page), resetProbe(bob.page)])
  const clickedAt = await pressCall(alice, DISPLAY_NAMES.bob)
  const frames = await Promise.all([waitForFirstRemoteFrame(alice.page, 30_000), waitForFirstRemoteFrame(bob.page, 30_000)])
  await hangUpAndClose(alice, bob)
  return Math.max(...frames) - clickedAt
}

async function main(): Promise<void> {
  const renderer = await serveFreshRenderer()
  const browser = await launchChromium()
  const harness = await Harness.start({ rendererUrl: renderer.url, browser })
  try {
    const [alice, bob] = await Promise.all([harness.signedInClient('alice'), harness.signedInClient('bob')])
    const stop = acceptOnRing(bob)
    await oneCall(alice, bob)
    const sessions = await Promise.all([startProfiling(alice.page), startProfiling(bob.page)])
    const setupMs = await oneCall(alice, bob)
    stop()
    mkdirSync(values.out, { recursive: true })
    console.log(`call setup (both sides): ${setupMs.toFixed(0)} ms; profiles cover the whole call, hang-up included`)
    for (const [name, cdp] of [['alice', sessions[0]], ['bob', sessions[1]]] as const) {
      const { profile } = (await cdp.send('Profiler.stop')) as { profile: Profile }
      const file = path.join(values.out, `${name}.cpuprofile`)
      writeFileSync(file, JSON.stringify(profile))
      const busy = selfTimes(profile).filter((entry) => entry.name !== '(idle)' && entry.name !== '(program)')
      console.log(`\n${name}: ${busy.reduce((sum, entry) => sum + entry.ms, 0).toFixed(0)} ms of script (saved ${file}); most self time:`)
      for (const entry of busy.slice(0, 15)) console.log(`  ${entry.ms.toFixed(1).padStart(7)} ms  ${entry.name}`)
    }
  } finally {
    await harness.stop()
    await browser.close()
    await renderer.close()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
